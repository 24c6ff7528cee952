/**
 * The deep link `?heavyai` (any spelling the contract allows). The flag is
 * taken out of the address bar when our package loads — before JupyterLab's
 * router or its `reset` handling copy the URL — so neither a reload nor the
 * reset navigation brings it back and a reload restores the workspace
 * instead of creating a second one. The workspace plugin asks, after the
 * app is restored, whether the page was opened with it.
 */
import type { ISessionRecord } from '../store/record';
import { isHeavyAIRoute, stripRouteParam } from './route-param';
import type { IHeavyAISessionManager } from '../tokens';

let requested: boolean | undefined;

/** Whether this page was opened with the flag; the first call removes it from the URL. */
export function takeRouteFlag(win: Window): boolean {
  if (requested === undefined) {
    const { search, pathname, hash } = win.location;
    requested = isHeavyAIRoute(search);
    if (requested) {
      win.history.replaceState(
        win.history.state,
        '',
        `${pathname}${stripRouteParam(search)}${hash}`
      );
    }
  }
  return requested;
}

/** Whether the flag was taken from this page's address (see `takeRouteFlag`); never takes it. */
export function routeFlagTaken(): boolean {
  return requested === true;
}

/** The next session a manager announces, from when the listening started; `stop()` stops it. */
export interface IArrivingSession {
  readonly record: Promise<ISessionRecord>;
  stop(): void;
}

/**
 * The session, waiting up to `ms` for one to arrive. Rejects when the
 * manager fails (a custom manager may throw): the caller must tell the user,
 * never wait forever.
 */
export async function waitForSession(
  manager: IHeavyAISessionManager,
  ms: number
): Promise<ISessionRecord | undefined> {
  const current = await manager.getSession();
  if (current || ms <= 0) {
    return current;
  }
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      manager.changed.disconnect(onChange);
    };
    const onChange = (_: unknown, record: ISessionRecord | undefined) => {
      if (record) {
        stop();
        resolve(record);
      }
    };
    const timer = setTimeout(() => {
      stop();
      manager.getSession().then(resolve, reject);
    }, ms);
    manager.changed.connect(onChange);
  });
}
