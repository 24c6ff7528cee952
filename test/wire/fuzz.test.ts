/**
 * Fuzz, fragment path: seeded payloads encoded as `#heavyai=` links and read
 * back through the site's own code (readHandoffFragment → validateSessionPayload
 * → recordFromPayload, as src/plugins/handoff.ts does), judged by an oracle
 * written from README's rules. The postMessage path runs in ui-tests/tests/fuzz.spec.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { readHeavyAIConfig } from '../../src/site-config';
import { recordFromPayload } from '../../src/store/record';
import { encodePayload, readHandoffFragment } from '../../src/wire/fragment';
import { validateSessionPayload } from '../../src/wire/validate';
import { generatePayloads, holdsNonJson, mustAccept } from './fuzz-payloads';

export const FUZZ_SEED = 0x12b;
const PAGE = 'http://127.0.0.1:8000/lab/index.html';

function siteAccepts(hash: string): boolean {
  const fragment = readHandoffFragment(hash);
  if (!fragment.found || fragment.error !== undefined) {
    return false;
  }
  const checked = validateSessionPayload(fragment.payload);
  if (!checked.ok) {
    return false;
  }
  const { config } = readHeavyAIConfig({});
  return recordFromPayload(
    checked.value,
    new URL(PAGE).origin,
    Date.now(),
    config,
    PAGE
  ).ok;
}

test('fragment path: ≥ 1000 seeded payloads, none wrongly accepted or rejected', () => {
  const payloads = generatePayloads(FUZZ_SEED, 1200).filter(
    payload => !holdsNonJson(payload)
  );
  assert.ok(payloads.length >= 1000, `${payloads.length} JSON payloads`);
  const wrong = { accepted: [] as string[], rejected: [] as string[] };
  let expectedAccepts = 0;
  for (const payload of payloads) {
    const expected = mustAccept(payload);
    expectedAccepts += expected ? 1 : 0;
    const actual = siteAccepts(`#heavyai=${encodePayload(payload)}`);
    if (actual !== expected) {
      (actual ? wrong.accepted : wrong.rejected).push(
        JSON.stringify(payload).slice(0, 300)
      );
    }
  }
  console.log(
    `fuzz (fragment): ${payloads.length} payloads, ${expectedAccepts} to accept; ` +
      `wrongly accepted ${wrong.accepted.length}, wrongly rejected ${wrong.rejected.length}`
  );
  // Both kinds must be well represented, or the test proves little.
  assert.ok(
    expectedAccepts >= 100 && payloads.length - expectedAccepts >= 100,
    `${expectedAccepts} accepts`
  );
  assert.deepEqual(wrong, { accepted: [], rejected: [] });
});

test('the seeded generator is deterministic', () => {
  assert.deepEqual(generatePayloads(7, 50), generatePayloads(7, 50));
  assert.notDeepEqual(generatePayloads(7, 50), generatePayloads(8, 50));
});
