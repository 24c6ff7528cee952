/**
 * The deep link's statement, started as soon as the session is known rather than once the editor
 * is built: the first batch the editor would ask for first, posted now and taken by that
 * editor's call (df-call.ts). Only when the editor would run it by itself, with the same
 * settings, so the server still runs the statement once. No JupyterLab imports.
 */
import { whenIdle } from '../idle';
import { decideAutoRun } from '../sql/auto-run';
import type { ISqlEditorSettings } from '../sql/settings';
import { blockQuery, prepareStatement } from '../sql/statement-blocks';
import type { ISessionRecord } from '../store/record';
import type { ITranslate } from '../translate';
import { resolveConnectionTarget } from './connection-target';

/**
 * The first-batch statement the workspace editor opened with `session`'s query will send first,
 * or undefined when it would not send one by itself (not auto-run, Arrow off, no first batch, a
 * statement fetched whole).
 */
export function handoffFirstBatch(
  session: ISessionRecord,
  settings: Pick<
    ISqlEditorSettings,
    'arrow' | 'firstBatchRows' | 'connection' | 'binaryProtocol'
  >
): string | undefined {
  const query = session.query ?? '';
  if (
    !settings.arrow ||
    settings.firstBatchRows <= 0 ||
    !decideAutoRun(query, { from: 'handoff', via: session.via }).run
  ) {
    return undefined;
  }
  const statement = prepareStatement(query);
  return statement.query && statement.fetchInBlocks
    ? blockQuery(statement.body, settings.firstBatchRows, 0)
    : undefined;
}

/**
 * Post the workspace editor's first-batch call for `session` now, when it will make one; once
 * `decodeAfter` resolves and the page is idle, decode its reply for that editor.
 */
export async function startHandoffStatement(
  session: ISessionRecord,
  settings: ISqlEditorSettings,
  trans: ITranslate,
  decodeAfter?: Promise<void>
): Promise<void> {
  const sql = handoffFirstBatch(session, settings);
  const target = resolveConnectionTarget(session, settings, '');
  if (sql === undefined || !target?.session) {
    return;
  }
  const { startEarlyCall } = await import(
    /* webpackChunkName: "heavyai-wire" */ './df-call'
  );
  const call = startEarlyCall(target, target.session, sql, trans);
  if (decodeAfter) {
    void Promise.all([call, decodeAfter]).then(
      async ([frame]) => {
        await whenIdle();
        const { decodeAhead } = await import('./connection');
        await decodeAhead(frame.buffer);
      },
      () => undefined // the editor reports a failed call
    );
  }
}
