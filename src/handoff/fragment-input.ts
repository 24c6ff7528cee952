/**
 * The fragment input: the `#heavyai=` link (or `#heavyai-code=` one-time code)
 * of the URL the document was loaded with, taken out of the URL at once and
 * held until the hand-off plugin asks for it. A fragment that appears later
 * (`hashchange`) is removed and reported instead: any page holding a handle to
 * this window can set its URL, so a late fragment says nothing about who sent
 * it. No JupyterLab imports.
 */
import {
  arrivalOrigin,
  takeFragmentHandoff,
  takeHandoffCode,
  type FragmentHandoff
} from './fragment-handoff';

/** A `#heavyai=` fragment found in the URL the document was loaded with. */
export type LoadFragment = Exclude<FragmentHandoff, { found: false }> & {
  /** The page the document was opened from, when the browser tells (see `arrivalOrigin`). */
  arrivedFrom: string | undefined;
};

/**
 * Holds the fragment found at load until the hand-off plugin asks for it, and removes and reports
 * fragments set later.
 */
export class FragmentInput {
  constructor(private readonly _window: Window) {}

  /**
   * Take the load-time fragment out of the URL and watch for late ones.
   * Returns the one-time code the page was opened with, if any (the message
   * input redeems it).
   */
  install(): string | undefined {
    const atLoad = takeFragmentHandoff(this._window);
    this._pending = atLoad.found
      ? { ...atLoad, arrivedFrom: arrivalOrigin(this._window) }
      : undefined;
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
  }

  private _onHashChange = (): void => {
    const late = takeFragmentHandoff(this._window);
    takeHandoffCode(this._window);
    if (!late.found) {
      return;
    }
    if (this._lateReceiver) {
      this._lateReceiver();
    } else {
      this._lateCount++;
    }
  };

  private _pending: LoadFragment | undefined;
  private _lateCount = 0;
  private _lateReceiver: (() => void) | undefined;
}
