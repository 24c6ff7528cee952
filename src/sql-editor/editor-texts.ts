/**
 * What the SQL editor says in its status line and notice area about a statement it held back or
 * a result it shows. No JupyterLab imports: the panel (widget.ts) puts these texts on the page.
 */
import type { HoldReason } from '../sql/auto-run';
import type { ITranslate } from '../translate';
import { formatCount } from './run-notices';
import type { Transport } from './runner';

/** Why a statement was not run by itself; it waits for Run. */
export function heldStatementText(
  trans: ITranslate,
  reason: HoldReason
): string {
  switch (reason) {
    case 'empty':
      return trans.__('There is no statement to run.');
    case 'changes-data':
      return trans.__(
        'This statement was not run by itself: it may change data or the database. Check it, then press Run.'
      );
    case 'several':
      return trans.__(
        'These statements were not run by themselves: only a single read-only query runs without Run. Check them, then press Run.'
      );
    case 'unrecognised':
      return trans.__(
        'This statement was not run by itself: it could not be recognised as a read-only query. Check it, then press Run.'
      );
    case 'untrusted-handoff':
      return trans.__(
        'This query was not run by itself: it did not come from a trusted page. Check it, then press Run.'
      );
    case 'not-run-before':
      return trans.__(
        'This restored statement was not run by itself: its last run did not succeed. Press Run to run it.'
      );
  }
}

/** What the status line says of a result: its rows, its time and how its rows came. */
export interface IResultStatus {
  rows: number;
  elapsedMs: number;
  transport: Transport;
  /** The server's refusal of Arrow, when Thrift rows served a run that asked for Arrow. */
  fallback?: string;
  /** False while more of the result is on its way. */
  final: boolean;
}

/** The status line of a shown result, e.g. "1,000 rows so far · 80 ms · Arrow". */
export function resultStatusText(
  trans: ITranslate,
  { rows, elapsedMs, transport, fallback, final }: IResultStatus
): string {
  const elapsed = trans.__('%1 ms', formatCount(Math.round(elapsedMs)));
  const via =
    transport === 'arrow'
      ? trans.__('Arrow')
      : fallback !== undefined
        ? trans.__('Thrift rows (the server refused Arrow)')
        : trans.__('Thrift rows');
  const count = formatCount(rows);
  // One form for every count, as before translation (tests read "1 rows").
  return final
    ? trans.__('%1 rows · %2 · %3', count, elapsed, via)
    : trans.__('%1 rows so far · %2 · %3', count, elapsed, via);
}
