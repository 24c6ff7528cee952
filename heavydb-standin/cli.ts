// CLI: `npm run heavydb -- [flags]` starts the HeavyDB stand-in (a test/demo server).
// When ready it prints exactly one stdout line: "heavydb stand-in ready: <url>".
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startStandin } from './server.ts';
import type { IStandinOptions } from './server.ts';

const USAGE = `Usage: npm run heavydb -- [options]
  --port N               port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host H               interface to listen on (default 127.0.0.1)
  --session ID           session ID valid from the start (repeatable)
  --user NAME:PASSWORD   user allowed to connect (repeatable; default admin:HyperInteractive)
  --idle-timeout S       expire sessions idle for S seconds (default 0 = never)
  --allow-origin ORIGIN  CORS origin to allow (repeatable; replaces the defaults)
  --db FILE              DuckDB database file (default: in memory)
  --no-arrow             refuse sql_execute_df (to test clients' fallback to sql_execute)
  --help                 show this help`;

function fail(message: string, showUsage = true): never {
  process.stderr.write(
    `heavydb stand-in: ${message}\n${showUsage ? `${USAGE}\n` : ''}`
  );
  process.exit(1);
}

function nonNegativeInt(
  flag: string,
  text: string | undefined,
  fallback: number,
  max: number
): number {
  if (text === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(text) || Number(text) > max) {
    fail(`--${flag} must be an integer from 0 to ${max}, got "${text}"`);
  }
  return Number(text);
}

export function parseCli(argv: string[]): IStandinOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        session: { type: 'string', multiple: true },
        user: { type: 'string', multiple: true },
        'idle-timeout': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        db: { type: 'string' },
        'no-arrow': { type: 'boolean' },
        help: { type: 'boolean' }
      }
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) {
    return 'help';
  }
  let users: Record<string, string> | undefined;
  for (const spec of v.user ?? []) {
    const colon = spec.indexOf(':');
    if (colon <= 0) {
      fail(`--user expects NAME:PASSWORD, got "${spec}"`);
    }
    users ??= {};
    users[spec.slice(0, colon)] = spec.slice(colon + 1);
  }
  for (const origin of v['allow-origin'] ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      fail(
        `--allow-origin expects an origin like http://localhost:8000, got "${origin}"`
      );
    }
  }
  for (const id of v.session ?? []) {
    if (id === '') {
      fail('--session needs a non-empty ID');
    }
  }
  if (v.host === '') {
    fail('--host needs a value');
  }
  return {
    port: nonNegativeInt('port', v.port, DEFAULT_PORT, 65535),
    host: v.host,
    sessions: v.session,
    users,
    idleTimeoutSeconds: nonNegativeInt(
      'idle-timeout',
      v['idle-timeout'],
      0,
      2_000_000
    ),
    allowedOrigins: v['allow-origin'],
    dbFile: v.db,
    ...(v['no-arrow'] ? { refuseArrow: true } : {})
  };
}

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let standin;
  try {
    standin = await startStandin(options);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      fail(
        `port ${options.port} on ${options.host ?? '127.0.0.1'} is already in use`,
        false
      );
    }
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
      fail(`cannot listen on host ${options.host}`, false);
    }
    fail(`could not start: ${e.message ?? String(err)}`, false);
  }
  process.stdout.write(`heavydb stand-in ready: ${standin.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    standin.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) =>
  fail(err instanceof Error ? err.message : String(err), false)
);
