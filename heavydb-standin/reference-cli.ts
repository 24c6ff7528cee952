// `node --import tsx heavydb-standin/reference-cli.ts "<SQL>"`: runs SQL on a freshly seeded
// DuckDB and prints DuckDB's own answer as one JSON object (format in README.md).
import { referenceQuery } from './engine.ts';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].trim() === '') {
    process.stderr.write(
      'Usage: node --import tsx heavydb-standin/reference-cli.ts "<SQL>"\n'
    );
    process.exit(2);
  }
  const result = await referenceQuery(args[0]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  const e = err as { error_msg?: string; message?: string };
  process.stderr.write(`${e.error_msg ?? e.message ?? String(err)}\n`);
  process.exit(1);
});
