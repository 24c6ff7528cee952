/**
 * Fuzz, postMessage path: the seeded payloads of test/wire/fuzz-payloads.ts posted
 * from the demo host page to the built site's real listener, which answers
 * each with accepted or rejected; an oracle written from README's rules says
 * which answer is right. The fragment path runs in test/wire/fuzz.test.ts.
 */
import {
  BINARY_MARK,
  generatePayloads,
  mustAccept
} from '../../test/wire/fuzz-payloads';
import { expect, test } from '../fixtures';
import { openHostPage } from '../handoff-helpers';
import { SITE_ORIGIN } from '../ports';

const SEED = 0x12b;
const COUNT = 1200;
const BATCH = 100;
/** Long single-character strings cross into the page as a count, not as megabytes of JSON. */
const REPEAT_MARK = '$$fuzz-repeat';

function compact(value: unknown): unknown {
  if (
    typeof value === 'string' &&
    value.length > 4096 &&
    value === value[0].repeat(value.length)
  ) {
    return { [REPEAT_MARK]: [value[0], value.length] };
  }
  if (Array.isArray(value)) {
    return value.map(compact);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, compact(v)])
    );
  }
  return value;
}

test('postMessage path: ≥ 1000 seeded payloads, none wrongly accepted or rejected', async ({
  page
}) => {
  test.setTimeout(600_000);
  await openHostPage(page);
  const payloads = generatePayloads(SEED, COUNT);
  const verdicts: string[] = [];
  for (let start = 0; start < payloads.length; start += BATCH) {
    const batch = payloads.slice(start, start + BATCH).map(compact);
    const replies = await page.evaluate(
      async ([items, siteOrigin, binaryMark, repeatMark]) => {
        const revive = (value: unknown): unknown => {
          if (Array.isArray(value)) {
            return value.map(revive);
          }
          if (value && typeof value === 'object') {
            const record = value as Record<string, unknown>;
            if (repeatMark in record) {
              const [char, length] = record[repeatMark] as [string, number];
              return char.repeat(length);
            }
            if (binaryMark in record) {
              switch (record[binaryMark]) {
                case 'ArrayBuffer':
                  return new ArrayBuffer(16);
                case 'ArrayBuffer-3MiB':
                  return new ArrayBuffer(3 * 1024 * 1024);
                case 'Uint8Array':
                  return new Uint8Array([1, 2, 3]);
                case 'Blob':
                  return new Blob(['blob']);
                case 'Map':
                  return new Map([['a', 1]]);
                default:
                  return new Date(0);
              }
            }
            return Object.fromEntries(
              Object.entries(record).map(([k, v]) => [k, revive(v)])
            );
          }
          return value;
        };
        const target = (document.getElementById('site') as HTMLIFrameElement)
          .contentWindow!;
        const out: string[] = [];
        for (const item of items) {
          // One at a time: the site's replies carry no id, so each is awaited before the next is posted.
          out.push(
            await new Promise<string>(resolve => {
              const timer = setTimeout(() => done('no reply'), 10_000);
              function done(answer: string) {
                clearTimeout(timer);
                window.removeEventListener('message', onReply);
                resolve(answer);
              }
              function onReply(event: MessageEvent) {
                const type = event.data?.type;
                if (
                  event.origin === siteOrigin &&
                  (type === 'heavyai:session-accepted' ||
                    type === 'heavyai:session-rejected')
                ) {
                  done(
                    type === 'heavyai:session-accepted'
                      ? 'accepted'
                      : 'rejected'
                  );
                }
              }
              window.addEventListener('message', onReply);
              target.postMessage(revive(item), siteOrigin);
            })
          );
        }
        return out;
      },
      [batch, SITE_ORIGIN, BINARY_MARK, REPEAT_MARK] as const
    );
    verdicts.push(...replies);
  }
  expect(verdicts).toHaveLength(payloads.length);
  expect(verdicts.filter(v => v === 'no reply')).toEqual([]);
  const wrong = { accepted: [] as string[], rejected: [] as string[] };
  let expectedAccepts = 0;
  payloads.forEach((payload, i) => {
    const expected = mustAccept(payload);
    expectedAccepts += expected ? 1 : 0;
    const actual = verdicts[i] === 'accepted';
    if (actual !== expected) {
      (actual ? wrong.accepted : wrong.rejected).push(
        JSON.stringify(compact(payload)).slice(0, 300)
      );
    }
  });
  console.log(
    `fuzz (postMessage): ${payloads.length} payloads, ${expectedAccepts} to accept; ` +
      `wrongly accepted ${wrong.accepted.length}, wrongly rejected ${wrong.rejected.length}`
  );
  expect(expectedAccepts).toBeGreaterThanOrEqual(100);
  expect(payloads.length - expectedAccepts).toBeGreaterThanOrEqual(100);
  expect(wrong).toEqual({ accepted: [], rejected: [] });
});
