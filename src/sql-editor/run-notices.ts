/**
 * The words of the runner's notices: why a result is paged, cut or counted
 * no further. Each message is a literal a translation catalogue can hold;
 * the decisions they describe are made in sql/fetch-plan.ts.
 */
import type {
  ArrowFetchPlan,
  CappedOutcome,
  ThriftFetchPlan
} from '../sql/fetch-plan';
import type { NotInBlocksReason } from '../sql/statement-blocks';
import type { ITranslate } from '../translate';

/**
 * A count as every text of the editor writes it, in any language: digits grouped by commas.
 * Whole numbers are grouped here rather than by `toLocaleString`, whose first call in a page loads
 * the locale's number data: 15–21 ms inside the frame that shows the deep link's first rows
 * (docs/performance.md).
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) {
    return n.toLocaleString('en-US');
  }
  const grouped = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}
const megabytes = (bytes: number): string =>
  `${formatCount(Math.max(1, Math.round(bytes / 1_048_576)))} MB`;

/** COUNT(*) failed, so rows load block by block as the user scrolls. */
export function unknownCountNotice(
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

/** `prepareStatement`'s reasons in words. */
function notInBlocksReason(
  trans: ITranslate,
  reason: NotInBlocksReason | undefined
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

/** Why an Arrow result is paged: its count failed, or it is larger than the memory budget. */
export function pagedNotice(
  trans: ITranslate,
  plan: Extract<ArrowFetchPlan, { kind: 'paged' }>,
  countProblem: string,
  budgetBytes: number
): string {
  const { reason, blockSize, maxResident } = plan;
  return reason.kind === 'count-unknown'
    ? unknownCountNotice(trans, countProblem, blockSize)
    : trans.__(
        'The result (%1 rows, about %2) is larger than the memory budget (%3): it is fetched in blocks of %4 rows as you scroll, at most %5 blocks kept.',
        formatCount(reason.count),
        megabytes(reason.estimatedBytes),
        megabytes(budgetBytes),
        formatCount(blockSize),
        formatCount(maxResident)
      );
}

/** What a capped Arrow fetch says: the rows were cut (and how to see them all), or COUNT(*) failed. */
export function cappedNotice(
  trans: ITranslate,
  outcome: CappedOutcome,
  received: number,
  countProblem: string,
  budgetBytes: number
): string | undefined {
  switch (outcome.kind) {
    case 'complete':
      return undefined;
    case 'complete-count-unknown':
      return trans.__(
        'COUNT(*) failed (%1), but all %2 rows of the result arrived.',
        countProblem,
        formatCount(received)
      );
    case 'cut':
      return outcome.count === undefined
        ? trans.__(
            'The total row count is unknown (COUNT(*) failed: %1). Showing the first %2 rows: the whole result exceeds the memory budget (%3) and the statement has no ORDER BY to page by. Add ORDER BY to page through every row, or raise the budget in Settings.',
            countProblem,
            formatCount(received),
            megabytes(budgetBytes)
          )
        : trans.__(
            'Showing the first %1 of %2 rows: the whole result exceeds the memory budget (%3) and the statement has no ORDER BY to page by. Add ORDER BY to page through every row, or raise the budget in Settings.',
            formatCount(received),
            formatCount(outcome.count),
            megabytes(budgetBytes)
          );
  }
}

/** A single Thrift fetch filled its limit: why it was not paged. */
export function singleFetchCutNotice(
  trans: ITranslate,
  plan: Extract<ThriftFetchPlan, { kind: 'single' }>,
  reason: NotInBlocksReason | undefined
): string {
  return plan.limited
    ? trans.__(
        'Showing the first %1 rows: this statement cannot be fetched in blocks (it has no ORDER BY, so blocks could skip or repeat rows). Add ORDER BY to page through every row.',
        formatCount(plan.blockSize)
      )
    : trans.__(
        'Showing the first %1 rows: this statement cannot be fetched in blocks (%2).',
        formatCount(plan.blockSize),
        notInBlocksReason(trans, reason)
      );
}
