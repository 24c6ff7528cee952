// npm run build: compile the extension, then assemble the JupyterLite site in _output/.
//   --dev           development bundle (faster, unminified)
//   --if-needed     skip when the output is newer than every source file
//   --drop-in       the "drop-in" variant: JupyterLite without our plugins bundled, plus our
//                   prebuilt extension installed in extensions/ (as in someone else's site)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { installExtensions } from './lib/install-extensions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const outputDir = path.resolve(root, process.env.HEAVYAI_OUTPUT || '_output');
if (!outputDir.startsWith(root + path.sep)) {
  // The output folder is emptied before each build: never the repository or anything above it.
  console.error(`HEAVYAI_OUTPUT must be a folder inside ${root}`);
  process.exit(1);
}
const SOURCES = [
  'src',
  'lite',
  'style',
  'schema',
  'py',
  'examples',
  'package.json',
  'package-lock.json',
  'jupyter-lite.json',
  'tsconfig.json'
];
// Prebuilt extensions built beside the site (tests and docs install them into a site).
const EXAMPLES = ['examples/custom-session-manager', 'examples/hello-prebuilt'];

function newestSourceTime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) {
    return 0;
  }
  const stat = statSync(full);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return readdirSync(full)
    .filter(
      name =>
        !['build', '__pycache__', 'node_modules', 'labextension'].includes(name)
    )
    .reduce(
      (newest, name) =>
        Math.max(newest, newestSourceTime(path.join(entry, name))),
      0
    );
}

function isUpToDate() {
  const marker = path.join(outputDir, 'lab', 'index.html');
  if (!existsSync(marker)) {
    return false;
  }
  const builtAt = statSync(marker).mtimeMs;
  return SOURCES.every(entry => newestSourceTime(entry) < builtAt);
}

function run(command, commandArgs, env = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env }
  });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

if (args.has('--if-needed') && isUpToDate()) {
  console.log(`Site is up to date: ${path.relative(root, outputDir)}/`);
  process.exit(0);
}

const started = Date.now();
// Start from an empty folder: content-hashed chunks of earlier builds would otherwise pile up.
rmSync(outputDir, { recursive: true, force: true });
const bin = name => path.join(root, 'node_modules', '.bin', name);
run(bin('tsc'), ['-p', 'tsconfig.json']);
const development = args.has('--dev');
const dropIn = args.has('--drop-in');
run(bin('webpack'), ['-c', 'lite/webpack.config.js'], {
  NODE_ENV: development ? 'development' : 'production',
  ...(dropIn ? { HEAVYAI_PLUGINS: '0' } : {})
});
run(process.execPath, ['lite/core-meta.js', 'lite/build/core']);
// The in-browser Python client, served in the site's piplite index (`%pip install heavyai-lite`).
const pypi = path.join(path.relative(root, outputDir), 'pypi');
run('python3', ['py/build_wheel.py', '--out', pypi, '--piplite-index', pypi]);
for (const example of EXAMPLES) {
  const builder = path.join(
    root,
    'node_modules',
    '@jupyterlab',
    'builder',
    'lib',
    'build-labextension.js'
  );
  run(process.execPath, [
    builder,
    '--core-path',
    'lite/build/core',
    ...(development ? ['--development'] : []),
    example
  ]);
}
if (dropIn) {
  run(process.execPath, [
    'scripts/build-labextension.mjs',
    ...(development ? ['--dev'] : [])
  ]);
  installExtensions(outputDir, [path.join(root, 'labextension')]);
}
console.log(
  `Built ${path.relative(root, outputDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`
);
