// The host SDK as an npm package of its own: packages/heavyai-embed/ (package.json, README) plus
// the SDK the site build emits from src/embed (heavyai-embed.js and its type declarations),
// packed by `npm pack` into dist/heavyai-embed-<version>.tgz. Run after a site build.
// Prints the tarball's path as its last line.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, process.env.HEAVYAI_OUTPUT ?? '_output');
const source = path.join(root, 'packages', 'heavyai-embed');
const destination = path.join(root, 'dist');
const SDK_FILES = [
  'heavyai-embed.js',
  'heavyai-embed.d.ts',
  'heavyai-embed-types'
];

for (const name of SDK_FILES) {
  if (!existsSync(path.join(built, name))) {
    console.error(
      `${path.join(built, name)} is missing: build the site first (node scripts/build.mjs).`
    );
    process.exit(1);
  }
}
const staging = mkdtempSync(path.join(tmpdir(), 'heavyai-embed-'));
try {
  const meta = JSON.parse(
    readFileSync(path.join(source, 'package.json'), 'utf8')
  );
  // One version for the site and its SDK.
  meta.version = JSON.parse(
    readFileSync(path.join(root, 'package.json'), 'utf8')
  ).version;
  writeFileSync(
    path.join(staging, 'package.json'),
    `${JSON.stringify(meta, null, 2)}\n`
  );
  cpSync(path.join(source, 'README.md'), path.join(staging, 'README.md'));
  for (const name of SDK_FILES) {
    cpSync(path.join(built, name), path.join(staging, name), {
      recursive: true
    });
  }
  mkdirSync(destination, { recursive: true });
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: staging,
      encoding: 'utf8'
    })
  );
  console.log(path.join(destination, packed.filename));
} finally {
  rmSync(staging, { recursive: true, force: true });
}
