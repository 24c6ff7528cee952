/**
 * The notebook's connection cell. It never holds the session ID: the Python
 * client reads `{site}/heavyai/session` when the cell runs. Every value from
 * the host goes through pythonStringLiteral, so quotes or backslashes in a
 * query cannot end its string early.
 */
import { DEFAULT_NOTEBOOK_TEMPLATE } from './notebook-template';
import { pythonStringLiteral } from './python-literal';

export {
  DEFAULT_NOTEBOOK_TEMPLATE,
  LOAD_MAGIC_LINE
} from './notebook-template';

/**
 * The values filled into the template; each is emitted as a Python literal, and an absent one as
 * `None`.
 */
export interface ITemplateValues {
  query: string;
  /**
   * A `%%heavysql` cell with the query follows this one: {{action}} then
   * lists the tables instead of running the query a second time.
   */
  queryCellFollows?: boolean;
  protocol?: string;
  host?: string;
  port?: number | string;
  database?: string;
}

/**
 * Placeholders: {{action}} (select_df of the query, or list_tables when
 * there is none or a `%%heavysql` cell runs it),
 * {{query}}, {{protocol}}, {{host}}, {{port}}, {{database}} — all Python literals.
 * Unknown placeholders become `None` rather than leaking template syntax.
 */
export function renderConnectionCell(
  template: string,
  values: ITemplateValues,
  sessionId = ''
): string {
  const literal = (text: string | undefined) =>
    text === undefined || text === '' ? 'None' : pythonStringLiteral(text);
  const port =
    values.port === undefined || values.port === ''
      ? 'None'
      : portLiteral(values.port);
  const map: Record<string, string> = {
    action:
      values.query.trim() && !values.queryCellFollows
        ? `con.select_df(${pythonStringLiteral(values.query)})`
        : 'con.list_tables()',
    query: pythonStringLiteral(values.query),
    protocol: literal(values.protocol),
    host: literal(values.host),
    port,
    database: literal(values.database)
  };
  const cell = (template || DEFAULT_NOTEBOOK_TEMPLATE).replace(
    /\{\{\s*(\w+)\s*\}\}/g,
    (_, name: string) => map[name] ?? 'None'
  );
  if (sessionId && carriesSession(values, sessionId)) {
    // Only possible when the handed-over text itself carries the session ID: leave it out rather than save it.
    return (
      renderConnectionCell(template, { query: '' }) +
      '\n# The handed-over values were left out because they contain the session ID.'
    );
  }
  return cell;
}

/**
 * Whether any value to be written into the cell holds the session ID. The raw
 * values are compared, not the rendered cell: once escaped (`'` → `\'`,
 * `\` → `\\`) a session no longer appears verbatim in the cell, yet Python
 * would read it back from the literal.
 */
function carriesSession(values: ITemplateValues, sessionId: string): boolean {
  const texts = [
    values.query,
    values.protocol,
    values.host,
    String(values.port ?? ''),
    values.database
  ];
  return texts.some(text => text !== undefined && text.includes(sessionId));
}

function portLiteral(port: number | string): string {
  const n = Number(port);
  return Number.isInteger(n) && n > 0 && n < 65536 ? String(n) : 'None';
}
