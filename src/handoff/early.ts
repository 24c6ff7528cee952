/**
 * The hand-off inputs that must exist before JupyterLab starts: this module
 * runs when the application first loads our package, which is before the
 * router restores or rewrites the URL and before the layout is restored.
 * Kept small (contract modules only) so it adds nothing heavy to start-up.
 */
import { readHeavyAIConfig, type ParsedConfig } from '../contract/config';
import { takeFragmentHandoff, type FragmentHandoff } from './fragment-handoff';
import { MessageHandoff } from './message-listener';

export interface EarlyHandoff {
  readonly parsedConfig: ParsedConfig;
  readonly messages: MessageHandoff;
  /**
   * Receive fragment hand-offs: the one in the URL the page was opened with,
   * then any that arrive later (a host may set `iframe.src` to the same page
   * with a new fragment, which does not reload it).
   */
  onFragment(receiver: (handoff: Exclude<FragmentHandoff, { found: false }>) => void): void;
}

function pageConfigData(doc: Document): unknown {
  const element = doc.getElementById('jupyter-config-data');
  try {
    return element ? JSON.parse(element.textContent || '{}') : {};
  } catch {
    return {};
  }
}

let early: EarlyHandoff | undefined;

/** Start listening once per page; later calls return the same inputs. */
export function startEarlyHandoff(win: Window = window): EarlyHandoff {
  if (!early) {
    const parsedConfig = readHeavyAIConfig(pageConfigData(win.document));
    const pending: Exclude<FragmentHandoff, { found: false }>[] = [];
    let receiver: ((handoff: Exclude<FragmentHandoff, { found: false }>) => void) | undefined;
    const take = () => {
      const handoff = takeFragmentHandoff(win);
      if (handoff.found) {
        receiver ? receiver(handoff) : pending.push(handoff);
      }
    };
    take();
    win.addEventListener('hashchange', take);
    const messages = new MessageHandoff(win, parsedConfig.config);
    messages.install();
    early = {
      parsedConfig,
      messages,
      onFragment(callback) {
        receiver = callback;
        pending.splice(0).forEach(callback);
      }
    };
  }
  return early;
}
