/**
 * Running one statement and deciding how its rows reach the grid.
 *
 * Arrow (`sql_execute_df`) for a query: a small first batch paints early;
 * then COUNT(*) and the first batch's bytes per row estimate the whole
 * result. It is fetched whole when it fits the memory budget; otherwise it
 * is paged in LIMIT/OFFSET blocks when the statement has its own ORDER BY
 * (the only order two blocks agree on), or cut to what fits, with a notice.
 *
 * Thrift rows (`sql_execute`) when Arrow is off or the server refuses it:
 * blocks only for an ordered statement, otherwise one capped fetch.
 * DDL/DML always go through Thrift (HeavyDB refuses them as Arrow).
 */
import { arrowBlock, type IArrowBlock } from '../sql/arrow-block';
import {
  blockQuery,
  countQuery,
  prepareStatement,
  type IPreparedStatement,
  type UnchunkableReason
} from '../sql/chunk';
import {
  explainError,
  isThriftApplicationError,
  serverMessage
} from '../sql/errors';
import { rowsBlock, type IResultBlock } from '../sql/result-block';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ITranslate } from '../translate';
import type { HeavyConnection, IQueryResult } from './connection';
import { ResultModel } from './result-model';

export interface IRunOptions {
  blockSize: number;
  /** Rows of the early first batch (0 = none). */
  firstBatchRows: number;
  memoryBudgetBytes: number;
  arrow: boolean;
  onBlockError: (error: unknown) => void;
  /** The notices' translation. */
  trans: ITranslate;
}

export type Transport = 'arrow' | 'thrift';

/** What the editor shows; a run may report more than once (first batch, then the result). */
export interface IRunUpdate {
  model?: ResultModel;
  /** Rows known so far (the total once counted). */
  rows: number;
  elapsedMs: number;
  transport: Transport;
  /** Why Thrift rows served a run that asked for Arrow (the server's refusal). */
  fallback?: string;
  notice?: string;
  /** False while a fuller result is still on the way. */
  final: boolean;
  /** Resolves with the total once a background COUNT(*) answers (Thrift paging). */
  counted?: Promise<number | undefined>;
}

export type ShowUpdate = (update: IRunUpdate) => void;

const formatCount = (n: number): string => n.toLocaleString('en-US');
const megabytes = (bytes: number): string =>
  `${Math.max(1, Math.round(bytes / 1_048_576)).toLocaleString('en-US')} MB`;

function unknownCountNotice(
  trans: ITranslate,
  problem: string,
  blockSize: number
): string {
  return trans.__(
    'The total row count is unknown (COUNT(*) failed: %1). Rows load in blocks of %2 as you scroll.',
    problem,
    formatCount(blockSize)
  );
}

/** `prepareStatement`'s reasons, each a literal a translation catalogue can hold. */
function unchunkableReason(
  trans: ITranslate,
  reason: UnchunkableReason | undefined
): string {
  switch (reason) {
    case 'empty statement':
      return trans.__('empty statement');
    case 'several statements':
      return trans.__('several statements');
    case 'not a SELECT':
      return trans.__('not a SELECT');
    case 'not a plain query':
      return trans.__('not a plain query');
    case 'the query has its own LIMIT/OFFSET':
      return trans.__('the query has its own LIMIT/OFFSET');
    case undefined:
      return '';
  }
}

export async function runStatement(
  con: HeavyConnection,
  sql: string,
  options: IRunOptions,
  show: ShowUpdate
): Promise<void> {
  const started = performance.now();
  const statement = prepareStatement(sql);
  if (!statement.body) {
    show({
      rows: 0,
      elapsedMs: 0,
      transport: 'thrift',
      notice: options.trans.__('Nothing to run: the editor is empty.'),
      final: true
    });
    return;
  }
  const elapsed = () => performance.now() - started;
  if (!statement.query || !options.arrow || con.arrowRefusal !== undefined) {
    const fallback =
      statement.query && options.arrow ? con.arrowRefusal : undefined;
    await runThrift(con, statement, options, update =>
      show({ ...update, elapsedMs: elapsed(), fallback })
    );
    return;
  }
  let shownArrow = false;
  try {
    await runArrow(con, statement, options, update => {
      shownArrow = true;
      show({ ...update, elapsedMs: elapsed() });
    });
  } catch (error) {
    const kind = explainError(error, true, options.trans).kind;
    if (
      shownArrow ||
      !(kind === 'sql' || kind === 'protocol' || kind === 'other')
    ) {
      throw error; // Arrow worked for this statement, or the session/network failed: Thrift would not help
    }
    // Refused as Arrow: run it as Thrift rows; if that fails too, its error is the one to show.
    const refusal = serverMessage(error);
    await runThrift(con, statement, options, update =>
      show({ ...update, elapsedMs: elapsed(), fallback: refusal })
    );
    if (isThriftApplicationError(error) || /sql_execute_df/.test(refusal)) {
      con.arrowRefusal = refusal; // the server lacks the call: skip the attempt from now on
    }
  }
}

