/**
 * The settings that shape an editor's first call (Arrow on or off, the first batch's size),
 * remembered from the last deep link in this browser. A deep link's statement is posted while
 * the page loads, before JupyterLab has read the settings (link-prefetch.ts); it is a guess the
 * editor takes only when its own call turns out identical, so a wrong guess costs one unused
 * first batch. Nothing about the session is kept here. No JupyterLab imports.
 */
import {
  DEFAULT_SETTINGS,
  readSettings,
  type ISqlEditorSettings
} from '../sql/settings';

/** The localStorage key; one per site origin, like the rest of the browser's storage. */
export const FIRST_CALL_SETTINGS_KEY =
  'jupyterlite-heavyai:first-call-settings';

/** The settings a first call is built from (handoffFirstBatch, resolveConnectionTarget). */
export type FirstCallSettings = Pick<
  ISqlEditorSettings,
  'arrow' | 'firstBatchRows' | 'connection' | 'binaryProtocol'
>;

/** The page's localStorage, or undefined where the browser refuses it (a strict profile). */
export function pageStorage(win: Window): Storage | undefined {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}

/** Keep what `settings` says about the first call, for the next deep link; never throws. */
export function rememberFirstCallSettings(
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
  { arrow, firstBatchRows }: ISqlEditorSettings
): void {
  try {
    const value = JSON.stringify({ arrow, firstBatchRows });
    if (storage && storage.getItem(FIRST_CALL_SETTINGS_KEY) !== value) {
      storage.setItem(FIRST_CALL_SETTINGS_KEY, value);
    }
  } catch {
    // Storage refused (a strict profile, a full quota): the next link guesses the defaults.
  }
}

/**
 * The remembered first-call settings, each value checked as the settings registry's are; the
 * defaults for anything missing, unreadable or invalid. The default connection is never
 * remembered: the call is keyed by server, session and statement, none of which it changes.
 */
export function rememberedFirstCallSettings(
  storage: Pick<Storage, 'getItem'> | undefined
): FirstCallSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(FIRST_CALL_SETTINGS_KEY) ?? 'null');
  } catch {
    raw = undefined;
  }
  const { arrow, firstBatchRows } = readSettings(
    typeof raw === 'object' && raw !== null
      ? (raw as Record<string, unknown>)
      : undefined,
    null
  );
  return { ...DEFAULT_SETTINGS, arrow, firstBatchRows };
}
