import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkConfirmationReason } from '../../src/handoff/fragment-trust';
import { buildCodeUrl, readHandoffCode } from '../../src/wire/fragment';
import { describeSource } from '../../src/session/status-text';
import { untranslated } from '../../src/translate';

const PAGE = 'https://notebooks.example.com';
const IMMERSE = 'https://immerse.example.com';
const config = { allowedOrigins: [IMMERSE] };
const db = { protocol: 'https' as const, host: 'db.example.com', port: 443 };
const evil = { protocol: 'http' as const, host: 'evil.example', port: 6274 };

describe('when a #heavyai= link must be confirmed', () => {
  it('is taken silently from an allowed page when there is no session or the server is the same', () => {
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: IMMERSE,
        config,
        pageOrigin: PAGE,
        current: undefined,
        incoming: db
      }),
      undefined
    );
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: IMMERSE,
        config,
        pageOrigin: PAGE,
        current: { ...db },
        incoming: db
      }),
      undefined
    );
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: PAGE,
        config,
        pageOrigin: PAGE,
        current: undefined,
        incoming: db
      }),
      undefined
    );
  });
  it('asks when the sender is unknown or not allowed', () => {
    for (const arrivedFrom of [
      undefined,
      'https://evil.example',
      'null',
      'http://immerse.example.com'
    ]) {
      assert.equal(
        linkConfirmationReason({
          arrivedFrom,
          config,
          pageOrigin: PAGE,
          current: undefined,
          incoming: db
        }),
        'unknown-sender',
        String(arrivedFrom)
      );
    }
  });
  it('asks when an allowed sender names another server than the one in use', () => {
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: IMMERSE,
        config,
        pageOrigin: PAGE,
        current: db,
        incoming: evil
      }),
      'other-server'
    );
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: IMMERSE,
        config,
        pageOrigin: PAGE,
        current: db,
        incoming: { ...db, port: 444 }
      }),
      'other-server'
    );
    assert.equal(
      linkConfirmationReason({
        arrivedFrom: IMMERSE,
        config,
        pageOrigin: PAGE,
        current: db,
        incoming: { ...db, protocol: 'http' }
      }),
      'other-server'
    );
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
