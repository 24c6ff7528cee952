/**
 * The SQL editor's saved default connection, held to the same rules as a
 * handed-over one, and the whole settings reading that includes it.
 */
import { ownValue, parseConnection } from '../wire/connection-fields';
import {
  DEFAULT_DATABASE,
  readSettings,
  type IDefaultConnection,
  type ISqlEditorSettings
} from './settings';

/**
 * Read the settings registry's raw values (see `readSettings`), the default connection
 * included.
 */
export function parseSettings(
  raw: Record<string, unknown> | undefined
): ISqlEditorSettings {
  return readSettings(raw, parseDefaultConnection(raw?.connection));
}

/**
 * The saved default connection: held to the same rules as a handed-over one
 * (`parseConnection` of src/wire/), plus the login name; null when invalid.
 */
export function parseDefaultConnection(
  raw: unknown
): IDefaultConnection | null {
  const parsed = parseConnection(raw, 'connection');
  if (!parsed.ok) {
    return null;
  }
  const user = ownValue(raw as Record<string, unknown>, 'user');
  return {
    ...parsed.value,
    database: parsed.value.database ?? DEFAULT_DATABASE,
    user: typeof user === 'string' ? user.trim() : ''
  };
}
