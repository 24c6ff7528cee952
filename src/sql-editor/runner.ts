/**
 * Running one statement: it carries out the fetch plan of sql/fetch-plan.ts.
 *
 * Arrow (`sql_execute_df`) for a query: a small first batch paints early
 * (when the settings ask for one); then the statement runs whole, once. Its
 * reply announces its size before its bytes: over the memory budget, it is
 * not read, and COUNT(*) with that size decide the plan: LIMIT/OFFSET blocks
 * when the statement has its own ORDER BY (the only order two blocks agree
 * on), or cut to what fits, with a notice. Without a first batch, the record
 * batches that arrive early in a long reply are painted before the rest.
 *
 * Thrift rows (`sql_execute`) when Arrow is off or the server refuses it:
 * blocks only for an ordered statement, otherwise one capped fetch.
 * DDL/DML always go through Thrift (HeavyDB refuses them as Arrow).
 */
import { arrowBlock, type IArrowBlock } from '../sql/arrow-block';
import {
  cappedOutcome,
  planArrowFetch,
  planThriftFetch,
  singleFetchMayBeCut
} from '../sql/fetch-plan';
import {
  blockQuery,
  countQuery,
  prepareStatement,
  type IPreparedStatement
} from '../sql/statement-blocks';
import {
  explainError,
  isThriftApplicationError,
  serverMessage
} from '../sql/errors';
import { rowsBlock, type IResultBlock } from '../sql/result-block';
import { ReplyTooLargeError } from '../wire/df-reply';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ITranslate } from '../translate';
import type { HeavyConnection, IQueryResult } from './connection';
import { ResultModel } from './result-model';
import {
  cappedNotice,
  pagedNotice,
  singleFetchCutNotice,
  unknownCountNotice
} from './run-notices';

/**
 * How a statement is run: the block size, the first batch, the memory budget and whether to try
 * Arrow, from the editor's settings.
 */
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

/** How the rows came: Arrow through `sql_execute_df`, or Thrift rows. */
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

/** Receives each update of a run, to draw it. */
export type ShowUpdate = (update: IRunUpdate) => void;

/**
 * Run `sql`, choosing Arrow or Thrift rows and whether to fetch in blocks, and report through
 * `show` as rows arrive; rejects with the connector's failure.
 */
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

type UntimedUpdate = Omit<IRunUpdate, 'elapsedMs'>;

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
  sql: string,
  options: {
    maxBytes?: number;
    onEarlyRows?: (block: IArrowBlock) => void;
  } = {}
): Promise<IArrowBlock> {
  const { onEarlyRows } = options;
  const { table } = await con.queryArrow(sql, {
    maxBytes: options.maxBytes,
    onBatches: onEarlyRows && (early => onEarlyRows(arrowBlock(early)))
  });
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
  show: (u: UntimedUpdate) => void
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
  if (!statement.fetchInBlocks) {
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
  const budgetBytes = options.memoryBudgetBytes;
  let announcedBytes: number;
  try {
    let earlyShown = false;
    const whole = await fetchArrow(con, body, {
      maxBytes: budgetBytes,
      onEarlyRows: first
        ? undefined
        : early => {
            if (!earlyShown) {
              earlyShown = true;
              showHeld(
                early,
                false,
                trans.__('Showing the first rows; fetching the rest…')
              );
            }
          }
    });
    showHeld(whole, true);
    return;
  } catch (error) {
    if (!(error instanceof ReplyTooLargeError)) {
      throw error;
    }
    announcedBytes = error.announcedBytes;
  }
  let count: number | undefined;
  let countProblem = '';
  try {
    count = await countRows(con, body);
  } catch (error) {
    countProblem = serverMessage(error);
  }
  const bytesPerRow =
    first && first.length > 0 ? first.bytes / first.length : undefined;
  const plan = planArrowFetch({
    count,
    bytesPerRow,
    announcedBytes,
    budgetBytes,
    ordered: statement.ordered,
    blockSize: options.blockSize
  });
  if (plan.kind === 'whole') {
    throw new ReplyTooLargeError(announcedBytes, budgetBytes); // planArrowFetch never says so here
  }
  if (plan.kind === 'paged') {
    const { blockSize, maxResident } = plan;
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
    show({
      model,
      rows: count ?? block0.length,
      transport: 'arrow',
      final: true,
      notice: pagedNotice(trans, plan, countProblem, budgetBytes)
    });
    return;
  }
  const capped = await fetchArrow(con, blockQuery(body, plan.cap, 0));
  show({
    model: wholeModel(capped),
    rows: capped.length,
    transport: 'arrow',
    final: true,
    notice: cappedNotice(
      trans,
      cappedOutcome(plan.cap, capped.length, count),
      capped.length,
      countProblem,
      budgetBytes
    )
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
  show: (u: UntimedUpdate) => void
): Promise<void> {
  const { body } = statement;
  const plan = planThriftFetch(statement, options.blockSize);
  const { blockSize } = plan;
  if (plan.kind === 'paged') {
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
      plan.limited ? blockQuery(body, blockSize, 0) : body,
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
  const notice = singleFetchMayBeCut(block.length, blockSize)
    ? singleFetchCutNotice(options.trans, plan, statement.reason)
    : undefined;
  show({ model, rows: block.length, transport: 'thrift', final: true, notice });
}
