// What the editor says about a held statement and a shown result: every reason its own sentence,
// counts and times written the same way in every language, every part through the translation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import type { HoldReason } from '../../src/sql/auto-run';
import {
  heldStatementText,
  resultStatusText
} from '../../src/sql-editor/editor-texts';
import { type ITranslate, untranslated } from '../../src/translate';

const REASONS: HoldReason[] = [
  'empty',
  'changes-data',
  'several',
  'unrecognised',
  'untrusted-handoff',
  'not-run-before'
];

/** Marks what went through it, so a text built outside the translation shows. */
const marking: ITranslate = {
  __: (msgid, ...args) => `«${untranslated.__(msgid, ...args)}»`,
  _n: (msgid, plural, n, ...args) =>
    `«${untranslated._n(msgid, plural, n, ...args)}»`
};

describe('heldStatementText', () => {
  it('gives each reason its own sentence, and all but an empty statement say to press Run', () => {
    const texts = REASONS.map(reason =>
      heldStatementText(untranslated, reason)
    );
    assert.equal(new Set(texts).size, REASONS.length);
    texts.forEach((text, i) =>
      REASONS[i] === 'empty'
        ? assert.equal(text, 'There is no statement to run.')
        : assert.match(text, /press Run/i)
    );
  });

  it('is translated whole', () => {
    for (const reason of REASONS) {
      assert.match(heldStatementText(marking, reason), /^«[^«»]+»$/);
    }
  });
});

describe('resultStatusText', () => {
  it('writes counts with separators and rounds the time', () => {
    assert.equal(
      resultStatusText(untranslated, {
        rows: 1_234_567,
        elapsedMs: 1234.6,
        transport: 'arrow',
        final: true
      }),
      '1,234,567 rows · 1,235 ms · Arrow'
    );
  });

  it('says when more rows are coming and how Thrift rows came', () => {
    assert.equal(
      resultStatusText(untranslated, {
        rows: 1000,
        elapsedMs: 80,
        transport: 'thrift',
        fallback: 'Arrow is off',
        final: false
      }),
      '1,000 rows so far · 80 ms · Thrift rows (the server refused Arrow)'
    );
    assert.equal(
      resultStatusText(untranslated, {
        rows: 1,
        elapsedMs: 0,
        transport: 'thrift',
        final: true
      }),
      '1 rows · 0 ms · Thrift rows'
    );
  });

  it('translates the sentence and each of its parts', () => {
    assert.equal(
      resultStatusText(marking, {
        rows: 2,
        elapsedMs: 5,
        transport: 'arrow',
        final: true
      }),
      '«2 rows · «5 ms» · «Arrow»»'
    );
  });
});
