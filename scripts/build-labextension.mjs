// npm run build:labextension: our extension as a prebuilt (federated) extension in labextension/,
// for any JupyterLite >= 0.8 site, plus the combined service worker a deployer places at the site root.
//   --dev   development build
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const development = process.argv.includes('--dev');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json']);
run(process.execPath, ['lite/core-meta.js', 'lite/build/core']);
run(process.execPath, [
  path.join(
    root,
    'node_modules',
    '@jupyterlab',
    'builder',
    'lib',
    'build-labextension.js'
  ),
  '--core-path',
  'lite/build/core',
  ...(development ? ['--development'] : []),
  '.'
]);

// Our endpoint + JupyterLite's worker, as labextension/service-worker.js.
run(path.join(root, 'node_modules', '.bin', 'webpack'), [
  '-c',
  'lite/webpack.service-worker.js'
]);
console.log('Built labextension/ (with service-worker.js for the site root)');
