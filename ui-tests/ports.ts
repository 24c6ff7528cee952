// Fixed loopback ports of the servers the UI suite starts once in global setup.
export const SITE_PORT = Number(process.env.UI_SITE_PORT ?? 8910);
export const SUBPATH_PORT = Number(process.env.UI_SUBPATH_PORT ?? 8911);
export const HOST_PORT = Number(process.env.UI_HOST_PORT ?? 8912);
/** The site again, configured to take its session from the example URL session manager. */
export const CUSTOM_MANAGER_PORT = Number(process.env.UI_CUSTOM_MANAGER_PORT ?? 8913);
/** The drop-in variant: JupyterLite without our plugins bundled, our prebuilt extension in extensions/. */
export const DROPIN_PORT = Number(process.env.UI_DROPIN_PORT ?? 8914);
/** The drop-in variant again, with our service worker placed at the site root. */
export const DROPIN_SW_PORT = Number(process.env.UI_DROPIN_SW_PORT ?? 8915);
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
