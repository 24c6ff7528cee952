import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';

import type { ISessionRecord } from './store/record';
import type { ISiteConfig } from './site-config';
import type { IDefaultConnection, ISqlEditorSettings } from './sql/settings';

/**
 * The one thing the UI asks for the HeavyAI session. The default reads the
 * browser's session store; a deployer can provide another implementation
 * and select it with
 * `jupyter-config-data.heavyai.sessionManagerId`.
 */
export interface IHeavyAISessionManager {
  /** The id of the plugin that provides this manager. */
  readonly id: string;
  /** The current session, or undefined when none was handed over. */
  getSession(): Promise<ISessionRecord | undefined>;
  /** Emits the new session (or undefined) whenever it changes, in this tab or another. */
  readonly changed: ISignal<IHeavyAISessionManager, ISessionRecord | undefined>;
  /** Keep a session handed over by the host page. */
  setSession(record: ISessionRecord): Promise<void>;
  /** Forget the session. */
  clear(): Promise<void>;
}

/** Require this to reach the session manager the site configuration selected. */
export const IHeavyAISessionManager = new Token<IHeavyAISessionManager>(
  'jupyterlite-heavyai:IHeavyAISessionManager',
  'The HeavyAI session.'
);

/**
 * Where extensions offer other session managers. The one whose id equals
 * `heavyai.sessionManagerId` serves the session; the rest stay idle.
 */
export interface IHeavyAISessionManagerRegistry {
  register(id: string, create: () => IHeavyAISessionManager): void;
}

/** Require this to offer another session manager; only the configured one is used. */
export const IHeavyAISessionManagerRegistry =
  new Token<IHeavyAISessionManagerRegistry>(
    'jupyterlite-heavyai:IHeavyAISessionManagerRegistry',
    'HeavyAI session managers the site can select.'
  );

/**
 * Asks the host page for a new session when a server says the handed-over one is no longer
 * valid (provided by the hand-off plugin; see handoff/session-request.ts).
 */
export interface IHeavyAISessionRequests {
  /** Report the invalid session; true when the host page is being asked for a new one. */
  sessionInvalid(): boolean;
  /** Whether a request is out and no session has answered it yet. */
  readonly asking: boolean;
  /** Emits whenever `asking` may have changed. */
  readonly changed: ISignal<IHeavyAISessionRequests, void>;
}

/** Require this to report a refused session, or to show whether the host page is being asked. */
export const IHeavyAISessionRequests = new Token<IHeavyAISessionRequests>(
  'jupyterlite-heavyai:IHeavyAISessionRequests',
  'Asks the host page for a new HeavyAI session.'
);

/** The parsed `heavyai` section of the site configuration. */
export interface IHeavyAIConfig {
  readonly config: ISiteConfig;
  readonly warnings: readonly string[];
}

/** Require this for the site configuration, parsed once for every plugin. */
export const IHeavyAIConfig = new Token<IHeavyAIConfig>(
  'jupyterlite-heavyai:IHeavyAIConfig',
  'The HeavyAI settings read from jupyter-lite.json.'
);

/** The SQL editor's settings, loaded once, for every plugin that reads them. */
export interface IHeavyAISqlSettings {
  /** The settings now (the defaults until the registry has answered). */
  readonly current: ISqlEditorSettings;
  /** Settles once the registry has answered (or failed: the defaults stay). */
  readonly ready: Promise<void>;
  /** Emits the new settings whenever they change. */
  readonly changed: ISignal<IHeavyAISqlSettings, ISqlEditorSettings>;
  /** Save the default connection (server and user, never a password). */
  setConnection(connection: IDefaultConnection): Promise<void>;
}

/** Require this for the SQL editor settings, loaded once for every plugin. */
export const IHeavyAISqlSettings = new Token<IHeavyAISqlSettings>(
  'jupyterlite-heavyai:IHeavyAISqlSettings',
  'The HeavyAI SQL editor settings.'
);

/** The hand-off of the link the page was loaded with. */
export interface IHeavyAILinkHandoff {
  /**
   * Settles once the load-time `#heavyai=` link's session is in use (the
   * manager announced it; IndexedDB may still be writing it), or the link was
   * refused or declined by the user (at once when there was none): read the
   * session after it to get the link's and not the one it replaces.
   */
  readonly linkSettled: Promise<void>;
}

/** The token of the load-time link's outcome (internal to this extension). */
export const IHeavyAILinkHandoff = new Token<IHeavyAILinkHandoff>(
  'jupyterlite-heavyai:IHeavyAILinkHandoff',
  'Internal: when the load-time link is dealt with.'
);
