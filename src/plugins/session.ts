/**
 * Wiring of the session hand-off: configuration, the session manager and its
 * registry, the hand-off sink, and the session commands. Logic lives in
 * wire/, site-config.ts, store/, handoff/ and session/; this file only connects them.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';

import { DEFAULT_SESSION_MANAGER_ID } from '../site-config';
import { recordFromPayload, type HandoffChannel } from '../store/record';
import type { ISessionPayload } from '../wire/payload';
import { validateSessionPayload } from '../wire/validate';
import { startEarlyHandoff, type LoadFragment } from '../handoff/early';
import { linkConfirmationReason } from '../handoff/fragment-trust';
import type { IHandoffSink } from '../handoff/message-listener';
import { StoreSessionManager } from '../session/default-manager';
import { SelectedSessionManager } from '../session/selected-manager';
import {
  MEMORY_STORAGE_OPTION,
  memoryStorageChosen,
  NOTHING_KEPT_NOTICE
} from '../store/memory-mode';
import { SessionStore } from '../store/session-store';
import {
  IHeavyAIConfig,
  IHeavyAISessionManager,
  IHeavyAISessionManagerRegistry
} from '../tokens';
import { confirmLinkedServer } from './confirm-link';
import { addSessionCommands, forgetSession } from './session-commands';

const configPlugin: JupyterFrontEndPlugin<IHeavyAIConfig> = {
  id: 'jupyterlite-heavyai:config',
  description: 'Reads the heavyai section of jupyter-lite.json.',
  autoStart: true,
  provides: IHeavyAIConfig,
  activate: () => {
    const { parsedConfig } = startEarlyHandoff();
    for (const warning of parsedConfig.warnings) {
      console.warn(`HeavyAI configuration: ${warning}`);
    }
    return parsedConfig;
  }
};

let managers: SelectedSessionManager | undefined;

const sessionManagerPlugin: JupyterFrontEndPlugin<IHeavyAISessionManager> = {
  id: DEFAULT_SESSION_MANAGER_ID,
  description:
    'Provides the HeavyAI session: the browser store, or the manager selected in jupyter-lite.json.',
  autoStart: true,
  requires: [IHeavyAIConfig],
  provides: IHeavyAISessionManager,
  activate: (app: JupyterFrontEnd, { config }: IHeavyAIConfig) => {
    // When the config loader already chose memory storage, one notice says it for everything;
    // the store's own notice (for sites without our loader) would only repeat it.
    const memoryOnly = memoryStorageChosen(
      PageConfig.getOption(MEMORY_STORAGE_OPTION)
    );
    if (memoryOnly) {
      void app.restored.then(() =>
        Notification.warning(NOTHING_KEPT_NOTICE, { autoClose: false })
      );
    }
    const store = new SessionStore({
      onPersistenceUnavailable: memoryOnly
        ? undefined
        : () =>
            Notification.warning(
              'The HeavyAI session is kept for this page only and is lost on reload: ' +
                'this browser does not let the site store data.',
              { autoClose: false }
            )
    });
    managers = new SelectedSessionManager({
      selectedId: config.sessionManagerId,
      fallback: new StoreSessionManager(store),
      whenPluginsActive: app.started,
      onMissing: id =>
        Notification.error(
          `The HeavyAI session manager "${id}" named in jupyter-lite.json is not installed; ` +
            'using the browser session store instead.',
          { autoClose: false }
        )
    });
    return managers;
  }
};

const registryPlugin: JupyterFrontEndPlugin<IHeavyAISessionManagerRegistry> = {
  id: 'jupyterlite-heavyai:session-manager-registry',
  description: 'Lets other extensions offer a HeavyAI session manager.',
  autoStart: true,
  requires: [IHeavyAISessionManager],
  provides: IHeavyAISessionManagerRegistry,
  activate: () => managers!
};

type Sink = IHandoffSink & {
  acceptSession(
    payload: ISessionPayload,
    senderOrigin: string,
    via?: HandoffChannel
  ): Promise<string | undefined>;
};

function handoffSink(
  manager: IHeavyAISessionManager,
  { config }: IHeavyAIConfig,
  ready: Promise<unknown>
): Sink {
  return {
    async acceptSession(
      payload: ISessionPayload,
      senderOrigin: string,
      via: HandoffChannel = 'message'
    ) {
      const record = recordFromPayload(
        payload,
        senderOrigin,
        Date.now(),
        config,
        window.location.href,
        via
      );
      if (!record.ok) {
        return record.reason;
      }
      await manager.setSession(record.value);
      const where = `${record.value.connection.protocol}://${record.value.connection.host}:${record.value.connection.port}`;
      Notification.success(
        `Connected to HeavyDB at ${where} with the session from ${senderOrigin || 'a link'}.`,
        {
          autoClose: 5000
        }
      );
      return undefined;
    },
    async logout(senderOrigin: string) {
      if (await forgetSession(manager)) {
        Notification.info(`The HeavyAI session was ended by ${senderOrigin}.`, {
          autoClose: 5000
        });
      }
    },
    sessionRejected: rejectionNotice(ready)
  };
}

/**
 * One notification for all rejected payloads, updated with a count, so a page
 * sending hundreds of bad payloads cannot cover the workspace with toasts.
 * Rejections of one burst are counted first and shown together (updating a
 * toast that is still being created loses it), once the app is restored. Plain text: the reason and
 * origin come from another page.
 */
