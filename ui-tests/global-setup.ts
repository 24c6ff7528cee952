import path from 'node:path';

import { serveStatic } from '../scripts/lib/static-server.mjs';
import { HOST_ORIGIN, HOST_PORT, SITE_PORT, SUBPATH_PORT, SUBPATH_PREFIX } from './ports';

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
      extraFiles: { '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js') }
    })
  ];
  return async () => {
    await Promise.all(servers.map(server => server.close()));
  };
}
