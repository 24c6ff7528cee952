// npm run bench — performance figures of the site and the extension (issue #6).
//
//   node --import tsx bench/run.ts [--only load,handoff,workspace,grid,arrow,vega,notebook,renewal] [--quick] [--rebuild] [--runs N]
//
// Prints a table (figures, with ✓/✗ against the targets; nothing is asserted) and
// writes bench/results.json. See docs/performance.md.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { runArrow } from './arrow';
import { runGrid } from './grid';
import { runHandoff } from './handoff';
import { ROOT, printTable, row, type IOptions, type IRow } from './lib';
import { runLoad } from './load';
import { runVega } from './vega';
import { runNotebook } from './notebook';
import { runRenewal } from './renewal';
import { runWorkspace } from './workspace';

const SECTIONS = {
  load: runLoad,
  handoff: runHandoff,
  workspace: runWorkspace,
  grid: runGrid,
  arrow: runArrow,
  vega: runVega,
  notebook: runNotebook,
  renewal: runRenewal
} as const;
type Section = keyof typeof SECTIONS;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
      runs: { type: 'string' }
    }
  });
  const only = (values.only ?? Object.keys(SECTIONS).join(','))
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const unknown = only.filter(s => !(s in SECTIONS));
  if (unknown.length) {
    throw new Error(
      `unknown section(s): ${unknown.join(', ')} (use ${Object.keys(SECTIONS).join(', ')})`
    );
  }
  const options: IOptions = {
    quick: !!values.quick,
    rebuild: !!values.rebuild,
    runs: values.runs ? Math.max(1, Number(values.runs)) : undefined
  };
  const started = Date.now();
  const log = (s: string) =>
    console.error(
      `[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`
    );
  const rows: IRow[] = [];
  const results: Record<string, unknown> = {};
  for (const name of only as Section[]) {
    log(`${name}…`);
    try {
      const out = await SECTIONS[name](options, log);
      rows.push(...out.rows);
      results[name] = out.result;
    } catch (error) {
      // A broken section is reported, never fatal: the others still run.
      const message =
        error instanceof Error ? error.message.split('\n')[0] : String(error);
      log(`${name} failed: ${message}`);
      rows.push(row(name, 'error', `n/a (${message})`));
      results[name] = { error: message };
    }
  }
  const seconds = (Date.now() - started) / 1000;
  const header =
    `jupyterlite-heavyai bench · ${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} · ` +
    `node ${process.version}${options.quick ? ' · --quick' : ''} · ${seconds.toFixed(0)} s`;
  console.log(`${header}\n${printTable(rows)}\n`);
  const file = path.join(ROOT, 'bench', 'results.json');
  writeFileSync(
    file,
    `${JSON.stringify({ header, options, seconds, rows, results }, null, 2)}\n`
  );
  log(`wrote ${path.relative(ROOT, file)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
