/**
 * The deep link's first call, posted while JupyterLab is still starting. The `#heavyai=` link is
 * read when our package loads, but its session is stored only once the hand-off's plugin has
 * activated, and the editor that asks for the first batch is built after the app's restore, about
 * a second later; the server can answer in that second. The call is a prefetch, not a use of the
 * session:
 * - it is posted only for a link the hand-off will take without asking (read as the hand-off
 *   reads it, handoff/link-record.ts, with the checks of `acceptLink` in
 *   plugins/handoff-wiring.ts on the record stored in this browser), and only for a statement
 *   the editor will run by itself;
 * - the editor takes its answer only when its own first call, built from the stored session and
 *   the loaded settings, is the same call (df-call.ts); otherwise it is left unused.
 * Loaded only for a `?heavyai` page with a link. No JupyterLab imports.
 */
import type { LoadFragment } from '../handoff/fragment-input';
import { linkConfirmationReason } from '../handoff/fragment-trust';
import { readLinkRecord } from '../handoff/link-record';
import type { ISiteConfig } from '../site-config';
import { pageHeavyAIConfig } from '../site-config';
import type { IConnectionTarget } from '../sql-editor/connection';
import { resolveConnectionTarget } from '../sql-editor/connection-target';
import { handoffFirstBatch } from '../sql-editor/early-statement';
import {
  pageStorage,
  rememberedFirstCallSettings,
  type FirstCallSettings
} from '../sql-editor/first-call-settings';
import type { ISessionRecord } from '../store/record';
import { untranslated } from '../translate';
import type { IConnection } from '../wire/payload';

/** What the prefetch needs to know, all of it read at load. */
export interface ILinkPrefetchInput {
  fragment: LoadFragment;
  /** The server of the session stored in this browser, if any. */
  current: IConnection | undefined;
  config: ISiteConfig;
  /** This page's address, for a link that names no server (see `recordFromPayload`). */
  pageHref: string;
  settings: FirstCallSettings;
  now: number;
}

/** The call to post now for the link, or undefined when the link does not allow one. */
export function linkPrefetchCall({
  fragment,
  current,
  config,
  pageHref,
  settings,
  now
}: ILinkPrefetchInput):
  { target: IConnectionTarget; session: string; sql: string } | undefined {
  const read = readLinkRecord(fragment, config, pageHref, now, 'link');
  if (
    !read.ok ||
    linkConfirmationReason({
      arrival: fragment.arrival,
      config,
      current,
      incoming: read.value.record.connection
    }) !== undefined
  ) {
    return undefined;
  }
  const { record } = read.value;
  const sql = handoffFirstBatch(record, settings);
  const target = resolveConnectionTarget(record, settings, '');
  return sql !== undefined && target?.session
    ? { target, session: target.session, sql }
    : undefined;
}

/**
 * Post the link's first call now when the link allows one. `stored` is the read of the stored
 * record started at load (store/session-store.ts `startEarlyRecordRead`).
 */
export async function prefetchLinkStatement(
  fragment: LoadFragment,
  stored: Promise<ISessionRecord | undefined>,
  win: Window
): Promise<void> {
  const call = linkPrefetchCall({
    fragment,
    // Unreadable storage: the hand-off finds no session in use either.
    current: (await stored.catch(() => undefined))?.connection,
    config: pageHeavyAIConfig(win.document).config,
    pageHref: win.location.href,
    settings: rememberedFirstCallSettings(pageStorage(win)),
    now: Date.now()
  });
  if (!call) {
    return;
  }
  const { startEarlyCall } = await import(
    /* webpackChunkName: "heavyai-wire" */ '../sql-editor/df-call'
  );
  // Untranslated: when it fails, the editor makes its own call and reports that one.
  startEarlyCall(call.target, call.session, call.sql, untranslated, {
    editorRetries: true
  });
}
