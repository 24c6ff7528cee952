/**
 * The servers every engine suite runs against, from the same helpers as the Playwright suite: the
 * built site (its test config allowing the demo host page), the demo host page with its copy of
 * the SDK, and a HeavyDB stand-in that knows the suite's session.
 */
import path from 'node:path';

import { startStandin } from '../../heavydb-standin/server';
import { serveStatic } from '../../scripts/lib/static-server.mjs';
import { serveTestSite } from '../../scripts/lib/test-site-config.mjs';
import { testSessionId } from '../fixtures';
import { SITE_DIR } from '../site-dir';
import {
  ENGINE_HOST_ORIGIN,
  ENGINE_HOST_PORT,
  ENGINE_SITE_ORIGIN,
  ENGINE_SITE_PORT,
  ENGINE_STANDIN_PORT
} from '../ports';

export interface IEngineServers {
  siteOrigin: string;
  hostOrigin: string;
  standinPort: number;
  /** A session the stand-in accepts (it carries the test session mark). */
  session: string;
  close(): Promise<void>;
}

export async function startEngineServers(): Promise<IEngineServers> {
  const root = path.resolve(__dirname, '..', '..');
  const dir = SITE_DIR;
  const session = testSessionId('engine');
  const started = [
    await serveTestSite({
      dir,
      port: ENGINE_SITE_PORT,
      siteConfig: { heavyai: { allowedOrigins: [ENGINE_HOST_ORIGIN] } }
    }),
    await serveStatic({
      dir: path.join(root, 'demo'),
      port: ENGINE_HOST_PORT,
      extraFiles: { '/heavyai-embed.js': path.join(dir, 'heavyai-embed.js') }
    }),
    await startStandin({
      port: ENGINE_STANDIN_PORT,
      sessions: [session],
      allowedOrigins: [ENGINE_SITE_ORIGIN]
    })
  ];
  return {
    siteOrigin: ENGINE_SITE_ORIGIN,
    hostOrigin: ENGINE_HOST_ORIGIN,
    standinPort: ENGINE_STANDIN_PORT,
    session,
    async close() {
      await Promise.all(started.map(server => server.close()));
    }
  };
}
