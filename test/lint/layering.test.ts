// The layering rule of eslint.config.mjs, checked on planted imports: pure folders import
// nothing from JupyterLab or Lumino, and the host SDK imports only the wire contract.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..'
);
const eslint = new ESLint({ cwd: root });

async function restrictedImports(
  file: string,
  source: string
): Promise<string[]> {
  const [result] = await eslint.lintText(source, {
    filePath: path.join(root, file)
  });
  return result.messages
    .filter(m => m.ruleId === 'no-restricted-imports')
    .map(m => m.message);
}

const jupyterlab =
  "import { Notification } from '@jupyterlab/apputils';\nvoid Notification;\n";
const lumino = "import { Signal } from '@lumino/signaling';\nvoid Signal;\n";

describe('layering (eslint no-restricted-imports)', () => {
  for (const folder of [
    'wire',
    'sql',
    'codegen',
    'handoff',
    'store',
    'service-worker'
  ]) {
    it(`refuses a JupyterLab or Lumino import in src/${folder}/`, async () => {
      const file = `src/${folder}/planted.ts`;
      assert.equal((await restrictedImports(file, jupyterlab)).length, 1);
      assert.equal((await restrictedImports(file, lumino)).length, 1);
    });
  }

  it('lets the plugins import JupyterLab', async () => {
    assert.deepEqual(
      await restrictedImports('src/plugins/planted.ts', jupyterlab),
      []
    );
  });

  it('lets the host SDK import the wire contract and nothing else of ours', async () => {
    const file = 'src/embed/planted.ts';
    assert.deepEqual(
      await restrictedImports(
        file,
        "import { MessageType } from '../wire/payload';\nvoid MessageType;\n"
      ),
      []
    );
    assert.equal(
      (
        await restrictedImports(
          file,
          "import { PluginIDs } from '../ids';\nvoid PluginIDs;\n"
        )
      ).length,
      1
    );
    assert.equal((await restrictedImports(file, jupyterlab)).length, 1);
  });
});
