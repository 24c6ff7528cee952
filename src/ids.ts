/**
 * Every identifier that more than one file, a site's configuration or a test
 * must agree on: plugin ids (named in `disabledExtensions` and in
 * `sessionManagerId`), command ids (menus, palette, other plugins' actions),
 * and the endpoint's paths. Kept in one place so a rename cannot leave a
 * stale copy behind. No JupyterLab imports: the early hand-off and the
 * service worker read it too.
 */

/** The ids of our plugins, as `disabledExtensions` and the plugin registry know them. */
export const PluginIDs = {
  /** Reads the site's `heavyai` settings from the page configuration. */
  config: 'jupyterlite-heavyai:config',
  /** Connects the early hand-off inputs to the session manager. */
  handoff: 'jupyterlite-heavyai:handoff',
  /** Tells the workspace when the load-time link has been dealt with. */
  linkHandoff: 'jupyterlite-heavyai:link-handoff',
  /** Chooses the session manager named by `sessionManagerId`. */
  sessionManagerSelection: 'jupyterlite-heavyai:session-manager-selection',
  /** Where extensions register session managers of their own. */
  sessionManagerRegistry: 'jupyterlite-heavyai:session-manager-registry',
  /** The session manager that reads the browser's session store (the default). */
  defaultSessionManager: 'jupyterlite-heavyai:default-session-manager',
  /** "HeavyAI session status" and "Forget HeavyAI session". */
  sessionCommands: 'jupyterlite-heavyai:session-commands',
  /** The SQL editor; also the id its settings schema is registered under. */
  sqlEditor: 'jupyterlite-heavyai:sql-editor',
  /** Provides the SQL editor's settings to the editor and the workspace. */
  sqlEditorSettings: 'jupyterlite-heavyai:sql-editor-settings',
  /** The `?heavyai` deep link and the connected notebook. */
  workspace: 'jupyterlite-heavyai:workspace',
  /** The status bar item with the session's state, user and database. */
  sessionStatusItem: 'jupyterlite-heavyai:session-status-item',
  /** Says, while the browser lets the site keep nothing, that nothing is kept. */
  storageStatus: 'jupyterlite-heavyai:storage-status',
  /** Hands the session to Python kernels where no service worker serves the endpoint. */
  kernelSession: 'jupyterlite-heavyai:kernel-session',
  /** Renders HeavyDB Vega outputs in notebooks. */
  vega: 'jupyterlite-heavyai:vega'
} as const;

/** The ids of our commands, as menus, the palette and other plugins call them. */
export const CommandIDs = {
  newSqlEditor: 'heavyai:new-sql-editor',
  setDefaultConnection: 'heavyai:set-default-connection',
  /** The SQL editor's statement as a `%%heavysql df` cell in the workspace notebook. */
  openInNotebook: 'heavyai:open-in-notebook',
  createWorkspace: 'heavyai:create-workspace',
  insertConnection: 'heavyai:insert-connection',
  sessionStatus: 'heavyai:session-status',
  forgetSession: 'heavyai:forget-session'
} as const;

/**
 * The session endpoint, relative to the site's base URL: the current path
 * first (what the page and generated code ask for), then the OmniSci-era
 * path that older notebook code still fetches.
 */
export const SESSION_ENDPOINT_PATHS = [
  'heavyai/session',
  'omnisci/session'
] as const;

/**
 * A read of the endpoint with this query parameter also tells the site's pages that the session
 * it holds was refused (a notebook's connection found it invalid): the service worker posts
 * `SESSION_INVALID_NOTICE` to them, and they ask the host page for a new session.
 */
export const RENEW_PARAM = 'renew';
/** The `type` of the service worker's message to the site's pages after a `RENEW_PARAM` read. */
export const SESSION_INVALID_NOTICE = 'heavyai:session-invalid';

/** The path the page and generated code use. */
export const SESSION_ENDPOINT_PATH = SESSION_ENDPOINT_PATHS[0];
