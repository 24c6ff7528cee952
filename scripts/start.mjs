// npm start: build the site when needed, then run the whole demo:
//   the site                  http://127.0.0.1:8000/   (PORT overrides)
//   the demo "Immerse" page   http://127.0.0.1:8001/   (DEMO_PORT overrides)
//   the HeavyDB stand-in      http://127.0.0.1:6278/   (HEAVYDB_PORT overrides)
// The demo page embeds the site and hands over the session the stand-in was started with.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { serveStatic } from './lib/static-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sitePort = Number(process.env.PORT || 8000);
const demoPort = Number(process.env.DEMO_PORT || 8001);
const heavydbPort = Number(process.env.HEAVYDB_PORT || 6278);
const DEMO_SESSION = 'demo-session';

const build = spawnSync(
  process.execPath,
  [path.join(root, 'scripts', 'build.mjs'), '--if-needed'],
  { stdio: 'inherit' }
);
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}

const siteOrigin = `http://127.0.0.1:${sitePort}`;
// Same site as the site (127.0.0.1), another origin: browsers block storage in cross-site frames.
const demoOrigin = `http://127.0.0.1:${demoPort}`;

function startHeavyDB() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'heavydb-standin', 'cli.ts'),
      '--port',
      String(heavydbPort),
      '--session',
      DEMO_SESSION,
      '--allow-origin',
      siteOrigin,
      '--allow-origin',
      demoOrigin
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', line => {
      const match = /^heavydb stand-in ready: (\S+)/.exec(line);
      if (match) {
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', code =>
      reject(
        new Error(
          `the HeavyDB stand-in exited (${code}); is port ${heavydbPort} free?`
        )
      )
    );
  });
}

async function main() {
  const heavydb = await startHeavyDB();
  const site = await serveStatic({
    dir: path.join(root, '_output'),
    port: sitePort,
    // The demo configuration: the demo page may hand sessions over.
    siteConfig: { heavyai: { allowedOrigins: [demoOrigin] } }
  });
  const demo = await serveStatic({
    dir: path.join(root, 'demo'),
    port: demoPort,
    extraFiles: {
      '/heavyai-embed.js': path.join(root, '_output', 'heavyai-embed.js')
    }
  });

  console.log(`
HeavyDB stand-in (DuckDB, session "${DEMO_SESSION}"): ${heavydb.url}
JupyterLite site:                                ${site.url}lab/index.html
Demo Immerse page (embeds the site, hands over): ${demo.url}?site=${encodeURIComponent(site.url)}

Open the demo page. Press Ctrl+C to stop.`);

  const stop = async () => {
    heavydb.child.kill('SIGTERM');
    await Promise.all([site.close(), demo.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`Cannot start the demo: ${error.message}`);
  console.error('Set PORT, DEMO_PORT or HEAVYDB_PORT to use other ports.');
  process.exit(1);
});
