import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { classifyStatement } from '../../src/sql/statement-kind';

describe('classifyStatement', () => {
  const cases: [string, ReturnType<typeof classifyStatement>][] = [
    ['', 'empty'],
    ['  -- only a comment\n /* and another */ ;', 'empty'],
    ['SELECT 1', 'read-only'],
    ['select * from flights limit 10;', 'read-only'],
    ['WITH x AS (SELECT 1 AS a) SELECT a FROM x', 'read-only'],
    ['EXPLAIN SELECT * FROM flights', 'read-only'],
    ['SHOW TABLES', 'read-only'],
    ['SHOW CREATE TABLE flights', 'read-only'],
    ["SELECT 'DROP TABLE t; DELETE FROM u' AS s", 'read-only'],
    ['SELECT "delete", "drop" FROM "update"', 'read-only'],
    ['SELECT 1 -- ; DROP TABLE t\n', 'read-only'],
    ['/* DROP TABLE t; */ SELECT 1', 'read-only'],
    ['SELECT last_update, dropped_at FROM t', 'read-only'],
    ["SELECT REPLACE(name, 'a', 'b') FROM t", 'read-only'],
    ['DROP TABLE tweets', 'changes-data'],
    ['drop table tweets;', 'changes-data'],
    ['DELETE FROM t', 'changes-data'],
    ['INSERT INTO t VALUES (1)', 'changes-data'],
    ['UPDATE t SET a = 1', 'changes-data'],
    ['CREATE TABLE t (a INT)', 'changes-data'],
    ['ALTER TABLE t ADD COLUMN b INT', 'changes-data'],
    ['TRUNCATE TABLE t', 'changes-data'],
    ['GRANT SELECT ON t TO u', 'changes-data'],
    ["COPY t FROM '/x.csv'", 'changes-data'],
    ['WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', 'changes-data'],
    ['SELECT * INTO newt FROM t', 'changes-data'],
    ['SELECT * FROM t FOR UPDATE', 'changes-data'],
    ['EXPLAIN DELETE FROM t', 'changes-data'],
    ['SHOW TABLES; DROP TABLE t', 'several'],
    ['SELECT 1; DROP TABLE t', 'several'],
    ['SELECT 1;DROP TABLE t', 'several'],
    ['SELECT 1; SELECT 2', 'several'],
    ['SELECT (1; DROP TABLE t)', 'several'],
    ['SELECT $$; DROP TABLE t; $$', 'several'],
    ['/* /* */ DROP TABLE t */ SELECT 1', 'changes-data'],
    ['/**/DROP/**/TABLE t', 'changes-data'],
    ['"SELECT" 1', 'unrecognised'],
    ['(SELECT 1)', 'unrecognised'],
    ['VALUES (1)', 'unrecognised'],
    ['FROBNICATE t', 'unrecognised'],
    ["SELECT '\\''; DROP TABLE t --'", 'unrecognised'],
    ['SELECT 1 -- x\r; DROP TABLE t', 'unrecognised'],
    ['SELECT 1 -- x\u2028; DROP TABLE t', 'unrecognised'],
    ['SELECT 1 -- a Windows line end\r\nFROM t', 'read-only']
  ];
  for (const [sql, kind] of cases) {
    it(`${JSON.stringify(sql)} is ${kind}`, () => {
      assert.equal(classifyStatement(sql), kind);
    });
  }
});