function rejectionNotice(
  ready: Promise<unknown>
): (reason: string, senderOrigin: string) => void {
  let id: string | undefined;
  let count = 0;
  let pending = 0;
  let latest = '';
  let scheduled = false;
  const show = () => {
    scheduled = false;
    const open =
      id !== undefined &&
      Notification.manager.notifications.some(n => n.id === id);
    count = open ? count + pending : pending;
    pending = 0;
    const message =
      count === 1
        ? latest
        : `${count} HeavyAI sessions were rejected. Latest: ${latest}`;
    if (
      !open ||
      !Notification.update({
        id: id!,
        message,
        type: 'error',
        autoClose: false
      })
    ) {
      id = Notification.error(message, { autoClose: false });
    }
  };
  return (reason, senderOrigin) => {
    pending++;
    latest = `A HeavyAI session from ${senderOrigin} was rejected: ${reason}`;
    if (!scheduled) {
      scheduled = true;
      // Rejections queued before start-up would reach the notification manager before the
      // plugin that shows toasts listens, and never be seen.
      void ready.then(() => setTimeout(show, 250));
    }
  };
}

/**
 * A `#heavyai=` link read at load. Anyone can make a link, so it is taken
 * silently only when the browser says it was followed from an allowed origin
 * and it keeps the server in use; otherwise the user is asked, and declining
 * stores nothing.
 */
async function acceptLink(
  fragment: LoadFragment,
  manager: IHeavyAISessionManager,
  { config }: IHeavyAIConfig,
  sink: Sink,
  started: Promise<void>
): Promise<void> {
  // Notices and the question need the shell: toasts raised before it exists only reach the bell.
  await started;
  const sender = fragment.arrivedFrom ?? '';
  const label = sender || 'a link';
  const checked =
    fragment.error !== undefined
      ? { ok: false as const, reason: fragment.error }
      : validateSessionPayload(fragment.payload);
  if (!checked.ok) {
    sink.sessionRejected(checked.reason, label);
    return;
  }
  const record = recordFromPayload(
    checked.value,
    sender,
    Date.now(),
    config,
    window.location.href
  );
  if (!record.ok) {
    sink.sessionRejected(record.reason, label);
    return;
  }
  const current = (await manager.getSession().catch(() => undefined))
    ?.connection;
  const reason = linkConfirmationReason({
    arrivedFrom: fragment.arrivedFrom,
    config,
    pageOrigin: window.location.origin,
    current,
    incoming: record.value.connection
  });
  if (
    reason &&
    !(await confirmLinkedServer(
      record.value.connection,
      fragment.arrivedFrom,
      reason,
      current
    ))
  ) {
    Notification.info('The HeavyAI link was ignored; nothing was stored.', {
      autoClose: 5000
    });
    return;
  }
  const refused = await sink.acceptSession(
    checked.value,
    sender,
    reason ? 'confirmed-link' : 'link'
  );
  if (refused) {
    sink.sessionRejected(refused, label);
  }
}

const handoffPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlite-heavyai:handoff',
  description:
    'Accepts the session handed over by the Immerse page (postMessage or URL fragment).',
  autoStart: true,
  requires: [IHeavyAISessionManager, IHeavyAIConfig],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    config: IHeavyAIConfig
  ) => {
    const { onFragment, onLateFragment, messages } = startEarlyHandoff();
    const sink = handoffSink(manager, config, app.restored);
    // Not awaited: activation must not wait for the selected manager, which waits for app.started.
    onFragment(fragment =>
      acceptLink(fragment, manager, config, sink, app.started).catch(
        (error: unknown) =>
          sink.sessionRejected(
            `The session could not be stored: ${error instanceof Error ? error.message : error}`,
            fragment.arrivedFrom || 'a link'
          )
      )
    );
    onLateFragment(() =>
      Notification.warning(
        'A HeavyAI link was opened in this page after it had loaded; it was ignored. ' +
          'Open the link in a new tab if you meant to use it.',
        { autoClose: false }
      )
    );
    messages.connect(sink);
  }
};

const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlite-heavyai:session-commands',
  description: 'Commands to show and forget the HeavyAI session.',
  autoStart: true,
  requires: [IHeavyAISessionManager],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    palette: ICommandPalette | null
  ) => addSessionCommands(app, manager, palette)
};

export const sessionPlugins = [
  configPlugin,
  sessionManagerPlugin,
  registryPlugin,
  handoffPlugin,
  commandsPlugin
];
