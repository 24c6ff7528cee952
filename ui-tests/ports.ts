// Fixed loopback ports of the servers the UI suite starts. UI_PORT_BASE moves them all, so two
// checkouts can run their suites side by side; UI_<NAME>_PORT moves one.
const BASE = Number(process.env.UI_PORT_BASE ?? 8910);
const port = (name: string, offset: number) =>
  Number(process.env[`UI_${name}_PORT`] ?? BASE + offset);

export const SITE_PORT = port('SITE', 0);
export const SUBPATH_PORT = port('SUBPATH', 1);
export const HOST_PORT = port('HOST', 2);
/** The site again, configured to take its session from the example URL session manager. */
export const CUSTOM_MANAGER_PORT = port('CUSTOM_MANAGER', 3);
/** The drop-in variant: JupyterLite without our plugins bundled, our prebuilt extension in extensions/. */
export const DROPIN_PORT = port('DROPIN', 4);
/** The drop-in variant again, with our service worker placed at the site root. */
export const DROPIN_SW_PORT = port('DROPIN_SW', 5);
/** The site again, with a test config that loads Pyodide from the test server's copy of the npm core. */
export const PYODIDE_SITE_PORT = port('PYODIDE_SITE', 11);
/** The site again, embedded cross-site: by the demo host page reached as localhost (see CROSS_HOST_ORIGIN). */
export const CROSS_SITE_PORT = port('CROSS_SITE', 12);
/** The HeavyDB stand-in the UI specs start. */
export const STANDIN_PORT = port('STANDIN', 10);
/** A second HeavyDB stand-in that plays an attacker's server and records what reaches it. */
export const ATTACKER_STANDIN_PORT = port('ATTACKER_STANDIN', 13);
/** The site again, sent with `Cross-Origin-Opener-Policy: same-origin`. */
export const COOP_SITE_PORT = port('COOP_SITE', 14);
/** The demo host page again, sent with `Cross-Origin-Opener-Policy: same-origin-allow-popups`. */
export const COOP_HOST_PORT = port('COOP_HOST', 15);
/** Stand-ins of the Arrow spec: Arrow on, Arrow refused (Thrift fallback), queries failing on demand. */
export const STANDIN_ARROW_PORT = port('STANDIN_ARROW', 16);
export const STANDIN_NO_ARROW_PORT = port('STANDIN_NO_ARROW', 17);
export const STANDIN_FAILING_PORT = port('STANDIN_FAILING', 18);
/** The site again, its jupyter-lite.json disabling our hand-off plugin (disabledExtensions). */
export const HANDOFF_DISABLED_PORT = port('HANDOFF_DISABLED', 19);
/** The site again, with the example URL session manager selected and its session URL answering 404. */
export const CUSTOM_MANAGER_FAILING_PORT = port('CUSTOM_MANAGER_FAILING', 20);
/** The site again, its notebooks kept in localStorage (JupyterLite's contentsStorageDrivers), whose quota the browser enforces. */
export const LOCALSTORAGE_CONTENTS_PORT = port('LOCALSTORAGE_CONTENTS', 21);
/** The site again, its default session manager disabled and none provided: the hand-off plugin cannot activate. */
export const NO_MANAGER_PORT = port('NO_MANAGER', 22);
/** The site again, its interface language set to a test language pack for our domain. */
export const TRANSLATED_SITE_PORT = port('TRANSLATED_SITE', 23);
/** The engine suites (Firefox, WebKit): their site, demo host page and HeavyDB stand-in. */
export const ENGINE_SITE_PORT = port('ENGINE_SITE', 24);
export const ENGINE_HOST_PORT = port('ENGINE_HOST', 25);
export const ENGINE_STANDIN_PORT = port('ENGINE_STANDIN', 26);
/** WebKitWebDriver of the WebKit suite. */
export const WEBKIT_DRIVER_PORT = port('WEBKIT_DRIVER', 27);
/** The host SDK spec: a plain host page on another origin that imports the SDK from the site. */
export const SDK_HOST_PORT = port('SDK_HOST', 28);
/** The site again, sending `Access-Control-Allow-Origin` for the SDK host page (SDK_HOST_PORT). */
export const SDK_CORS_SITE_PORT = port('SDK_CORS_SITE', 29);
export const SUBPATH_PREFIX = '/deep/sub/path/';

export const SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;
/** The demo "Immerse" page: another origin of the same site as SITE_ORIGIN (both are 127.0.0.1). */
export const HOST_ORIGIN = `http://127.0.0.1:${HOST_PORT}`;
/**
 * The same demo page under another site's name: `localhost` and `127.0.0.1` are different sites,
 * so a site it embeds is a third-party frame. Users' Chromium gives such a frame storage of its own
 * (partitioned by the top-level site); a strict browser denies it storage.
 */
export const CROSS_HOST_ORIGIN = `http://localhost:${HOST_PORT}`;
/** An origin the site does not allow (the sub-path server doubles as a foreign page). */
export const FOREIGN_ORIGIN = `http://127.0.0.1:${SUBPATH_PORT}`;
export const CUSTOM_MANAGER_ORIGIN = `http://127.0.0.1:${CUSTOM_MANAGER_PORT}`;
export const CUSTOM_SESSION_URL = `${HOST_ORIGIN}/custom-session.json`;
export const LOCALSTORAGE_CONTENTS_ORIGIN = `http://127.0.0.1:${LOCALSTORAGE_CONTENTS_PORT}`;
export const NO_MANAGER_ORIGIN = `http://127.0.0.1:${NO_MANAGER_PORT}`;
export const HANDOFF_DISABLED_ORIGIN = `http://127.0.0.1:${HANDOFF_DISABLED_PORT}`;
export const CUSTOM_MANAGER_FAILING_ORIGIN = `http://127.0.0.1:${CUSTOM_MANAGER_FAILING_PORT}`;
export const DROPIN_ORIGIN = `http://127.0.0.1:${DROPIN_PORT}`;
export const DROPIN_SW_ORIGIN = `http://127.0.0.1:${DROPIN_SW_PORT}`;
export const PYODIDE_SITE_ORIGIN = `http://127.0.0.1:${PYODIDE_SITE_PORT}`;
/**
 * Where the test servers of the site serve npm `pyodide` (the core runtime, the version
 * `@jupyterlite/pyodide-kernel` declares) and the test worker that runs it. Not part of the site.
 */
export const TEST_PYODIDE_PATH = '/test-pyodide/';
export const CROSS_SITE_ORIGIN = `http://127.0.0.1:${CROSS_SITE_PORT}`;
export const COOP_SITE_ORIGIN = `http://127.0.0.1:${COOP_SITE_PORT}`;
export const COOP_HOST_ORIGIN = `http://127.0.0.1:${COOP_HOST_PORT}`;
export const TRANSLATED_SITE_ORIGIN = `http://127.0.0.1:${TRANSLATED_SITE_PORT}`;
export const ENGINE_SITE_ORIGIN = `http://127.0.0.1:${ENGINE_SITE_PORT}`;
export const ENGINE_HOST_ORIGIN = `http://127.0.0.1:${ENGINE_HOST_PORT}`;
export const SDK_HOST_ORIGIN = `http://127.0.0.1:${SDK_HOST_PORT}`;
export const SDK_CORS_SITE_ORIGIN = `http://127.0.0.1:${SDK_CORS_SITE_PORT}`;
