import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { memoryStorageChosen } from '../../src/store/memory-mode';
import {
  nothingKeptNotice,
  NOTICE_MAX_LENGTH
} from '../../src/store/nothing-kept';
import { untranslated } from '../../src/translate';

const NOTHING_KEPT_NOTICE = nothingKeptNotice(untranslated);

describe('memory storage mode', () => {
  it('is chosen only by the loader’s JSON true', () => {
    assert.equal(memoryStorageChosen('true'), true);
    for (const option of [undefined, '', 'false', '"true"', '1', '{', 'null']) {
      assert.equal(memoryStorageChosen(option), false, String(option));
    }
  });

  it('fits the notice in what JupyterLab shows, fact first', () => {
    assert.ok(
      NOTHING_KEPT_NOTICE.length <= NOTICE_MAX_LENGTH,
      `${NOTHING_KEPT_NOTICE.length} characters`
    );
    assert.match(
      NOTHING_KEPT_NOTICE,
      /^Nothing will be kept after this page closes/
    );
  });

  it('is the translator’s text (English by default)', () => {
    const seen: string[] = [];
    const text = nothingKeptNotice({
      __: msgid => (seen.push(msgid), 'Rien ne sera conservé.'),
      _n: msgid => msgid
    });
    assert.equal(text, 'Rien ne sera conservé.');
    assert.deepEqual(seen, [NOTHING_KEPT_NOTICE]);
  });
});
