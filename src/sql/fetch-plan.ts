/**
 * How a statement's rows are fetched once the whole result was refused for
 * the memory budget (the server announced more bytes than it allows), from
 * what is known then: its row count, the bytes per row, the memory budget,
 * and whether the statement has an order two LIMIT/OFFSET blocks agree on. The editor's runner carries a plan out;
 * the wording of each notice is the runner's. No JupyterLab imports.
 */
import type { IPreparedStatement } from './statement-blocks';

/** What is known before the whole result is fetched (Arrow path). */
export interface IArrowFetchFacts {
  /** Rows of the result, when COUNT(*) answered. */
  count: number | undefined;
  /** Bytes per row of the first batch, when there was a non-empty one. */
  bytesPerRow: number | undefined;
  /**
   * Bytes the server announced for the whole result when it was refused for the budget: the
   * result is then known not to fit, and this over the count is its exact bytes per row.
   */
  announcedBytes?: number;
  /** The memory budget of one result, in bytes. */
  budgetBytes: number;
  /** The statement sorts its result at its own level (ORDER BY). */
  ordered: boolean;
  /** Rows of one LIMIT/OFFSET block. */
  blockSize: number;
}

/** Why a result is paged instead of held whole. */
export type PagedReason =
  /** COUNT(*) failed: the size is unknown. */
  | { kind: 'count-unknown' }
  /** The estimated size exceeds the budget. */
  | { kind: 'over-budget'; count: number; estimatedBytes: number };

/** How the Arrow path fetches a statement that may be fetched in blocks. */
export type ArrowFetchPlan =
  /** Fetch the whole result once: its size is known to fit (or cannot be estimated but is counted). */
  | { kind: 'whole' }
  /** LIMIT/OFFSET blocks of a stable order, at most `maxResident` kept in memory. */
  | {
      kind: 'paged';
      blockSize: number;
      maxResident: number;
      reason: PagedReason;
    }
  /** No order to page by: one fetch of the first `cap` rows, which fit the budget. */
  | { kind: 'capped'; cap: number };

/** Blocks kept resident when the size of a block is unknown. */
const DEFAULT_RESIDENT_BLOCKS = 3;
/** Never fewer resident blocks than this: the rows on screen can straddle two. */
const MIN_RESIDENT_BLOCKS = 2;

/** Decide how the Arrow path fetches the rest of a result after its first batch and COUNT(*). */
export function planArrowFetch(facts: IArrowFetchFacts): ArrowFetchPlan {
  const { count, budgetBytes, ordered, blockSize, announcedBytes } = facts;
  const bytesPerRow =
    announcedBytes !== undefined && count
      ? announcedBytes / count
      : facts.bytesPerRow;
  const fits =
    announcedBytes === undefined &&
    count !== undefined &&
    (bytesPerRow === undefined || count * bytesPerRow <= budgetBytes);
  if (fits) {
    return { kind: 'whole' };
  }
  if (ordered) {
    const blockBytes = bytesPerRow ? blockSize * bytesPerRow : 0;
    const maxResident =
      blockBytes > 0
        ? Math.max(MIN_RESIDENT_BLOCKS, Math.floor(budgetBytes / blockBytes))
        : DEFAULT_RESIDENT_BLOCKS;
    const reason: PagedReason =
      count === undefined
        ? { kind: 'count-unknown' }
        : {
            kind: 'over-budget',
            count,
            estimatedBytes: count * (bytesPerRow ?? 0)
          };
    return { kind: 'paged', blockSize, maxResident, reason };
  }
  const cap = bytesPerRow
    ? Math.max(1, Math.floor(budgetBytes / bytesPerRow))
    : blockSize;
  return { kind: 'capped', cap };
}

/** What a capped fetch tells the user, once its rows arrived. */
export type CappedOutcome =
  /** Every row arrived and the count agrees: nothing to say. */
  | { kind: 'complete' }
  /** Every row arrived although COUNT(*) failed. */
  | { kind: 'complete-count-unknown' }
  /** The rows were cut at the cap; `count` is the total when known. */
  | { kind: 'cut'; count: number | undefined };

/** Judge a capped fetch: `received` rows arrived for a cap of `cap`. */
export function cappedOutcome(
  cap: number,
  received: number,
  count: number | undefined
): CappedOutcome {
  if (received >= cap && count !== received) {
    return { kind: 'cut', count };
  }
  return count === undefined
    ? { kind: 'complete-count-unknown' }
    : { kind: 'complete' };
}

/** How the Thrift path fetches a statement. */
export type ThriftFetchPlan =
  /** LIMIT/OFFSET blocks as the user scrolls, counted in the background. */
  | { kind: 'paged'; blockSize: number }
  /** One fetch of at most `blockSize` rows (as one block when the statement takes LIMIT). */
  | { kind: 'single'; blockSize: number; limited: boolean };

/** Decide how the Thrift path fetches a statement: blocks only for an ordered one. */
export function planThriftFetch(
  statement: Pick<IPreparedStatement, 'fetchInBlocks' | 'ordered'>,
  blockSize: number
): ThriftFetchPlan {
  return statement.fetchInBlocks && statement.ordered
    ? { kind: 'paged', blockSize }
    : { kind: 'single', blockSize, limited: statement.fetchInBlocks };
}

/** Whether a single Thrift fetch shows fewer rows than the result may hold (it filled its limit). */
export function singleFetchMayBeCut(
  received: number,
  blockSize: number
): boolean {
  return received >= blockSize;
}
