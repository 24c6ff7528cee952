// npm start: build the site when needed, then serve it on http://127.0.0.1:8000/ (PORT overrides).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveStatic } from './lib/static-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT || 8000);

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-needed'], { stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}

const site = await serveStatic({ dir: path.join(root, '_output'), port }).catch(error => {
  console.error(`Cannot serve on port ${port}: ${error.message}. Set PORT to use another port.`);
  process.exit(1);
});

console.log(`\nJupyterLite site: ${site.url}lab/index.html`);
console.log('Press Ctrl+C to stop.');

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await site.close();
    process.exit(0);
  });
}