type Partial = Omit<IRunUpdate, 'elapsedMs'>;

function wholeModel(
  block: IResultBlock & { fields: IArrowBlock['fields'] }
): ResultModel {
  return new ResultModel({
    fields: block.fields,
    blockSize: Math.max(1, block.length),
    firstBlock: block,
    rowCount: block.length
  });
}

async function fetchArrow(
  con: HeavyConnection,
  sql: string
): Promise<IArrowBlock> {
  const { table } = await con.queryArrow(sql);
  markOnce(TimingMarks.queryAnswered);
  return arrowBlock(table);
}

async function countRows(con: HeavyConnection, body: string): Promise<number> {
  const result = await con.query(countQuery(body));
  const n = Number(
    String(result.rows[0]?.[result.fields[0]?.name ?? 'n'] ?? NaN)
  );
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new Error(`COUNT(*) answered ${String(n)}`);
  }
  return n;
}

async function runArrow(
  con: HeavyConnection,
  statement: IPreparedStatement,
  options: IRunOptions,
  show: (u: Partial) => void
): Promise<void> {
  const { body } = statement;
  const { trans } = options;
  /** Show a block held whole in memory. */
  const showHeld = (block: IArrowBlock, final: boolean, notice?: string) =>
    show({
      model: wholeModel(block),
      rows: block.length,
      transport: 'arrow',
      final,
      ...(notice === undefined ? {} : { notice })
    });
  if (!statement.chunkable) {
    // Its own LIMIT/OFFSET bounds it: one fetch.
    showHeld(await fetchArrow(con, body), true);
    return;
  }
  let first: IArrowBlock | undefined;
  if (options.firstBatchRows > 0) {
    first = await fetchArrow(con, blockQuery(body, options.firstBatchRows, 0));
    if (first.length < options.firstBatchRows) {
      showHeld(first, true);
      return;
    }
    showHeld(
      first,
      false,
      trans.__('Showing the first rows; fetching the rest…')
    );
  }
  let count: number | undefined;
  let countProblem = '';
  try {
    count = await countRows(con, body);
  } catch (error) {
    countProblem = serverMessage(error);
  }
  const budget = options.memoryBudgetBytes;
  const bytesPerRow =
    first && first.length > 0 ? first.bytes / first.length : undefined;
  const fits =
    count !== undefined &&
    (bytesPerRow === undefined || count * bytesPerRow <= budget);
  if (fits) {
    showHeld(await fetchArrow(con, body), true);
    return;
  }
  if (statement.ordered) {
    // Too big to hold (or of unknown size): blocks of a stable order, a bounded number resident.
    const blockSize = options.blockSize;
    const blockBytes = bytesPerRow ? blockSize * bytesPerRow : 0;
    const maxResident =
      blockBytes > 0 ? Math.max(2, Math.floor(budget / blockBytes)) : 3;
    const fetchBlock = (index: number) =>
      fetchArrow(con, blockQuery(body, blockSize, index * blockSize));
    const block0 = await fetchBlock(0);
    const model = new ResultModel({
      fields: block0.fields,
      blockSize,
      firstBlock: block0,
      rowCount: count,
      fetchBlock,
      maxResident,
      onError: options.onBlockError
    });
    const why =
      count === undefined
        ? unknownCountNotice(trans, countProblem, blockSize)
        : trans.__(
            'The result (%1 rows, about %2) is larger than the memory budget (%3): it is fetched in blocks of %4 rows as you scroll, at most %5 blocks kept.',
            formatCount(count),
            megabytes(count * (bytesPerRow ?? 0)),
            megabytes(budget),
            formatCount(blockSize),
            formatCount(maxResident)
          );
    show({
      model,
      rows: count ?? block0.length,
      transport: 'arrow',
      final: true,
      notice: why
    });
    return;
  }
  // No stable order to page by: one fetch of what fits, said plainly.
  const cap = bytesPerRow
    ? Math.max(1, Math.floor(budget / bytesPerRow))
    : options.blockSize;
  const capped = await fetchArrow(con, blockQuery(body, cap, 0));
  const cut = capped.length >= cap && count !== capped.length;
  const notice = cut
    ? count === undefined
      ? trans.__(
          'The total row count is unknown (COUNT(*) failed: %1). Showing the first %2 rows: the whole result exceeds the memory budget (%3) and the statement has no ORDER BY to page by. Add ORDER BY to page through every row, or raise the budget in Settings.',
          countProblem,
          formatCount(capped.length),
          megabytes(budget)
        )
      : trans.__(
          'Showing the first %1 of %2 rows: the whole result exceeds the memory budget (%3) and the statement has no ORDER BY to page by. Add ORDER BY to page through every row, or raise the budget in Settings.',
          formatCount(capped.length),
          formatCount(count),
          megabytes(budget)
        )
    : count === undefined
      ? trans.__(
          'COUNT(*) failed (%1), but all %2 rows of the result arrived.',
          countProblem,
          formatCount(capped.length)
        )
      : undefined;
  show({
    model: wholeModel(capped),
    rows: capped.length,
    transport: 'arrow',
    final: true,
    notice
  });
}

