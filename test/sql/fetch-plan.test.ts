import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  cappedOutcome,
  planArrowFetch,
  planThriftFetch,
  singleFetchMayBeCut,
  type IArrowFetchFacts
} from '../../src/sql/fetch-plan';

const MB = 1_048_576;
/** 1,000,000 rows of about 44 bytes: the stand-in's `flights`, about 42 MB of Arrow. */
const flights: IArrowFetchFacts = {
  count: 1_000_000,
  bytesPerRow: 44,
  budgetBytes: 256 * MB,
  ordered: false,
  blockSize: 50_000
};

describe('planArrowFetch', () => {
  it('fetches the whole result when its estimated size fits the budget', () => {
    assert.deepEqual(planArrowFetch(flights), { kind: 'whole' });
    // Exactly at the budget still fits.
    assert.deepEqual(planArrowFetch({ ...flights, budgetBytes: 44_000_000 }), {
      kind: 'whole'
    });
  });

  it('fetches a counted result whole when there was no first batch to estimate from', () => {
    assert.deepEqual(planArrowFetch({ ...flights, bytesPerRow: undefined }), {
      kind: 'whole'
    });
  });

  it('pages an ordered result over the budget, keeping as many blocks as the budget holds', () => {
    const plan = planArrowFetch({
      ...flights,
      ordered: true,
      budgetBytes: 8 * MB
    });
    assert.deepEqual(plan, {
      kind: 'paged',
      blockSize: 50_000,
      // 8 MB / (50,000 rows × 44 bytes) = 3.8 blocks
      maxResident: 3,
      reason: {
        kind: 'over-budget',
        count: 1_000_000,
        estimatedBytes: 44_000_000
      }
    });
  });

  it('keeps at least two blocks resident however small the budget', () => {
    const plan = planArrowFetch({ ...flights, ordered: true, budgetBytes: 1 });
    assert.equal(plan.kind, 'paged');
    assert.equal(plan.kind === 'paged' && plan.maxResident, 2);
  });

  it('pages an ordered result whose COUNT(*) failed, three blocks resident without a size estimate', () => {
    assert.deepEqual(
      planArrowFetch({
        ...flights,
        ordered: true,
        count: undefined,
        bytesPerRow: undefined
      }),
      {
        kind: 'paged',
        blockSize: 50_000,
        maxResident: 3,
        reason: { kind: 'count-unknown' }
      }
    );
    const sized = planArrowFetch({
      ...flights,
      ordered: true,
      count: undefined
    });
    // 256 MB / (50,000 rows × 44 bytes) = 122.0 blocks
    assert.equal(sized.kind === 'paged' && sized.maxResident, 122);
  });

  it('never fetches whole a result the server announced over the budget, sized by the announced bytes', () => {
    // The first batch's bytes per row (44) would say 44 MB fits 256 MB; the announced size says not.
    const announced = { ...flights, announcedBytes: 300 * MB };
    const capped = planArrowFetch(announced);
    assert.deepEqual(capped, {
      kind: 'capped',
      cap: Math.floor((256 * MB) / ((300 * MB) / 1_000_000))
    });
    const paged = planArrowFetch({ ...announced, ordered: true });
    assert.deepEqual(paged, {
      kind: 'paged',
      blockSize: 50_000,
      maxResident: Math.floor((256 * MB) / (50_000 * ((300 * MB) / 1_000_000))),
      reason: {
        kind: 'over-budget',
        count: 1_000_000,
        estimatedBytes: 300 * MB
      }
    });
    // Without a count, the announced size still rules out a whole fetch.
    assert.equal(
      planArrowFetch({ ...announced, count: undefined, ordered: true }).kind,
      'paged'
    );
  });

  it('caps an unordered result over the budget at the rows that fit', () => {
    assert.deepEqual(planArrowFetch({ ...flights, budgetBytes: 4 * MB }), {
      kind: 'capped',
      cap: Math.floor((4 * MB) / 44)
    });
  });

  it('caps an unordered result of unknown size at one block, and at least one row', () => {
    assert.deepEqual(
      planArrowFetch({ ...flights, count: undefined, bytesPerRow: undefined }),
      { kind: 'capped', cap: 50_000 }
    );
    assert.deepEqual(
      planArrowFetch({
        ...flights,
        count: undefined,
        bytesPerRow: 10 * MB,
        budgetBytes: 4 * MB
      }),
      { kind: 'capped', cap: 1 }
    );
  });
});

describe('cappedOutcome', () => {
  it('is cut when the cap was filled and the count does not say that was all', () => {
    assert.deepEqual(cappedOutcome(100, 100, 250), { kind: 'cut', count: 250 });
    assert.deepEqual(cappedOutcome(100, 100, undefined), {
      kind: 'cut',
      count: undefined
    });
  });

  it('is complete when fewer rows than the cap arrived, or the count matches', () => {
    assert.deepEqual(cappedOutcome(100, 40, 40), { kind: 'complete' });
    assert.deepEqual(cappedOutcome(100, 100, 100), { kind: 'complete' });
  });

  it('says the count failed although every row arrived', () => {
    assert.deepEqual(cappedOutcome(100, 40, undefined), {
      kind: 'complete-count-unknown'
    });
  });
});

describe('planThriftFetch', () => {
  it('pages only a statement that may take LIMIT/OFFSET and has its own order', () => {
    assert.deepEqual(
      planThriftFetch({ fetchInBlocks: true, ordered: true }, 50_000),
      { kind: 'paged', blockSize: 50_000 }
    );
  });

  it('fetches an unordered query once, as one limited block', () => {
    assert.deepEqual(
      planThriftFetch({ fetchInBlocks: true, ordered: false }, 50_000),
      { kind: 'single', blockSize: 50_000, limited: true }
    );
  });

  it('fetches a statement that cannot take LIMIT once, unchanged', () => {
    for (const ordered of [true, false]) {
      assert.deepEqual(
        planThriftFetch({ fetchInBlocks: false, ordered }, 50_000),
        { kind: 'single', blockSize: 50_000, limited: false }
      );
    }
  });

  it('calls a single fetch cut only when it filled its limit', () => {
    assert.equal(singleFetchMayBeCut(50_000, 50_000), true);
    assert.equal(singleFetchMayBeCut(49_999, 50_000), false);
  });
});
