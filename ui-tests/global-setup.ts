import { readFileSync } from 'node:fs';
import path from 'node:path';

import { serveStatic } from '../scripts/lib/static-server.mjs';
import { serveTestSite } from '../scripts/lib/test-site-config.mjs';
import {
  COOP_HOST_ORIGIN,
  COOP_HOST_PORT,
  COOP_SITE_PORT,
  CUSTOM_MANAGER_ORIGIN,
  CUSTOM_MANAGER_PORT,
  CUSTOM_SESSION_URL,
  DROPIN_PORT,
  DROPIN_SW_PORT,
  HOST_ORIGIN,
  HOST_PORT,
  SITE_PORT,
  SUBPATH_PORT,
  SUBPATH_PREFIX
} from './ports';

/**
 * The example prebuilt extensions (a session manager and an unrelated one),
 * installed the way a deployer would: files under extensions/, entries in
 * federated_extensions, the manager selected by heavyai.sessionManagerId.
 */
function exampleExtensionsSite(root: string) {
  const examples = ['custom-session-manager', 'hello-prebuilt'].map(name => {
    const folder = path.join(root, 'examples', name, 'labextension');
    return { folder, meta: JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) };
  });
  return {
    mounts: Object.fromEntries(examples.map(({ folder, meta }) => [`/extensions/${meta.name}/`, folder])),
    siteConfig: {
      federated_extensions: examples.map(({ meta }) => ({ name: meta.name, ...meta.jupyterlab._build })),
      heavyai: { sessionManagerId: 'heavyai-example:url-session-manager', sessionUrl: CUSTOM_SESSION_URL }
    }
  };
}

/**
 * Every server of a built site goes through `serveTestSite`, which adds the
 * test hooks (`exposeAppInBrowser`) to its served jupyter-lite.json: the
 * shipped configuration has none.
 *
 * One built site, served at the root of one origin (allowing the demo host
 * page's origin) and under a sub-path of another; plus the demo host page.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = path.resolve(__dirname, '..');
  const dir = path.join(root, process.env.HEAVYAI_OUTPUT ?? '_output');
  const dropInDir = path.join(root, process.env.HEAVYAI_DROPIN_OUTPUT ?? '_output-dropin');
  const servers = [
    await serveTestSite({ dir, port: SITE_PORT, siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN, COOP_HOST_ORIGIN] } } }),
    // Cross-Origin-Opener-Policy on either side of a new-tab hand-off (coop.spec.ts).
    await serveTestSite({
      dir,
      port: COOP_SITE_PORT,
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin' },
      siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } }
    }),
    await serveStatic({
      dir: path.join(root, 'demo'),
      port: COOP_HOST_PORT,
      extraFiles: { '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js') },
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin-allow-popups' }
    }),
    await serveTestSite({
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
    await serveTestSite({ dir, port: CUSTOM_MANAGER_PORT, ...exampleExtensionsSite(root) }),
    await serveTestSite({ dir: dropInDir, port: DROPIN_PORT, siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } } }),
    await serveTestSite({
      dir: dropInDir,
      port: DROPIN_SW_PORT,
      siteConfig: { heavyai: { allowedOrigins: [HOST_ORIGIN] } },
      // The one step a deployer takes: our service worker replaces the site's.
      extraFiles: { '/service-worker.js': path.join(root, 'labextension', 'service-worker.js') }
    })
  ];
  return async () => {
    await Promise.all(servers.map(server => server.close()));
  };
}
