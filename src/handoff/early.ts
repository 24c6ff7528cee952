/**
 * Starts the hand-off inputs that must exist before JupyterLab starts: the
 * fragment input and the message input. It runs when the application loads
 * our package, before the router restores or rewrites the URL and before the
 * layout is restored. Nothing starts when the page configuration disables a
 * plugin the inputs feed (`disabledExtensions`), so a disabled hand-off never
 * announces itself, listens or holds data; inputs started for a plugin that
 * then fails to activate are stopped with `dispose`. No JupyterLab imports.
 *
 * The message input's code loads on its own, and only on a page with a parent
 * or opener (only those can send a message): a page opened on its own does
 * not download it. Until it is there, a listener added here at once holds
 * what the parent or opener sends, and the input then takes those messages in
 * the order they came.
 */
import { PluginIDs } from '../ids';
import { FragmentInput } from './fragment-input';
import { hostWindows } from './host-windows';
import type { MessageHandoff } from './message-input';

/**
 * The plugins the inputs feed: the hand-off plugin, and the config plugin it
 * reads the site's settings from. With either disabled the inputs would have
 * no one to deliver to.
 */
export const EARLY_PLUGIN_IDS: readonly string[] = [
  PluginIDs.handoff,
  PluginIDs.config
];

/**
 * How many messages are held while the input's code loads: a host window of any origin could
 * otherwise grow the list without bound before the input checks origins. Far more than a host
 * sends (the input itself keeps at most 16 until JupyterLab has started).
 */
export const MAX_HELD_MESSAGES = 64;

/** The hand-off inputs started before JupyterLab, handed to the hand-off plugin to connect. */
export interface IEarlyHandoff {
  readonly fragments: FragmentInput;
  /**
   * The message input, once its code has loaded; always undefined on a page without a parent
   * or opener, and after `dispose`.
   */
  readonly messages: MessageHandoff | undefined;
  /** Resolves with `messages` once it is there (undefined when it never will be). */
  readonly messagesReady: Promise<MessageHandoff | undefined>;
  /** Whether a parent or opener window is there to send or be asked for a session. */
  readonly hasHosts: boolean;
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
  const fragments = new FragmentInput(win);
  const code = fragments.install();
  const hosts = hostWindows(win);
  let messages: MessageHandoff | undefined;
  let disposed = false;
  // Only the parent's or opener's messages of our protocol are held, for as long as the input's
  // code takes to load; the input checks their origin and content when it takes them.
  const held: MessageEvent[] = [];
  const hold = (event: MessageEvent) => {
    const data: unknown = event.data;
    const type =
      typeof data === 'object' && data !== null
        ? (data as { type?: unknown }).type
        : undefined;
    if (
      typeof type === 'string' &&
      type.startsWith('heavyai:') &&
      hosts.includes(event.source as Window) &&
      held.length < MAX_HELD_MESSAGES
    ) {
      held.push(event);
    }
  };
  const stopHolding = () => {
    win.removeEventListener('message', hold);
    held.length = 0;
  };
  let messagesReady: Promise<MessageHandoff | undefined> =
    Promise.resolve(undefined);
  if (hosts.length > 0) {
    win.addEventListener('message', hold);
    // The site's settings (the origins allowed to send) are read with the input's code.
    messagesReady = Promise.all([
      import(/* webpackChunkName: "heavyai-handoff" */ './message-input'),
      import(/* webpackChunkName: "heavyai-handoff" */ '../site-config')
    ]).then(
      ([{ MessageHandoff }, { pageHeavyAIConfig }]) => {
        if (disposed) {
          return undefined;
        }
        const input = new MessageHandoff(
          win,
          pageHeavyAIConfig(win.document).config
        );
        const waiting = held.splice(0);
        stopHolding();
        input.install(code);
        for (const event of waiting) {
          input.receive(event);
        }
        messages = input;
        return input;
      },
      (error: unknown) => {
        stopHolding();
        console.error(
          'HeavyAI: the hand-off message input could not load.',
          error
        );
        return undefined;
      }
    );
  }
  return {
    fragments,
    get messages() {
      return messages;
    },
    messagesReady,
    hasHosts: hosts.length > 0,
    dispose() {
      disposed = true;
      fragments.dispose();
      stopHolding();
      messages?.dispose();
      messages = undefined;
    }
  };
}
