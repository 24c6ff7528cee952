/**
 * The fragment input: the `#heavyai=` link (or `#heavyai-code=` one-time code)
 * of the URL the document was loaded with, taken out of the URL at once and
 * held until the hand-off plugin asks for it. A fragment that appears later
 * (`hashchange`) is removed and reported instead: any page holding a handle to
 * this window can set its URL, so a late fragment says nothing about who sent
 * it. No JupyterLab imports.
 */
import {
  linkArrival,
  takeFragmentHandoff,
  takeHandoffCode,
  takeRefusedLinkMark,
  type FragmentHandoff
} from './fragment-handoff';
import type { ILinkArrival } from './fragment-trust';

/** A `#heavyai=` fragment found in the URL the document was loaded with. */
export type LoadFragment = Exclude<FragmentHandoff, { found: false }> & {
  /** Where the browser says the document was opened from (see `linkArrival`). */
  arrival: ILinkArrival;
};

/**
 * Holds the fragment found at load until the hand-off plugin asks for it, and removes and reports
 * fragments set later.
 */
export class FragmentInput {
  constructor(private readonly _window: Window) {
    this.linkSettled = new Promise(resolve => (this._settle = resolve));
    this.firstLateFragment = new Promise(
      resolve => (this._firstLate = resolve)
    );
  }

  /**
   * Resolves when the first fragment set after load has been removed; it is still delivered to
   * `onLateFragment` (counted until a receiver is there).
   */
  readonly firstLateFragment: Promise<void>;

  /**
   * The load-time fragment waiting for `onFragment` (undefined when none does), left there: the
   * deep link's prefetch reads it.
   */
  get pending(): LoadFragment | undefined {
    return this._pending;
  }

  /**
   * Resolves once the load-time link has been taken, refused or declined (at
   * once when the document was loaded without one), so that what is built
   * from the session (the `?heavyai` workspace) uses the link's session and
   * not the one it replaces.
   */
  readonly linkSettled: Promise<void>;

  /** Whether the site's root page dropped a session fragment instead of forwarding it. */
  get refusedAtRoot(): boolean {
    return this._refusedAtRoot;
  }

  /**
   * Take the load-time fragment out of the URL and watch for late ones.
   * Returns the one-time code the page was opened with, if any (the message
   * input redeems it).
   */
  install(): string | undefined {
    const atLoad = takeFragmentHandoff(this._window);
    this._pending = atLoad.found
      ? { ...atLoad, arrival: linkArrival(this._window) }
      : undefined;
    if (!this._pending) {
      this.settleLink();
    }
    this._refusedAtRoot = takeRefusedLinkMark(this._window);
    const code = takeHandoffCode(this._window);
    this._window.addEventListener('hashchange', this._onHashChange);
    return code;
  }

  /** Receive the load-time fragment, if there was one (delivered at most once). */
  onFragment(receiver: (handoff: LoadFragment) => void): void {
    const handoff = this._pending;
    this._pending = undefined;
    if (handoff) {
      receiver(handoff);
    }
  }

  /** Say that the load-time link has been dealt with (see `linkSettled`). */
  settleLink(): void {
    this._settle();
  }

  /** Called for each ignored late fragment, including those seen before this call. */
  onLateFragment(receiver: () => void): void {
    this._lateReceiver = receiver;
    for (; this._lateCount > 0; this._lateCount--) {
      receiver();
    }
  }

  /** Stop watching and forget a fragment nobody asked for. */
  dispose(): void {
    this._window.removeEventListener('hashchange', this._onHashChange);
    this._pending = undefined;
    this._lateReceiver = undefined;
    this._lateCount = 0;
    this.settleLink();
  }

  private _onHashChange = (): void => {
    const late = takeFragmentHandoff(this._window);
    takeHandoffCode(this._window);
    takeRefusedLinkMark(this._window);
    if (!late.found) {
      return;
    }
    this._firstLate();
    if (this._lateReceiver) {
      this._lateReceiver();
    } else {
      this._lateCount++;
    }
  };

  private _pending: LoadFragment | undefined;
  private _refusedAtRoot = false;
  private _settle: () => void = () => undefined;
  private _firstLate: () => void = () => undefined;
  private _lateCount = 0;
  private _lateReceiver: (() => void) | undefined;
}
