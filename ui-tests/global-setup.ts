import path from 'node:path';

import { serveStatic } from '../scripts/lib/static-server.mjs';
import { SITE_PORT, SUBPATH_PORT, SUBPATH_PREFIX } from './ports';

// One built site, served twice: at the root of one origin and under a sub-path of another.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = path.resolve(__dirname, '..', process.env.HEAVYAI_OUTPUT ?? '_output');
  const servers = [
    await serveStatic({ dir, port: SITE_PORT }),
    await serveStatic({ dir, port: SUBPATH_PORT, prefix: SUBPATH_PREFIX })
  ];
  return async () => {
    await Promise.all(servers.map(server => server.close()));
  };
}
