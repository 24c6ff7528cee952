/**
 * What a piece of SQL would do, judged from its tokens (comments and string
 * literals never count): whether it is one statement that only reads. Used
 * to decide what may run without the user pressing Run, so every doubt
 * answers "not read-only".
 */
import { scanSql, type ISqlToken } from './scanner';

/** What a piece of SQL is, as far as running it unasked goes. */
export type StatementKind =
  /** Nothing but whitespace and comments. */
  | 'empty'
  /** One SELECT, WITH … SELECT, EXPLAIN or SHOW with no word that writes. */
  | 'read-only'
  /** One statement that creates, changes, removes data or grants rights. */
  | 'changes-data'
  /** More than one statement. */
  | 'several'
  /** One statement this classifier does not know. */
  | 'unrecognised';

const READ_ONLY_LEADERS = new Set(['SELECT', 'WITH', 'EXPLAIN', 'SHOW']);

/**
 * Words that write, anywhere in a statement: a leading one makes it DDL/DML;
 * inside a read-only statement (`WITH x AS (DELETE …)`, `SELECT … INTO`,
 * `FOR UPDATE`) they make it not read-only either.
 */
const WRITING_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'INTO',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'RENAME',
  'COPY',
  'GRANT',
  'REVOKE',
  'REASSIGN',
  'OPTIMIZE',
  'VALIDATE',
  'ARCHIVE',
  'DUMP',
  'RESTORE',
  'KILL',
  'CALL',
  'EXEC',
  'EXECUTE',
  'REFRESH',
  'LOCK',
  'SET',
  'COMMIT',
  'ROLLBACK',
  'BEGIN',
  'VACUUM'
]);

/**
 * Line breaks other than `\n` (a lone `\r`, U+0085, U+2028, U+2029, VT, FF):
 * the scanner ends a `--` comment at `\n` only, a server may end it earlier
 * and read what follows as SQL.
 */
const OTHER_LINE_BREAK = /\r(?!\n)|[\u0085\u2028\u2029\v\f]/;

/** Classify `sql`; anything in doubt is not 'read-only'. */
export function classifyStatement(sql: string): StatementKind {
  const statements = splitStatements(scanSql(sql));
  if (statements.length === 0) {
    return 'empty';
  }
  if (statements.length > 1) {
    return 'several';
  }
  const [tokens] = statements;
  const leader = tokens[0];
  if (leader.kind === 'word' && WRITING_WORDS.has(leader.text)) {
    return 'changes-data';
  }
  if (leader.kind !== 'word' || !READ_ONLY_LEADERS.has(leader.text)) {
    return 'unrecognised';
  }
  // `SHOW CREATE TABLE t` reads a definition: its CREATE writes nothing.
  const body =
    leader.text === 'SHOW' && tokens[1]?.text === 'CREATE'
      ? tokens.slice(2)
      : tokens.slice(1);
  if (body.some(t => t.kind === 'word' && WRITING_WORDS.has(t.text))) {
    return 'changes-data';
  }
  if (
    OTHER_LINE_BREAK.test(sql) ||
    // A backslash may escape a quote for the server but not for the scanner.
    tokens.some(
      t => (t.kind === 'string' || t.kind === 'ident') && t.text.includes('\\')
    )
  ) {
    return 'unrecognised';
  }
  return 'read-only';
}

/** The statements' tokens, split at every `;` (at any depth); empty statements dropped. */
function splitStatements(tokens: ISqlToken[]): ISqlToken[][] {
  const statements: ISqlToken[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      statements.push([]);
    } else {
      statements[statements.length - 1].push(token);
    }
  }
  return statements.filter(s => s.length > 0);
}
