// Benchmark: rows/second fetching the 1M-row `flights` table through @heavyai/connector
// from the HeavyDB stand-in, in blocks of 50,000 rows (LIMIT/OFFSET). Prints figures only.
//
//   node --import tsx bench/standin-rows.ts [--runs N] [--protocol binary|json] [--row-wise] [--rows N]
//
// The stand-in runs as a separate process (the CLI), as it does for the demo.
// Default protocol is binary: with the JSON protocol the connector's bundled thrift reader
// (TJSONProtocol.readValue, Array#shift per element) is quadratic in list length, so a
// 50,000-row block costs tens of seconds on the client side; use --rows to bound a JSON run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { conWithSession } from '../heavydb-standin/testkit.ts';

const BLOCK = 50_000;
const TABLE_ROWS = 1_000_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      protocol: { type: 'string', default: 'binary' },
      'row-wise': { type: 'boolean' },
      rows: { type: 'string', default: String(TABLE_ROWS) }
    }
  });
  const runs = Math.max(1, Number(values.runs));
  if (values.protocol !== 'binary' && values.protocol !== 'json') {
    throw new Error('--protocol must be binary or json');
  }
  const binary = values.protocol === 'binary';
  const TOTAL = Math.min(TABLE_ROWS, Math.max(BLOCK, Number(values.rows)));
  const columnarResults = !values['row-wise'];
  const root = fileURLToPath(new URL('../', import.meta.url));
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'heavydb-standin/cli.ts',
      '--port',
      '0',
      '--session',
      'bench'
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  try {
    const [line] = (await once(
      createInterface({ input: server.stdout! }),
      'line'
    )) as [string];
    const port = Number(/:(\d+)\/$/.exec(line)?.[1]);
    if (!port) {
      throw new Error(`unexpected ready line: ${line}`);
    }
    const con = conWithSession(port, 'bench', binary);
    console.log(
      `stand-in on port ${port}; ${TOTAL} rows in blocks of ${BLOCK}; ` +
        `${columnarResults ? 'columnar' : 'row-wise'}, ${binary ? 'binary' : 'JSON'} protocol; ${runs} run(s)`
    );

    const seconds: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const started = performance.now();
      let rows = 0;
      for (let offset = 0; offset < TOTAL; offset += BLOCK) {
        const block = await con.queryAsync(
          `SELECT * FROM flights ORDER BY flight_id LIMIT ${BLOCK} OFFSET ${offset}`,
          { columnarResults }
        );
        rows += block.length;
      }
      const s = (performance.now() - started) / 1000;
      if (rows !== TOTAL) {
        throw new Error(`run ${run} fetched ${rows} rows, expected ${TOTAL}`);
      }
      seconds.push(s);
      console.log(
        `run ${run}: ${s.toFixed(2)} s, ${Math.round(rows / s).toLocaleString('en-US')} rows/s`
      );
    }
    const sorted = [...seconds].sort((a, b) => a - b);
    const median =
      sorted.length % 2
        ? sorted[(sorted.length - 1) / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const rate = (s: number) => Math.round(TOTAL / s).toLocaleString('en-US');
    console.log(
      `min ${sorted[0].toFixed(2)} s (${rate(sorted[0])} rows/s), ` +
        `median ${median.toFixed(2)} s (${rate(median)} rows/s)`
    );
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
