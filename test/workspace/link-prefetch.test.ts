// The deep link's prefetch: a first call goes out at load only for a link the hand-off will take
// without asking and a statement the editor runs by itself, and it is the editor's own first call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  linkPrefetchCall,
  type ILinkPrefetchInput
} from '../../src/workspace/link-prefetch';
import { parseHeavyAIConfig } from '../../src/site-config';
import { handoffFirstBatch } from '../../src/sql-editor/early-statement';
import { resolveConnectionTarget } from '../../src/sql-editor/connection-target';
import { DEFAULT_SETTINGS } from '../../src/sql/settings';
import { recordFromPayload } from '../../src/store/record';
import { encodePayload } from '../../src/wire/fragment';
import type { ISessionPayload } from '../../src/wire/payload';

const IMMERSE = 'https://immerse.example.com';
const PAGE = 'https://lite.example.com/lab/index.html';
const SERVER = {
  protocol: 'https' as const,
  host: 'db.example.com',
  port: 443
};
const payload: ISessionPayload = {
  session: 'link-session-id',
  connection: SERVER,
  query: 'SELECT * FROM flights'
};

function input(
  overrides: Partial<ILinkPrefetchInput> = {},
  sent = payload
): ILinkPrefetchInput {
  return {
    fragment: {
      found: true,
      encoded: encodePayload(sent),
      arrival: { referrer: IMMERSE, framed: false, embedders: [] }
    },
    current: undefined,
    config: parseHeavyAIConfig({ allowedOrigins: [IMMERSE] }).config,
    pageHref: PAGE,
    settings: DEFAULT_SETTINGS,
    now: 0,
    ...overrides
  };
}

describe('linkPrefetchCall: what the deep link posts while JupyterLab starts', () => {
  it("a link from an allowed page with a read-only query: exactly the editor's first call", () => {
    const call = linkPrefetchCall(input());
    const config = parseHeavyAIConfig({ allowedOrigins: [IMMERSE] }).config;
    const record = recordFromPayload(payload, IMMERSE, 0, config, PAGE, 'link');
    assert.ok(record.ok);
    // What the workspace's editor sends once the stored session and the settings are there.
    assert.deepEqual(call, {
      target: resolveConnectionTarget(record.value, DEFAULT_SETTINGS, ''),
      session: 'link-session-id',
      sql: handoffFirstBatch(record.value, DEFAULT_SETTINGS)
    });
    assert.match(call!.sql, /LIMIT 1000/);
    assert.equal(call!.target.host, 'db.example.com');
  });

  it('the same server as the session in use: still posted', () => {
    assert.ok(linkPrefetchCall(input({ current: SERVER })));
  });

  it('nothing for a link the user will be asked about', () => {
    // No referrer (pasted, a chat's noreferrer link), a page not allowed, a framing page not
    // allowed, another server than the one in use.
    for (const arrival of [
      { referrer: undefined, framed: false, embedders: [] },
      { referrer: 'https://evil.example.net', framed: false, embedders: [] },
      {
        referrer: IMMERSE,
        framed: true,
        embedders: ['https://evil.example.net']
      },
      { referrer: IMMERSE, framed: true, embedders: [] }
    ]) {
      const base = input();
      assert.equal(
        linkPrefetchCall({ ...base, fragment: { ...base.fragment, arrival } }),
        undefined,
        JSON.stringify(arrival)
      );
    }
    assert.equal(
      linkPrefetchCall(
        input({
          current: { protocol: 'https', host: 'other.example.com', port: 443 }
        })
      ),
      undefined
    );
  });

  it('nothing for a statement the editor would not run by itself, or not fetch in a first batch', () => {
    for (const query of [
      'DROP TABLE flights',
      '',
      'SELECT * FROM flights LIMIT 5'
    ]) {
      assert.equal(
        linkPrefetchCall(input({}, { ...payload, query })),
        undefined,
        query
      );
    }
    assert.equal(
      linkPrefetchCall(
        input({ settings: { ...DEFAULT_SETTINGS, arrow: false } })
      ),
      undefined
    );
    assert.equal(
      linkPrefetchCall(
        input({ settings: { ...DEFAULT_SETTINGS, firstBatchRows: 0 } })
      ),
      undefined
    );
  });

  it('the remembered first batch size shapes the statement', () => {
    const call = linkPrefetchCall(
      input({ settings: { ...DEFAULT_SETTINGS, firstBatchRows: 250 } })
    );
    assert.match(call!.sql, /LIMIT 250/);
  });

  it('nothing for a link that is not a valid session', () => {
    const base = input();
    for (const encoded of [
      '',
      'not base64 !!',
      encodePayload({ query: 'SELECT 1' })
    ]) {
      assert.equal(
        linkPrefetchCall({ ...base, fragment: { ...base.fragment, encoded } }),
        undefined,
        encoded
      );
    }
    assert.equal(
      linkPrefetchCall(
        input(
          {},
          {
            ...payload,
            connection: { ...SERVER, protocol: 'javascript' as any }
          }
        )
      ),
      undefined
    );
  });
});
