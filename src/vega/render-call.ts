/**
 * One render_vega call with the current session, through the connector (loaded here, on
 * first use: this module is its own chunk).
 */
import { DEFAULT_DATABASE } from '../sql/settings';
import { HeavyConnection } from '../sql-editor/connection';
import type { ISessionRecord } from '../store/record';
import type { ITranslate } from '../translate';
import type { IRenderedImage } from './mime';

/** The connector's default PNG compression (1 fast … 9 small). */
export const COMPRESSION_LEVEL = 3;

/** Renders `spec` on the server of `record` with its session; the connection is closed after. */
export async function renderWithSession(
  record: ISessionRecord,
  spec: string,
  trans: ITranslate
): Promise<IRenderedImage> {
  const { protocol, host, port, database } = record.connection;
  const con = await HeavyConnection.open(
    {
      protocol,
      host,
      port,
      database: database || DEFAULT_DATABASE,
      session: record.session
    },
    trans
  );
  try {
    return await con.renderVega(spec, COMPRESSION_LEVEL);
  } finally {
    await con.close();
  }
}
