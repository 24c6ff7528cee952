/**
 * The hand-off inputs that must exist before JupyterLab starts: this module
 * runs when the application first loads our package, which is before the
 * router restores or rewrites the URL and before the layout is restored.
 * Kept small (wire modules only) so it adds nothing heavy to start-up.
 */
import { readHeavyAIConfig, type IParsedConfig } from '../site-config';
import {
  arrivalOrigin,
  takeFragmentHandoff,
  takeHandoffCode,
  type FragmentHandoff
} from './fragment-handoff';
import { MessageHandoff } from './message-listener';

/** A `#heavyai=` fragment found in the URL the document was loaded with. */
export type LoadFragment = Exclude<FragmentHandoff, { found: false }> & {
  /** The page the document was opened from, when the browser tells (see `arrivalOrigin`). */
  arrivedFrom: string | undefined;
};

export interface IEarlyHandoff {
  readonly parsedConfig: IParsedConfig;
  readonly messages: MessageHandoff;
  /**
   * Receive the fragment hand-off of the URL the document was loaded with
   * (called at most once). A fragment that appears later (`hashchange`) is
   * removed and reported to `onLateFragment` instead: any page holding a
   * handle to this window can set its URL, so a late fragment says nothing
   * about who sent it.
   */
  onFragment(receiver: (handoff: LoadFragment) => void): void;
  /** Called for each ignored late fragment (after `onFragment`'s receiver is set). */
  onLateFragment(receiver: () => void): void;
}

function pageConfigData(doc: Document): unknown {
  const element = doc.getElementById('jupyter-config-data');
  try {
    return element ? JSON.parse(element.textContent || '{}') : {};
  } catch {
    return {};
  }
}

let early: IEarlyHandoff | undefined;

/** Start listening once per page; later calls return the same inputs. */
export function startEarlyHandoff(win: Window = window): IEarlyHandoff {
  if (!early) {
    const parsedConfig = readHeavyAIConfig(pageConfigData(win.document));
    const atLoad = takeFragmentHandoff(win);
    let pending: LoadFragment | undefined = atLoad.found
      ? { ...atLoad, arrivedFrom: arrivalOrigin(win) }
      : undefined;
    const code = takeHandoffCode(win);
    let lateCount = 0;
    let lateReceiver: (() => void) | undefined;
    win.addEventListener('hashchange', () => {
      const late = takeFragmentHandoff(win);
      takeHandoffCode(win);
      if (late.found) {
        if (lateReceiver) {
          lateReceiver();
        } else {
          lateCount++;
        }
      }
    });
    const messages = new MessageHandoff(win, parsedConfig.config);
    messages.install(code);
    early = {
      parsedConfig,
      messages,
      onFragment(callback) {
        if (pending) {
          const handoff = pending;
          pending = undefined;
          callback(handoff);
        }
      },
      onLateFragment(callback) {
        lateReceiver = callback;
        for (; lateCount > 0; lateCount--) {
          callback();
        }
      }
    };
  }
  return early;
}
