import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  blockQuery,
  countQuery,
  prepareStatement
} from '../../src/sql/statement-blocks';

test('plain SELECT and WITH may be fetched in blocks', () => {
  for (const sql of [
    'SELECT * FROM flights',
    'select a from t where b = 1',
    'WITH x AS (SELECT 1 AS a) SELECT * FROM x',
    '(SELECT 1) UNION ALL (SELECT 2)'
  ]) {
    assert.equal(prepareStatement(sql).fetchInBlocks, true, sql);
  }
});

test('statements with their own LIMIT/OFFSET/FETCH may not be fetched in blocks; nested ones may', () => {
  assert.equal(
    prepareStatement('SELECT * FROM t LIMIT 10').fetchInBlocks,
    false
  );
  assert.equal(
    prepareStatement('SELECT * FROM t offset 5').fetchInBlocks,
    false
  );
  assert.equal(
    prepareStatement('SELECT * FROM t FETCH FIRST 5 ROWS ONLY').fetchInBlocks,
    false
  );
  assert.equal(
    prepareStatement('SELECT * FROM (SELECT * FROM t LIMIT 10) s')
      .fetchInBlocks,
    true
  );
});

test('keywords inside strings, identifiers and comments do not count', () => {
  assert.equal(
    prepareStatement("SELECT 'LIMIT 1; DROP TABLE x' AS s FROM t")
      .fetchInBlocks,
    true
  );
  assert.equal(
    prepareStatement('SELECT "limit" FROM t -- LIMIT 5').fetchInBlocks,
    true
  );
  assert.equal(
    prepareStatement('SELECT 1 /* OFFSET 3 ; */ FROM t').fetchInBlocks,
    true
  );
  assert.equal(
    prepareStatement("SELECT 'it''s; LIMIT' FROM t").fetchInBlocks,
    true
  );
});

test('DDL, DML, several statements and empty text may not be fetched in blocks', () => {
  for (const sql of [
    'CREATE TABLE t (a INT)',
    'INSERT INTO t VALUES (1)',
    'DELETE FROM t',
    'UPDATE t SET a = 1',
    'WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x',
    'SELECT 1; SELECT 2',
    'SHOW TABLES',
    '',
    '  ;  ',
    'EXPLAIN SELECT 1',
    'SELECT * INTO t2 FROM t'
  ]) {
    assert.equal(prepareStatement(sql).fetchInBlocks, false, sql);
  }
});

test('trailing semicolons and comments are cut, and the clause goes on its own line', () => {
  const p = prepareStatement('SELECT * FROM t -- all rows\n;  -- done\n');
  assert.equal(p.body, 'SELECT * FROM t');
  assert.equal(p.fetchInBlocks, true);
  assert.equal(
    blockQuery(p.body, 50000, 100000),
    'SELECT * FROM t\nLIMIT 50000 OFFSET 100000'
  );
  const commented = prepareStatement('SELECT * FROM t -- trailing comment');
  assert.equal(
    blockQuery(commented.body, 10, 0),
    'SELECT * FROM t\nLIMIT 10 OFFSET 0'
  );
  const inner = prepareStatement('SELECT a -- pick a\nFROM t');
  assert.ok(blockQuery(inner.body, 1, 2).endsWith('\nLIMIT 1 OFFSET 2'));
});

test('count query wraps the statement', () => {
  assert.equal(
    countQuery('SELECT * FROM t'),
    'SELECT COUNT(*) AS n FROM (\nSELECT * FROM t\n) AS heavyai_count'
  );
});

test('block arguments must be non-negative integers', () => {
  assert.throws(() => blockQuery('SELECT 1', -1, 0));
  assert.throws(() => blockQuery('SELECT 1', 1.5, 0));
});

test('ordered: only an ORDER BY of the statement itself gives blocks a stable order', () => {
  assert.equal(prepareStatement('SELECT * FROM t ORDER BY a').ordered, true);
  assert.equal(
    prepareStatement(
      'WITH x AS (SELECT * FROM t) SELECT * FROM x ORDER BY 1 DESC'
    ).ordered,
    true
  );
  assert.equal(prepareStatement('SELECT * FROM t').ordered, false);
  assert.equal(
    prepareStatement('SELECT * FROM (SELECT * FROM t ORDER BY a) s').ordered,
    false
  );
  assert.equal(
    prepareStatement('SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t').ordered,
    false
  );
  assert.equal(
    prepareStatement("SELECT 'ORDER BY a' FROM t -- ORDER BY a").ordered,
    false
  );
  assert.equal(prepareStatement('SELECT * FROM t ORDER BY a;').ordered, true);
});

test('query: one read-only statement (Arrow can answer it), with or without its own LIMIT', () => {
  assert.equal(prepareStatement('SELECT * FROM t LIMIT 5').query, true);
  assert.equal(
    prepareStatement('WITH x AS (SELECT 1) SELECT * FROM x').query,
    true
  );
  assert.equal(prepareStatement('CREATE TABLE x (a INT)').query, false);
  assert.equal(prepareStatement('SELECT 1; SELECT 2').query, false);
  assert.equal(prepareStatement('SELECT * INTO x FROM t').query, false);
});
