/**
 * The deep link `?heavyai` (any spelling the contract allows). The flag is
 * taken out of the address bar when our package loads — before JupyterLab's
 * router or its `reset` handling copy the URL — so neither a reload nor the
 * reset navigation brings it back and a reload restores the workspace
 * instead of creating a second one. The workspace plugin asks, after the
 * app is restored, whether the page was opened with it; the deep link then
 * waits for its session with wait-for-session.ts.
 */
import type { ISessionRecord } from '../store/record';
import { isHeavyAIRoute, stripRouteParam } from './route-param';

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
