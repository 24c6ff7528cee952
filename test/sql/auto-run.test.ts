import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  decideAutoRun,
  decideRerunOnNewSession,
  type ILastRun
} from '../../src/sql/auto-run';

describe('decideAutoRun', () => {
  it('runs one read-only statement from a trusted hand-off', () => {
    for (const via of ['message', 'link', 'confirmed-link'] as const) {
      assert.deepEqual(decideAutoRun('SELECT 1', { from: 'handoff', via }), {
        run: true
      });
    }
  });

  it('holds a read-only statement from a hand-off with no known channel', () => {
    assert.deepEqual(
      decideAutoRun('SELECT 1', { from: 'handoff', via: undefined }),
      { run: false, reason: 'untrusted-handoff' }
    );
  });

  it('holds DDL, DML, several and unknown statements whatever their origin', () => {
    const origins = [
      { from: 'handoff', via: 'message' },
      { from: 'handoff', via: 'confirmed-link' },
      { from: 'restore', lastRunSucceeded: true },
      { from: 'caller' }
    ] as const;
    for (const origin of origins) {
      assert.deepEqual(decideAutoRun('DROP TABLE tweets', origin), {
        run: false,
        reason: 'changes-data'
      });
      assert.deepEqual(decideAutoRun('SELECT 1; DROP TABLE tweets', origin), {
        run: false,
        reason: 'several'
      });
      assert.deepEqual(decideAutoRun('VACUUM tweets', origin), {
        run: false,
        reason: 'changes-data'
      });
      assert.deepEqual(decideAutoRun('FROBNICATE', origin), {
        run: false,
        reason: 'unrecognised'
      });
      assert.deepEqual(decideAutoRun('-- nothing', origin), {
        run: false,
        reason: 'empty'
      });
    }
  });

  it('runs a restored read-only statement only when its last run succeeded', () => {
    assert.deepEqual(
      decideAutoRun('SELECT 1', { from: 'restore', lastRunSucceeded: true }),
      { run: true }
    );
    assert.deepEqual(
      decideAutoRun('SELECT 1', { from: 'restore', lastRunSucceeded: false }),
      { run: false, reason: 'not-run-before' }
    );
  });

  it('runs a read-only statement a caller in the page opened the editor with', () => {
    assert.deepEqual(decideAutoRun('SELECT 1', { from: 'caller' }), {
      run: true
    });
  });
});

describe('decideRerunOnNewSession', () => {
  const server = 'http://db:6278';
  const ok: ILastRun = { statement: 'SELECT 1', outcome: 'succeeded', server };

  it('re-runs the unedited, successful, read-only statement on the same server', () => {
    assert.equal(decideRerunOnNewSession(ok, 'SELECT 1', server, false), true);
  });

  it('waits when nothing ran, the last run failed, or the text was edited', () => {
    assert.equal(
      decideRerunOnNewSession(undefined, 'SELECT 1', server, false),
      false
    );
    assert.equal(
      decideRerunOnNewSession(
        { ...ok, outcome: 'failed' },
        'SELECT 1',
        server,
        false
      ),
      false
    );
    assert.equal(decideRerunOnNewSession(ok, 'SELECT 2', server, false), false);
  });

  it('re-runs a read-only statement that failed only because the session had expired', () => {
    const expired: ILastRun = { ...ok, outcome: 'session-invalid' };
    assert.equal(
      decideRerunOnNewSession(expired, 'SELECT 1', server, false),
      true
    );
    const expiredDrop: ILastRun = {
      statement: 'DROP TABLE tweets',
      outcome: 'session-invalid',
      server
    };
    assert.equal(
      decideRerunOnNewSession(expiredDrop, 'DROP TABLE tweets', server, false),
      false
    );
  });

  it('runs an unedited read-only statement that found nothing to connect to once the user chooses a server', () => {
    const unconnected: ILastRun = {
      statement: 'SELECT 1',
      outcome: 'not-connected',
      server: undefined
    };
    assert.equal(
      decideRerunOnNewSession(unconnected, 'SELECT 1', server, true),
      true
    );
    // A session arriving by itself is no such choice.
    assert.equal(
      decideRerunOnNewSession(unconnected, 'SELECT 1', server, false),
      false
    );
    // Nor does the choice run a write, or an edited statement.
    assert.equal(
      decideRerunOnNewSession(
        { ...unconnected, statement: 'DELETE FROM t' },
        'DELETE FROM t',
        server,
        true
      ),
      false
    );
    assert.equal(
      decideRerunOnNewSession(unconnected, 'SELECT 2', server, true),
      false
    );
  });

  it("waits after a run the user stopped; a run still going is replaced only for the user's choice", () => {
    for (const chosenByUser of [false, true]) {
      assert.equal(
        decideRerunOnNewSession(
          { ...ok, outcome: 'stopped' },
          'SELECT 1',
          server,
          chosenByUser
        ),
        false
      );
    }
    const running: ILastRun = { ...ok, outcome: 'running' };
    assert.equal(
      decideRerunOnNewSession(running, 'SELECT 1', server, false),
      false
    );
    assert.equal(
      decideRerunOnNewSession(running, 'SELECT 1', server, true),
      true
    );
  });

  it('never re-runs a statement that is not read-only, even after it succeeded', () => {
    const drop: ILastRun = {
      statement: 'DROP TABLE tweets',
      outcome: 'succeeded',
      server
    };
    assert.equal(
      decideRerunOnNewSession(drop, 'DROP TABLE tweets', server, true),
      false
    );
  });

  it('re-runs on another server only when the user chose it', () => {
    assert.equal(
      decideRerunOnNewSession(ok, 'SELECT 1', 'http://other:6278', false),
      false
    );
    assert.equal(
      decideRerunOnNewSession(ok, 'SELECT 1', 'http://other:6278', true),
      true
    );
    assert.equal(
      decideRerunOnNewSession(ok, 'SELECT 1', undefined, true),
      false
    );
  });
});