function toBlock(result: IQueryResult): IResultBlock {
  return rowsBlock(
    result.rows.map(row => result.fields.map(field => row[field.name])),
    result.fields
  );
}

async function runThrift(
  con: HeavyConnection,
  statement: IPreparedStatement,
  options: IRunOptions,
  show: (u: Partial) => void
): Promise<void> {
  const { body } = statement;
  const { blockSize } = options;
  if (statement.chunkable && statement.ordered) {
    const first = await con.query(blockQuery(body, blockSize, 0));
    markOnce(TimingMarks.queryAnswered);
    const firstBlock = toBlock(first);
    const complete = firstBlock.length < blockSize;
    const model = new ResultModel({
      fields: first.fields,
      blockSize,
      firstBlock,
      rowCount: complete ? firstBlock.length : undefined,
      fetchBlock: async index =>
        toBlock(
          await con.query(blockQuery(body, blockSize, index * blockSize))
        ),
      onError: options.onBlockError
    });
    if (complete) {
      show({
        model,
        rows: firstBlock.length,
        transport: 'thrift',
        final: true
      });
      return;
    }
    let reportProblem: (problem: string) => void = () => undefined;
    const problem = new Promise<string>(resolve => (reportProblem = resolve));
    const counted = countRows(con, body).then(
      n => {
        model.setRowCount(n);
        return n;
      },
      error => {
        reportProblem(serverMessage(error));
        return undefined;
      }
    );
    show({
      model,
      rows: firstBlock.length,
      transport: 'thrift',
      final: true,
      counted
    });
    const why = await Promise.race([problem, counted.then(() => undefined)]);
    if (why !== undefined && !model.isDisposed) {
      show({
        model,
        rows: model.totalRows,
        transport: 'thrift',
        final: true,
        notice: unknownCountNotice(options.trans, why, blockSize)
      });
    }
    return;
  }
  let result: IQueryResult;
  try {
    result = await con.query(
      statement.chunkable ? blockQuery(body, blockSize, 0) : body,
      blockSize
    );
  } catch (error) {
    // DDL and DML answer without a result set, which the connector reports as an error.
    if (error instanceof Error && /No result to process/.test(error.message)) {
      show({
        rows: 0,
        transport: 'thrift',
        final: true,
        notice: options.trans.__('Statement executed.')
      });
      return;
    }
    throw error;
  }
  markOnce(TimingMarks.queryAnswered);
  if (result.fields.length === 0) {
    show({
      rows: 0,
      transport: 'thrift',
      final: true,
      notice: options.trans.__('Statement executed.')
    });
    return;
  }
  const block = toBlock(result);
  const model = new ResultModel({
    fields: result.fields,
    blockSize: Math.max(1, block.length),
    firstBlock: block,
    rowCount: block.length
  });
  const notice =
    block.length < blockSize
      ? undefined
      : statement.chunkable
        ? options.trans.__(
            'Showing the first %1 rows: this statement cannot be fetched in blocks (it has no ORDER BY, so blocks could skip or repeat rows). Add ORDER BY to page through every row.',
            formatCount(blockSize)
          )
        : options.trans.__(
            'Showing the first %1 rows: this statement cannot be fetched in blocks (%2).',
            formatCount(blockSize),
            unchunkableReason(options.trans, statement.reason)
          );
  show({ model, rows: block.length, transport: 'thrift', final: true, notice });
}
