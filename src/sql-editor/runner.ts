/**
 * Running one statement: a chunkable SELECT streams in blocks with its row
 * count from COUNT(*); anything else is fetched once, capped at one block.
 */
import { blockQuery, countQuery, prepareStatement } from '../sql/chunk';
import type { HeavyConnection, QueryField, QueryResult } from './connection';
import { markOnce, TimingMarks } from '../sql/timing';
import { ResultModel, type Row } from './result-model';

export interface RunResult {
  model?: ResultModel;
  /** Rows known so far (the total once counted). */
  rows: number;
  elapsedMs: number;
  notice?: string;
  /** Resolves with the total row count of a chunkable statement. */
  counted?: Promise<number | undefined>;
}

function toRows(result: QueryResult): Row[] {
  return result.rows.map(row => result.fields.map(field => row[field.name]));
}

export async function runStatement(
  con: HeavyConnection,
  sql: string,
  blockSize: number,
  onBlockError: (error: unknown) => void
): Promise<RunResult> {
  const started = performance.now();
  const statement = prepareStatement(sql);
  if (!statement.body) {
    return { rows: 0, elapsedMs: 0, notice: 'Nothing to run: the editor is empty.' };
  }
  if (statement.chunkable) {
    const first = await con.query(blockQuery(statement.body, blockSize, 0));
    markOnce(TimingMarks.queryAnswered);
    const firstRows = toRows(first);
    const fields: QueryField[] = first.fields;
    const complete = firstRows.length < blockSize;
    const model = new ResultModel({
      fields,
      blockSize,
      firstBlock: firstRows,
      rowCount: complete ? firstRows.length : undefined,
      fetchBlock: async index => toRows(await con.query(blockQuery(statement.body, blockSize, index * blockSize))),
      onError: onBlockError
    });
    const counted = complete
      ? Promise.resolve(firstRows.length)
      : con.query(countQuery(statement.body)).then(
          result => {
            const n = Number(result.rows[0]?.[result.fields[0]?.name ?? 'n']);
            if (Number.isSafeInteger(n)) {
              model.setRowCount(n);
              return n;
            }
            return undefined;
          },
          () => undefined // the grid still grows block by block
        );
    return { model, rows: firstRows.length, elapsedMs: performance.now() - started, counted };
  }
  let result: QueryResult;
  try {
    result = await con.query(statement.body, blockSize);
  } catch (error) {
    // DDL and DML answer without a result set, which the connector reports as an error.
    if (error instanceof Error && /No result to process/.test(error.message)) {
      return { rows: 0, elapsedMs: performance.now() - started, notice: 'Statement executed.' };
    }
    throw error;
  }
  markOnce(TimingMarks.queryAnswered);
  const rows = toRows(result);
  const elapsedMs = performance.now() - started;
  if (result.fields.length === 0) {
    return { rows: 0, elapsedMs, notice: 'Statement executed.' };
  }
  const model = new ResultModel({ fields: result.fields, blockSize: Math.max(blockSize, rows.length, 1), firstBlock: rows, rowCount: rows.length });
  const notice =
    rows.length >= blockSize
      ? `Showing the first ${blockSize.toLocaleString('en-US')} rows: this statement (${statement.reason}) cannot be fetched in blocks.`
      : undefined;
  return { model, rows: rows.length, elapsedMs, notice };
}
