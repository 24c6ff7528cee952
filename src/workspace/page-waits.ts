/**
 * Bounded waits of the deep link on what only the page shows: JupyterLab's theme (JupyterLite loads
 * its style sheet after the restore and covers the page with its splash screen meanwhile). No
 * JupyterLab imports; the conditions read the DOM.
 */

/** A condition on the page, and a way to hear when it may have changed. */
export interface IPageCondition {
  met(): boolean;
  /** Call `onChange` on each change until the returned function is called. */
  watch(onChange: () => void): () => void;
}

/**
 * Resolves 'met' once the condition holds (at once if it already does), or 'timed-out' after
 * `capMs`: what never happens must not hold the workspace back for good.
 */
export function whenMet(
  condition: IPageCondition,
  capMs: number
): Promise<'met' | 'timed-out'> {
  if (condition.met()) {
    return Promise.resolve('met');
  }
  return new Promise(resolve => {
    const finish = (outcome: 'met' | 'timed-out') => {
      clearTimeout(timer);
      unwatch();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timed-out'), capMs);
    const unwatch = condition.watch(() => {
      if (condition.met()) {
        finish('met');
      }
    });
  });
}

/** `met` whenever `node`'s attribute `name` changes, watched with a MutationObserver. */
function attributeCondition(
  node: HTMLElement,
  name: string,
  met: () => boolean
): IPageCondition {
  return {
    met,
    watch: onChange => {
      const observer = new MutationObserver(onChange);
      observer.observe(node, { attributes: true, attributeFilter: [name] });
      return () => observer.disconnect();
    }
  };
}

/**
 * The theme is applied: JupyterLab's theme manager sets `data-jp-theme-name` on `<body>` once the
 * theme's style sheet has loaded (extensions' style sheets key on the same attributes).
 */
export function themeApplied(body: HTMLElement): IPageCondition {
  return attributeCondition(
    body,
    'data-jp-theme-name',
    () => !!body.dataset.jpThemeName
  );
}
