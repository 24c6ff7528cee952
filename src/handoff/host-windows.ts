/**
 * The windows allowed to hand this page a session: the page embedding it and
 * the page that opened it. No JupyterLab imports.
 */

/** The embedding page and the opener, when there are any (a page opened on its own has neither). */
export function hostWindows(win: Window): Window[] {
  const hosts: Window[] = [];
  if (win.parent && win.parent !== win) {
    hosts.push(win.parent);
  }
  if (win.opener) {
    hosts.push(win.opener as Window);
  }
  return hosts;
}
