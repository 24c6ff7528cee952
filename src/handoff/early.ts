/**
 * Starts the hand-off inputs that must exist before JupyterLab starts: the
 * fragment input and the message input. It runs when the application loads
 * our package, before the router restores or rewrites the URL and before the
 * layout is restored. Nothing starts when the page configuration disables a
 * plugin the inputs feed (`disabledExtensions`), so a disabled hand-off never
 * announces itself, listens or holds data; inputs started for a plugin that
 * then fails to activate are stopped with `dispose`. No JupyterLab imports.
 */
import { PluginIDs } from '../ids';
import { pageHeavyAIConfig } from '../site-config';
import { FragmentInput } from './fragment-input';
import { MessageHandoff } from './message-input';

/**
 * The plugins the inputs feed: the hand-off plugin, and the config plugin it
 * reads the site's settings from. With either disabled the inputs would have
 * no one to deliver to.
 */
export const EARLY_PLUGIN_IDS: readonly string[] = [
  PluginIDs.handoff,
  PluginIDs.config
];

/** The hand-off inputs started before JupyterLab, handed to the hand-off plugin to connect. */
export interface IEarlyHandoff {
  readonly fragments: FragmentInput;
  readonly messages: MessageHandoff;
  /** Stop both inputs and drop what they hold. */
  dispose(): void;
}

/**
 * Start both inputs, unless `isDisabled` (JupyterLab's
 * `PageConfig.Extension.isDisabled`: a plugin id or its package name in
 * `disabledExtensions`) says a plugin they feed is disabled.
 */
export function startEarlyHandoff(
  win: Window,
  isDisabled: (pluginId: string) => boolean
): IEarlyHandoff | undefined {
  if (EARLY_PLUGIN_IDS.some(id => isDisabled(id))) {
    return undefined;
  }
  const { config } = pageHeavyAIConfig(win.document);
  const fragments = new FragmentInput(win);
  const code = fragments.install();
  const messages = new MessageHandoff(win, config);
  messages.install(code);
  return {
    fragments,
    messages,
    dispose() {
      fragments.dispose();
      messages.dispose();
    }
  };
}
