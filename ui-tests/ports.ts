// Fixed loopback ports of the servers the UI suite starts. UI_PORT_BASE moves them all, so two
// checkouts can run their suites side by side; UI_<NAME>_PORT moves one.
const BASE = Number(process.env.UI_PORT_BASE ?? 8910);
const port = (name: string, offset: number) => Number(process.env[`UI_${name}_PORT`] ?? BASE + offset);

export const SITE_PORT = port('SITE', 0);
export const SUBPATH_PORT = port('SUBPATH', 1);
export const HOST_PORT = port('HOST', 2);
/** The site again, configured to take its session from the example URL session manager. */
export const CUSTOM_MANAGER_PORT = port('CUSTOM_MANAGER', 3);
/** The drop-in variant: JupyterLite without our plugins bundled, our prebuilt extension in extensions/. */
export const DROPIN_PORT = port('DROPIN', 4);
/** The drop-in variant again, with our service worker placed at the site root. */
export const DROPIN_SW_PORT = port('DROPIN_SW', 5);
/** The HeavyDB stand-in the UI specs start. */
export const STANDIN_PORT = port('STANDIN', 10);
/** Stand-ins of the Arrow spec: Arrow on, Arrow refused (Thrift fallback), queries failing on demand. */
export const STANDIN_ARROW_PORT = port('STANDIN_ARROW', 11);
export const STANDIN_NO_ARROW_PORT = port('STANDIN_NO_ARROW', 12);
export const STANDIN_FAILING_PORT = port('STANDIN_FAILING', 13);
export const SUBPATH_PREFIX = '/deep/sub/path/';

export const SITE_ORIGIN = `http://127.0.0.1:${SITE_PORT}`;
/** The demo "Immerse" page: another origin of the same site (browsers block storage in cross-site frames). */
export const HOST_ORIGIN = `http://127.0.0.1:${HOST_PORT}`;
/** An origin the site does not allow (the sub-path server doubles as a foreign page). */
export const FOREIGN_ORIGIN = `http://127.0.0.1:${SUBPATH_PORT}`;
export const CUSTOM_MANAGER_ORIGIN = `http://127.0.0.1:${CUSTOM_MANAGER_PORT}`;
export const CUSTOM_SESSION_URL = `${HOST_ORIGIN}/custom-session.json`;
export const DROPIN_ORIGIN = `http://127.0.0.1:${DROPIN_PORT}`;
export const DROPIN_SW_ORIGIN = `http://127.0.0.1:${DROPIN_SW_PORT}`;
