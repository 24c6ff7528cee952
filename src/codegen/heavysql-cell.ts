/**
 * A notebook cell that runs SQL with the `%%heavysql` cell magic of the
 * Python client (`%load_ext heavyai_lite`). The statement is kept exactly:
 * the magic's body is not Python, so no quoting applies — only its own
 * `{name}` parameter syntax, which takes `{{`/`}}` for literal braces.
 */

/** The variable the result DataFrame is bound to. */
export const HEAVYSQL_RESULT_NAME = 'df';

/** `{` → `{{` and `}` → `}}`, so the magic reads back the braces, not parameters. */
export function escapeHeavysqlBraces(sql: string): string {
  return sql.replace(/[{}]/g, brace => brace + brace);
}

/** `%%heavysql df` and the statement below it, exactly as written (braces escaped). */
export function heavysqlCellSource(
  sql: string,
  name: string = HEAVYSQL_RESULT_NAME
): string {
  return `%%heavysql ${name}\n${escapeHeavysqlBraces(sql)}`;
}
