import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isTrustedArrival,
  linkConfirmationReason
} from '../../src/handoff/fragment-trust';
import {
  buildCodeUrl,
  readFragmentFlag,
  readHandoffCode,
  REFUSED_LINK_KEY
} from '../../src/wire/fragment';
import { statementPreview } from '../../src/handoff/link-summary';
import { describeSource } from '../../src/session/status-text';
import { untranslated } from '../../src/translate';

const PAGE = 'https://notebooks.example.com';
const IMMERSE = 'https://immerse.example.com';
const config = { allowedOrigins: [IMMERSE] };
const db = { protocol: 'https' as const, host: 'db.example.com', port: 443 };
const evil = { protocol: 'http' as const, host: 'evil.example', port: 6274 };

const top = (referrer: string | undefined) => ({
  referrer,
  framed: false,
  embedders: []
});
const framed = (embedders: string[], referrer: string | undefined) => ({
  referrer,
  framed: true,
  embedders
});

describe('when a #heavyai= link must be confirmed', () => {
  it('is taken silently from an allowed page when there is no session or the server is the same', () => {
    for (const current of [undefined, { ...db }]) {
      assert.equal(
        linkConfirmationReason({
          arrival: top(IMMERSE),
          config,
          current,
          incoming: db
        }),
        undefined
      );
    }
    assert.equal(
      linkConfirmationReason({
        arrival: framed([IMMERSE], IMMERSE),
        config,
        current: undefined,
        incoming: db
      }),
      undefined
    );
  });
  it('asks when the sender is unknown or not allowed', () => {
    for (const referrer of [
      undefined,
      'https://evil.example',
      'null',
      'http://immerse.example.com'
    ]) {
      assert.equal(
        linkConfirmationReason({
          arrival: top(referrer),
          config,
          current: undefined,
          incoming: db
        }),
        'unknown-sender',
        String(referrer)
      );
    }
  });
  it("asks for a link from the site's own pages: a notebook, the root redirect, any page of the site", () => {
    assert.equal(
      linkConfirmationReason({
        arrival: top(PAGE),
        config,
        current: undefined,
        incoming: db
      }),
      'unknown-sender'
    );
    // With the default configuration no page at all is a silent sender of links.
    assert.equal(isTrustedArrival(top(PAGE), { allowedOrigins: [] }), false);
  });
  it('in a frame, asks unless the referrer and every embedding page are allowed', () => {
    for (const arrival of [
      // A page framing Immerse navigates the site's frame inside it.
      framed([IMMERSE, 'https://evil.example'], 'https://evil.example'),
      // The same before the frame's first load: Chromium reports Immerse as the referrer.
      framed([IMMERSE, 'https://evil.example'], IMMERSE),
      framed([IMMERSE], 'https://evil.example'),
      framed(['https://evil.example'], IMMERSE),
      // A browser that does not report the embedding pages (no ancestorOrigins).
      framed([], IMMERSE),
      framed([IMMERSE], undefined),
      framed([IMMERSE], PAGE)
    ]) {
      assert.equal(
        linkConfirmationReason({
          arrival,
          config,
          current: undefined,
          incoming: db
        }),
        'unknown-sender',
        JSON.stringify(arrival)
      );
    }
  });
  it('asks when an allowed sender names another server than the one in use', () => {
    for (const incoming of [
      evil,
      { ...db, port: 444 },
      { ...db, protocol: 'http' as const }
    ]) {
      assert.equal(
        linkConfirmationReason({
          arrival: top(IMMERSE),
          config,
          current: db,
          incoming
        }),
        'other-server'
      );
    }
  });
  it('labels the source truthfully', () => {
    assert.equal(
      describeSource({ senderOrigin: IMMERSE, via: 'message' }, untranslated),
      IMMERSE
    );
    assert.equal(
      describeSource({ senderOrigin: IMMERSE, via: 'link' }, untranslated),
      `${IMMERSE} (link)`
    );
    assert.equal(
      describeSource({ senderOrigin: '', via: 'confirmed-link' }, untranslated),
      'an unknown page (link, confirmed by the user)'
    );
  });
});

describe('#heavyai-code= fragments', () => {
  const code = 'A'.repeat(43);
  it('builds a URL with the flags and the code only', () => {
    assert.equal(
      buildCodeUrl(`${PAGE}/lab/index.html`, code),
      `${PAGE}/lab/index.html?heavyai&reset#heavyai-code=${code}`
    );
    assert.throws(() => buildCodeUrl(PAGE, 'short'));
  });
  it('reads the code, keeps other fragment parts, and removes a malformed code too', () => {
    assert.deepEqual(readHandoffCode(`#a=1&heavyai-code=${code}&b`), {
      found: true,
      code,
      remainingHash: '#a=1&b'
    });
    assert.deepEqual(readHandoffCode('#heavyai-code=%3Cscript%3E'), {
      found: true,
      code: undefined,
      remainingHash: ''
    });
    assert.deepEqual(readHandoffCode('#heavyai=abc'), { found: false });
    assert.deepEqual(readHandoffCode(''), { found: false });
  });
});

describe('what a link question shows of the statement', () => {
  it('shows a short statement whole', () => {
    assert.equal(statementPreview('SELECT 1'), 'SELECT 1');
    assert.equal(statementPreview('SELECT 1\n\n  '), 'SELECT 1');
  });
  it('shows the first lines, with … when longer', () => {
    const statement = ['DROP TABLE a;', 'DROP TABLE b;', 'DROP TABLE c;'].join(
      '\n'
    );
    assert.equal(
      statementPreview(statement, 2),
      'DROP TABLE a;\nDROP TABLE b;…'
    );
    assert.equal(statementPreview(statement, 3), statement);
  });
  it('cuts a long line, never inside a character', () => {
    assert.equal(statementPreview('x'.repeat(10), 6, 4), 'xxxx…');
    assert.equal(statementPreview('ab\u{1F600}cd', 6, 3), 'ab…');
  });
});

describe('the root page mark', () => {
  it('is found as a bare part of the fragment and removed', () => {
    assert.deepEqual(
      readFragmentFlag('#a=1&heavyai-link-refused', REFUSED_LINK_KEY),
      {
        found: true,
        remainingHash: '#a=1'
      }
    );
    assert.deepEqual(
      readFragmentFlag('#heavyai-link-refused=1', REFUSED_LINK_KEY),
      {
        found: false,
        remainingHash: '#heavyai-link-refused=1'
      }
    );
  });
});
