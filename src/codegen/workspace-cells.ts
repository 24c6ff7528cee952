/**
 * The cells of the workspace notebook: the connection cell, then — when a
 * query was handed over — a `%%heavysql df` cell holding it. The session ID
 * is in neither: a query that carries it gets no cell.
 */
import { heavysqlCellSource } from './heavysql-cell';
import { renderConnectionCell, type ITemplateValues } from './connection-cell';

/** A cell to write into the notebook file: its id, source and tags. */
export interface IGeneratedCell {
  id: string;
  source: string;
  tags: string[];
}

/** The workspace notebook's cells for `values`; `sessionId` only to keep it out of them. */
export function workspaceCells(
  template: string,
  values: ITemplateValues,
  sessionId = ''
): IGeneratedCell[] {
  const { query } = values;
  const queryCell =
    query.trim() !== '' && !(sessionId && query.includes(sessionId));
  const cells: IGeneratedCell[] = [
    {
      id: 'heavyai-connection',
      source: renderConnectionCell(
        template,
        { ...values, queryCellFollows: queryCell },
        sessionId
      ),
      tags: ['heavyai-connection']
    }
  ];
  if (queryCell) {
    cells.push({
      id: 'heavyai-query',
      source: heavysqlCellSource(query),
      tags: ['heavyai-query']
    });
  }
  return cells;
}
