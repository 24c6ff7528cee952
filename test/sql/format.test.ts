import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  formatValue,
  isNumericType,
  NULL_TEXT,
  toTsv
} from '../../src/sql/format';

test('NULL is its own text, for null and undefined', () => {
  assert.equal(formatValue(null, 'INT'), NULL_TEXT);
  assert.equal(formatValue(undefined, 'STR'), NULL_TEXT);
  assert.equal(formatValue('NULL', 'STR'), 'NULL');
});

test('numbers, booleans and strings', () => {
  assert.equal(formatValue(42, 'INT'), '42');
  assert.equal(formatValue(-1.5, 'DOUBLE'), '-1.5');
  assert.equal(formatValue(9007199254740993n, 'BIGINT'), '9007199254740993');
  assert.equal(formatValue(true, 'BOOL'), 'true');
  assert.equal(formatValue(false, 'BOOL'), 'false');
  assert.equal(formatValue('héllo ✈', 'STR'), 'héllo ✈');
  assert.ok(
    isNumericType('DECIMAL') &&
      isNumericType('BIGINT') &&
      !isNumericType('STR') &&
      !isNumericType('TIMESTAMP')
  );
});

test('dates, times and timestamps in UTC', () => {
  const d = new Date(Date.UTC(2024, 0, 31, 13, 5, 9));
  assert.equal(formatValue(d, 'TIMESTAMP'), '2024-01-31 13:05:09');
  assert.equal(
    formatValue(new Date(Date.UTC(2024, 1, 29)), 'DATE'),
    '2024-02-29'
  );
  assert.equal(formatValue(new Date(45296000), 'TIME'), '12:34:56');
  assert.equal(
    formatValue(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 250)), 'TIMESTAMP'),
    '2024-01-01 00:00:00.250'
  );
  assert.equal(
    formatValue(Date.UTC(1969, 11, 31, 23, 59, 59), 'TIMESTAMP'),
    '1969-12-31 23:59:59'
  );
});

test('TSV: tabs between cells, quoted when needed, NULL empty', () => {
  assert.equal(
    toTsv([
      ['a', 'b'],
      ['1', null]
    ]),
    'a\tb\n1\t'
  );
  assert.equal(
    toTsv([['x\ty', 'line1\nline2', 'say "hi"', 'plain']]),
    '"x\ty"\t"line1\nline2"\t"say ""hi"""\tplain'
  );
  assert.equal(toTsv([]), '');
});
