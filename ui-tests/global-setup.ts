import { readFileSync } from 'node:fs';
import path from 'node:path';

import { serveStatic } from '../scripts/lib/static-server.mjs';
import {
  CUSTOM_MANAGER_ORIGIN,
  CUSTOM_MANAGER_PORT,
  CUSTOM_SESSION_URL,
  HOST_ORIGIN,
  HOST_PORT,
  SITE_PORT,
  SUBPATH_PORT,
  SUBPATH_PREFIX
} from './ports';

/** The example session manager, installed as a prebuilt extension the way a deployer would. */
function exampleManagerSite(root: string) {
  const folder = path.join(root, 'examples', 'custom-session-manager', 'labextension');
  const meta = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  return {
    mounts: { [`/extensions/${meta.name}/`]: folder },
    siteConfig: {
      federated_extensions: [{ name: meta.name, ...meta.jupyterlab._build }],
      heavyai: { sessionManagerId: 'heavyai-example:url-session-manager', sessionUrl: CUSTOM_SESSION_URL }
    }
  };
}

/**
 * One built site, served at the root of one origin (allowing the demo host
 * page's origin) and under a sub-path of another; plus the demo host page.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(__dirname, '..');
  const dir = path.join(root, process.env.HEAVYAI_OUTPUT ?? '_output');
  const servers = [
    await serveStatic({ dir, port: SITE_PORT, siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } } }),
    await serveStatic({
      dir,
      port: SUBPATH_PORT,
      prefix: SUBPATH_PREFIX,
      // This origin is not allowed by the site: it doubles as a foreign page embedding it.
      extraFiles: { '/foreign-host.html': path.join(__dirname, 'pages', 'foreign-host.html') }
    }),
    await serveStatic({
      dir: path.join(root, 'demo'),
      port: HOST_PORT,
      extraFiles: {
        '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js'),
        '/custom-session.json': path.join(__dirname, 'pages', 'custom-session.json')
      },
      // The example session manager fetches its session from here with credentials.
      headers: { 'Access-Control-Allow-Origin': CUSTOM_MANAGER_ORIGIN, 'Access-Control-Allow-Credentials': 'true' }
    }),
    await serveStatic({ dir, port: CUSTOM_MANAGER_PORT, ...exampleManagerSite(root) })
  ];
  return async () => {
    await Promise.all(servers.map(server => server.close()));
  };
}
