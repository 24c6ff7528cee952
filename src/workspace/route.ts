/**
 * The deep link `?heavyai` (any spelling the contract allows): after the
 * app is restored, remove it from the address bar first — so a reload
 * restores the workspace instead of creating a second one — then wait for
 * the session for a while and create the workspace.
 */
import type { SessionRecord } from '../contract/endpoint';
import { isHeavyAIRoute, stripRouteParam } from '../contract/route';
import type { IHeavyAISessionManager } from '../tokens';

/** Take the route flag out of the URL; true when it was there. */
export function consumeRoute(win: Window): boolean {
  const { search, pathname, hash } = win.location;
  if (!isHeavyAIRoute(search)) {
    return false;
  }
  win.history.replaceState(win.history.state, '', `${pathname}${stripRouteParam(search)}${hash}`);
  return true;
}

/**
 * JupyterLab's reset-on-load navigates to the URL it captured (with the
 * flag, minus `reset`) once the state DB is cleared, which can land after
 * our strip: keep the flag out for a while, without handling it again.
 */
export function keepRouteStripped(win: Window, ms: number): () => void {
  const strip = () => void consumeRoute(win);
  const timer = setInterval(strip, 200);
  const stop = () => clearInterval(timer);
  setTimeout(stop, ms);
  return () => (strip(), stop());
}

/** The session, waiting up to `ms` for one to arrive. */
export async function waitForSession(manager: IHeavyAISessionManager, ms: number): Promise<SessionRecord | undefined> {
  const current = await manager.getSession();
  if (current || ms <= 0) {
    return current;
  }
  return new Promise(resolve => {
    const done = (record: SessionRecord | undefined) => {
      clearTimeout(timer);
      manager.changed.disconnect(onChange);
      resolve(record);
    };
    const onChange = (_: unknown, record: SessionRecord | undefined) => record && done(record);
    const timer = setTimeout(() => void manager.getSession().then(done), ms);
    manager.changed.connect(onChange);
  });
}
