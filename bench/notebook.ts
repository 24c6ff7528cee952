// Section "notebook": DataFrames in CPython against the stand-in (bench/notebook_bench.py in a
// venv with IPython, pandas, numpy and pyarrow from pip's configured index, kept in the system's
// temporary directory between runs):
//   - %%heavysql of all 1M `flights` rows into a DataFrame vs select_arrow_ipc of the same query
//     (target: at most 1.5 ×), both after one untimed call (a kernel's first cell, which also
//     imports pandas and pyarrow, is printed apart);
//   - load_table of 1M rows × 5 columns (Arrow and columnar) vs reading them back (target: 2 ×).
// Pyodide is not measured: pandas is not in the offline Pyodide here (the Pyodide spec checks it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { dist, row, ROOT, type IOptions, type IRow } from './lib';

const VENV = path.join(os.tmpdir(), 'jupyterlite-heavyai-bench-venv');
const PYTHON = path.join(VENV, 'bin', 'python');
const SESSION = 'NotebookBenchSession0123456789';
const PIP_ENV = {
  ...process.env,
  PIP_RETRIES: '0',
  PIP_DISABLE_PIP_VERSION_CHECK: '1'
};

function ensureVenv(log: (s: string) => void): void {
  if (existsSync(PYTHON)) {
    return;
  }
  log(`making ${VENV} (ipython, pandas, numpy, pyarrow)…`);
  for (const [cmd, args] of [
    ['python3', ['-m', 'venv', VENV]],
    [
      PYTHON,
      ['-m', 'pip', 'install', '-q', 'ipython', 'pandas', 'numpy', 'pyarrow']
    ]
  ] as const) {
    const out = spawnSync(cmd, [...args], { env: PIP_ENV, encoding: 'utf8' });
    if (out.status !== 0) {
      throw new Error(
        `${cmd} ${args.join(' ')} failed: ${out.stderr.slice(-500)}`
      );
    }
  }
}

async function startStandin(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'heavydb-standin/cli.ts',
      '--port',
      '0',
      '--session',
      SESSION
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /ready: (\S+)/.exec(text);
      if (m) {
        resolve(m[1]);
      }
    });
    child.on('exit', code => reject(new Error(`stand-in exited (${code})`)));
  });
  return { port: Number(new URL(url).port), stop: () => child.kill('SIGTERM') };
}

const median = (values: number[]) => dist(values).p50;
const s = (seconds: number) => `${seconds.toFixed(2)} s`;

export async function runNotebook(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: unknown }> {
  ensureVenv(log);
  const standin = await startStandin();
  try {
    const runs = options.runs ?? (options.quick ? 1 : 3);
    const args = JSON.stringify({
      runs,
      session: SESSION,
      host: '127.0.0.1',
      port: standin.port,
      rows: 1_000_000,
      methods: ['arrow']
    });
    log(`notebook: ${runs} run(s) of each measurement in CPython…`);
    const out = spawnSync(
      PYTHON,
      [path.join('bench', 'notebook_bench.py'), args],
      {
        cwd: ROOT,
        env: { ...process.env, PYTHONPATH: path.join(ROOT, 'py') },
        encoding: 'utf8',
        maxBuffer: 1 << 24
      }
    );
    if (out.status !== 0) {
      throw new Error(`notebook_bench.py failed: ${out.stderr.slice(-800)}`);
    }
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<
      string,
      number[] & number
    >;
    const magic = median(r.heavysql_df);
    const ipc = median(r.select_arrow_ipc);
    const rows: IRow[] = [
      row(
        'notebook',
        '%%heavysql 1M flights rows → DataFrame (CPython)',
        s(magic),
        {
          text: `≤ 1.5 × select_arrow_ipc (${(magic / ipc).toFixed(2)} ×)`,
          met: magic <= 1.5 * ipc
        }
      ),
      row('notebook', 'select_arrow_ipc, same query (CPython)', s(ipc)),
      row(
        'notebook',
        "a kernel's first %%heavysql (also imports pandas and pyarrow)",
        s(median(r.heavysql_first))
      ),
      row(
        'notebook',
        'of which: Arrow stream → DataFrame (frames.from_arrow)',
        `${s(median(r.frame_from_stream))} (pyarrow read alone ${s(median(r.pyarrow_read_only))}, ${(r.arrow_bytes / 1e6).toFixed(1)} MB stream)`
      ),
      row(
        'notebook',
        '%%heavysql in Pyodide',
        'not measured: pandas is not in the offline Pyodide (see docs/performance.md)'
      )
    ];
    const loadPerReadBack: Record<string, number> = {};
    for (const method of ['arrow']) {
      const load = median(r[`load_table_${method}`]);
      const back = median(r[`read_back_${method}`]);
      loadPerReadBack[method] = load / back;
      rows.push(
        row(
          'notebook',
          `load_table 1M rows × 5 columns, method='${method}'`,
          s(load),
          {
            text: `≤ 2 × reading them back, ${s(back)} (load ÷ read-back ${(load / back).toFixed(2)} ×)`,
            met: load <= 2 * back
          }
        )
      );
    }
    return { rows, result: { ...r, loadPerReadBack } };
  } finally {
    standin.stop();
  }
}
