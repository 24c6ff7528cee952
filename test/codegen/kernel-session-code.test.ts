import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { endpointBody, type ISessionRecord } from '../../src/store/record';
import {
  kernelSessionCode,
  PAGE_SESSION_ENV,
  SILENT_EXECUTION
} from '../../src/codegen/kernel-session-code';

const CONFIG = {
  sessionManager: {
    protocol: 'HEAVYAI_PROTOCOL',
    host: 'HEAVYAI_HOST',
    port: 'HEAVYAI_PORT'
  }
};
const PY = path.resolve(__dirname, '..', '..', 'py');

function record(session: string, query: string): ISessionRecord {
  return {
    session,
    connection: { protocol: 'https', host: 'db.example.com', port: 6274 },
    environment: {},
    query,
    receivedAt: 0,
    senderOrigin: 'https://immerse.example.com'
  };
}

/** Run `code` in CPython with heavyai_lite importable (or not), then print what heavyai_lite reads. */
function runInPython(
  code: string,
  withPackage = true,
  before = ''
): { status: number | null; stdout: string; stderr: string } {
  const reader = withPackage
    ? 'from heavyai_lite.session import page_session_info\nimport json\ni = page_session_info()\nprint(json.dumps(i and {k: i[k] for k in ("session", "protocol", "host", "port", "query")}))'
    : `import os, json\nprint(json.dumps(os.environ.get(${JSON.stringify(PAGE_SESSION_ENV)})))`;
  const script = `${before}\n${code}\n${reader}\n`;
  const result = spawnSync('python3', ['-c', script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      ...(withPackage ? { PYTHONPATH: PY } : {})
    }
  });
  return {
    status: result.status,
    stdout: result.stdout.trim(),
    stderr: result.stderr
  };
}

describe('handing the session to a kernel without a service worker', () => {
  it('asks for a silent execution that stays out of the history', () => {
    assert.equal(SILENT_EXECUTION.silent, true);
    assert.equal(SILENT_EXECUTION.store_history, false);
  });

  it('sets exactly what heavyai_lite then reads, whatever the text holds', () => {
    const hostile =
      "SELECT 'it''s', \"\"\" ''' \\ \n\r\t ✈ 日本 😀 \u202e \u2028 -- end";
    const session = 'sess\'\\"ion-1';
    const result = runInPython(
      kernelSessionCode(endpointBody(record(session, hostile), CONFIG))
    );
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      session,
      protocol: 'https',
      host: 'db.example.com',
      port: 6274,
      query: hostile.trim()
    });
  });

  it('is a single statement made of literals: no name is left in the user namespace', () => {
    const code = kernelSessionCode(
      endpointBody(record('abc', 'SELECT 1'), CONFIG)
    );
    assert.equal(code.split('\n').length, 1);
    const check = spawnSync(
      'python3',
      [
        '-c',
        'import ast,sys\nt=ast.parse(sys.stdin.read())\nassert len(t.body)==1\nnames={n.id for n in ast.walk(t) if isinstance(n,ast.Name)}\nassert names=={"__import__"}, names\nassert not any(isinstance(n,ast.Import) or isinstance(n,ast.ImportFrom) for n in ast.walk(t))'
      ],
      { input: code, encoding: 'utf8' }
    );
    assert.equal(check.status, 0, check.stderr);
  });

  it('runs where heavyai_lite is not installed (yet), imports nothing of it', () => {
    const code = kernelSessionCode(endpointBody(record('abc', ''), CONFIG));
    const result = runInPython(
      `${code}\nimport sys\nassert 'heavyai_lite' not in sys.modules`,
      false
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(JSON.parse(result.stdout)).session, 'abc');
  });

  it('removes the session on logout', () => {
    const set = kernelSessionCode(endpointBody(record('abc', ''), CONFIG));
    const cleared = kernelSessionCode(endpointBody(undefined, CONFIG));
    const result = runInPython(cleared, true, set);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'null');
    assert.equal(runInPython(cleared, true).status, 0); // nothing to remove is fine too
  });
});
