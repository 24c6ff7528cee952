// Fixed loopback ports of the servers the UI suite starts once in global setup.
export const SITE_PORT = Number(process.env.UI_SITE_PORT ?? 8910);
export const SUBPATH_PORT = Number(process.env.UI_SUBPATH_PORT ?? 8911);
export const SUBPATH_PREFIX = '/deep/sub/path/';
