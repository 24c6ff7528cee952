/**
 * Which statements can be fetched in blocks with LIMIT/OFFSET, and the SQL
 * that does it. Anything we are not sure about is fetched once, capped,
 * because appending a clause to the wrong statement changes its meaning or
 * breaks it (DDL/DML, a statement with its own LIMIT, several statements).
 */
import { scanSql, type ISqlToken } from './scanner';

/** Why a statement cannot be fetched in blocks; the editor shows each in words (sql-editor/runner.ts). */
export type NotInBlocksReason =
  | 'empty statement'
  | 'several statements'
  | 'not a SELECT'
  | 'not a plain query'
  | 'the query has its own LIMIT/OFFSET';

/** A statement ready to run: its body and whether it may be fetched in blocks. */
export interface IPreparedStatement {
  /** The statement without trailing semicolons and trailing comments. */
  body: string;
  /** Whether LIMIT/OFFSET may be appended. */
  fetchInBlocks: boolean;
  /** One read-only query (SELECT/WITH), which HeavyDB can answer as Arrow. */
  query: boolean;
  /** Why not. */
  reason?: NotInBlocksReason;
  /**
   * Whether the statement sorts its result (an ORDER BY at the statement's
   * own level, not inside a subquery or window). Only then do two LIMIT/OFFSET
   * blocks cut the same sequence of rows: without it a database may return
   * rows in any order on each run, and blocks would skip or repeat rows.
   */
  ordered: boolean;
}

const WRITES = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'COPY',
  'GRANT',
  'REVOKE',
  'RENAME',
  'OPTIMIZE',
  'VALIDATE',
  'ARCHIVE',
  'DUMP',
  'RESTORE',
  'INTO',
  'SHOW',
  'EXPLAIN',
  'PRAGMA',
  'SET'
]);
const OWN_WINDOW = new Set(['LIMIT', 'OFFSET', 'FETCH', 'TOP']);

/**
 * Decide how `sql` may be fetched; conservative, so a clause is appended only to a single plain
 * SELECT/WITH without its own LIMIT/OFFSET.
 */
export function prepareStatement(sql: string): IPreparedStatement {
  const tokens = scanSql(sql);
  // Drop trailing semicolons; comments after them are gone with the cut.
  let last = tokens.length - 1;
  while (
    last >= 0 &&
    tokens[last].kind === 'punct' &&
    tokens[last].text === ';'
  ) {
    last--;
  }
  const significant = tokens.slice(0, last + 1);
  const body = last < 0 ? '' : sql.slice(0, significant[last].end).trim();
  return {
    body,
    ...blockability(significant),
    ordered: hasOwnOrderBy(significant)
  };
}

function hasOwnOrderBy(tokens: ISqlToken[]): boolean {
  const first = tokens.find(t => t.kind === 'word');
  if (!first) {
    return false;
  }
  return tokens.some(
    (t, i) =>
      t.kind === 'word' &&
      t.text === 'ORDER' &&
      t.depth === first.depth &&
      tokens[i + 1]?.kind === 'word' &&
      tokens[i + 1].text === 'BY'
  );
}

function blockability(tokens: ISqlToken[]): {
  fetchInBlocks: boolean;
  query: boolean;
  reason?: NotInBlocksReason;
} {
  if (tokens.length === 0) {
    return { fetchInBlocks: false, query: false, reason: 'empty statement' };
  }
  if (tokens.some(t => t.kind === 'punct' && t.text === ';')) {
    return { fetchInBlocks: false, query: false, reason: 'several statements' };
  }
  const first = tokens.find(t => !(t.kind === 'punct' && t.text === '('));
  if (
    !first ||
    first.kind !== 'word' ||
    (first.text !== 'SELECT' && first.text !== 'WITH')
  ) {
    return { fetchInBlocks: false, query: false, reason: 'not a SELECT' };
  }
  if (tokens.some(t => t.kind === 'word' && WRITES.has(t.text))) {
    return { fetchInBlocks: false, query: false, reason: 'not a plain query' };
  }
  if (
    tokens.some(
      t => t.kind === 'word' && t.depth === 0 && OWN_WINDOW.has(t.text)
    )
  ) {
    return {
      fetchInBlocks: false,
      query: true,
      reason: 'the query has its own LIMIT/OFFSET'
    };
  }
  return { fetchInBlocks: true, query: true };
}

/**
 * One block of a fetchInBlocks statement. The clause goes on a new line so a
 * line comment inside the body cannot swallow it.
 */
export function blockQuery(
  body: string,
  limit: number,
  offset: number
): string {
  return `${body}\nLIMIT ${int(limit)} OFFSET ${int(offset)}`;
}

/** The row count of a fetchInBlocks statement. */
export function countQuery(body: string): string {
  return `SELECT COUNT(*) AS n FROM (\n${body}\n) AS heavyai_count`;
}

function int(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`not a row count: ${value}`);
  }
  return value;
}
