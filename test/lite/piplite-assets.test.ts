// The build plugin that emits every file a piplite index lists (lite/piplite-assets.js), run by
// webpack in production mode on a small index: listed files are emitted beside the index, and a
// missing file or a wrong sha256 fails the build.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const webpack = require('webpack');
const { PipliteAssetsPlugin } = require('../../lite/piplite-assets.js');

const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');

function release(file: string, digest?: string) {
  return {
    releases: {
      '1.0': [
        {
          filename: file,
          url: `./${file}`,
          digests: digest ? { sha256: digest } : {}
        }
      ]
    }
  };
}

/** Build an empty entry with the plugin on `index`; resolves to webpack's errors and the output folder. */
function build(
  dir: string,
  index: string
): Promise<{ errors: string[]; out: string }> {
  const out = path.join(dir, 'out');
  writeFileSync(path.join(dir, 'entry.js'), 'export {};\n');
  const compiler = webpack({
    mode: 'production',
    context: dir,
    entry: path.join(dir, 'entry.js'),
    output: { path: out },
    plugins: [
      new PipliteAssetsPlugin({ indexes: [{ index, outputDir: 'pypi' }] })
    ]
  });
  return new Promise((resolve, reject) =>
    compiler.run((error: Error | null, stats: any) => {
      compiler.close(() => undefined);
      if (error) {
        reject(error);
        return;
      }
      resolve({
        errors: stats.compilation.errors.map((e: Error) => e.message),
        out
      });
    })
  );
}

test('every file the index lists is emitted beside it, unused by any code', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'piplite-assets-'));
  try {
    mkdirSync(path.join(dir, 'pypi'));
    const wheels = {
      'a-1.0-py3-none-any.whl': Buffer.from('wheel a'),
      'b-1.0-py3-none-any.whl': Buffer.from('wheel b')
    };
    for (const [name, bytes] of Object.entries(wheels)) {
      writeFileSync(path.join(dir, 'pypi', name), bytes);
    }
    const index = path.join(dir, 'pypi', 'all.json');
    writeFileSync(
      index,
      JSON.stringify({
        a: release(
          'a-1.0-py3-none-any.whl',
          sha256(wheels['a-1.0-py3-none-any.whl'])
        ),
        b: release('b-1.0-py3-none-any.whl')
      })
    );
    const { errors, out } = await build(dir, index);
    assert.deepEqual(errors, []);
    for (const [name, bytes] of Object.entries(wheels)) {
      assert.deepEqual(readFileSync(path.join(out, 'pypi', name)), bytes);
    }
    assert.ok(existsSync(path.join(out, 'pypi', 'all.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a listed file that is missing, or whose sha256 differs, fails the build', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'piplite-assets-'));
  try {
    mkdirSync(path.join(dir, 'pypi'));
    writeFileSync(path.join(dir, 'pypi', 'a-1.0-py3-none-any.whl'), 'wheel a');
    const index = path.join(dir, 'pypi', 'all.json');
    writeFileSync(
      index,
      JSON.stringify({
        a: release(
          'a-1.0-py3-none-any.whl',
          sha256(Buffer.from('other bytes'))
        ),
        c: release('c-1.0-py3-none-any.whl')
      })
    );
    const { errors } = await build(dir, index);
    assert.equal(errors.length, 2);
    assert.match(errors.join('\n'), /a-1\.0-py3-none-any\.whl: sha256 differs/);
    assert.match(
      errors.join('\n'),
      /lists \.\/c-1\.0-py3-none-any\.whl, which does not exist/
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
