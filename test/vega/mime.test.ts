// The Vega output's pure parts: which MIME type, the spec's text, the stored image and
// timings, what gets written back, and the errors that say what to do next.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConnectionError } from '../../src/sql/errors';
import { untranslated } from '../../src/translate';
import {
  LEGACY_VEGA_MIME_TYPE,
  VEGA_MIME_TYPE,
  caption,
  explainRenderError,
  noSessionMessage,
  specText,
  storedImage,
  storedTimings,
  vegaMimeTypeOf,
  withImage
} from '../../src/vega/mime';

const db = (error_msg: string) => ({ name: 'TDBException', error_msg });
const timings = { execution_time_ms: 8, render_time_ms: 4, total_time_ms: 13 };

test('the current MIME type wins over the legacy one; either is found', () => {
  assert.equal(
    vegaMimeTypeOf({ [LEGACY_VEGA_MIME_TYPE]: {} }),
    LEGACY_VEGA_MIME_TYPE
  );
  assert.equal(
    vegaMimeTypeOf({ [LEGACY_VEGA_MIME_TYPE]: {}, [VEGA_MIME_TYPE]: {} }),
    VEGA_MIME_TYPE
  );
  assert.equal(vegaMimeTypeOf({ 'image/png': 'x' }), undefined);
});

test('the spec is sent as JSON text whether stored as an object or as text', () => {
  assert.equal(specText({ width: 1, marks: [] }), '{"width":1,"marks":[]}');
  assert.equal(specText('{"width": 1}'), '{"width": 1}');
});

test('a stored image is read as a string or as nbformat lines, without whitespace', () => {
  assert.equal(storedImage({ 'image/png': 'iVBO\nRw0=' }), 'iVBORw0=');
  assert.equal(storedImage({ 'image/png': ['iVBO\n', 'Rw0='] }), 'iVBORw0=');
  assert.equal(storedImage({ 'image/png': '' }), undefined);
  assert.equal(storedImage({}), undefined);
});

test('the image and timings are written beside the spec, keeping what was there', () => {
  const data = { [VEGA_MIME_TYPE]: { width: 1 }, 'text/plain': 'spec' };
  const metadata = { [VEGA_MIME_TYPE]: { own: 1 }, other: true };
  const next = withImage(data, metadata, VEGA_MIME_TYPE, {
    png: 'AAAA',
    timings
  });
  assert.deepEqual(next.data, { ...data, 'image/png': 'AAAA' });
  assert.deepEqual(next.metadata, {
    other: true,
    [VEGA_MIME_TYPE]: { own: 1, heavydb: timings }
  });
  assert.deepEqual(storedTimings(next.metadata, VEGA_MIME_TYPE), timings);
  assert.equal(
    storedTimings(
      { [VEGA_MIME_TYPE]: { heavydb: { total_time_ms: '1' } } },
      VEGA_MIME_TYPE
    ),
    undefined
  );
});

test('captions give the server time, and for a fresh render the time until shown', () => {
  assert.equal(
    caption(untranslated, timings, 41.6),
    'Rendered by HeavyDB in 13 ms (SQL 8 ms, drawing 4 ms); shown after 42 ms.'
  );
  assert.match(
    caption(untranslated, timings),
    /^Saved image, rendered by HeavyDB in 13 ms\. Run the cell again/
  );
  assert.match(
    caption(untranslated, undefined),
    /^Saved image rendered by HeavyDB\./
  );
});

test('errors say what to do next', () => {
  assert.match(
    explainRenderError(db('Backend rendering is disabled.'), untranslated),
    /^HeavyDB cannot render charts: Backend rendering is disabled\. Ask its administrator to enable rendering/
  );
  assert.match(
    explainRenderError(
      db('Vega spec: marks[0].type: mark type "lines" is not supported'),
      untranslated
    ),
    /^HeavyDB could not render this Vega spec: Vega spec: marks\[0\]\.type: .* Fix the spec in the cell that made this output and run the cell again\.$/
  );
  assert.match(
    explainRenderError(db('Session not valid.'), untranslated),
    /did not accept the session.*Immerse/
  );
  assert.match(
    explainRenderError(
      new ConnectionError(
        'network',
        'Cannot reach HeavyDB at http://h:1/ (network error).'
      ),
      untranslated
    ),
    /^Cannot reach HeavyDB/
  );
  assert.match(
    noSessionMessage(untranslated),
    /^No HeavyAI session: .*Open this notebook from Immerse/
  );
});
