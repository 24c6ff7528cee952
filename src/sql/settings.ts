/**
 * The SQL editor's settings (schema/sql-editor.json), read defensively: a
 * bad value falls back to the default instead of breaking the editor. The
 * default connection's parser (the connection rules of src/wire/) is in
 * default-connection.ts, so settings without a connection do not load it.
 */
import type { IConnection } from '../wire/payload';

/** HeavyDB's own default database, used when a connection names none. */
export const DEFAULT_DATABASE = 'heavyai';

/** The connection used when no session was handed over: a server and a login name, never a password. */
export interface IDefaultConnection extends IConnection {
  database: string;
  user: string;
}

/** The SQL editor's settings after parsing: every value valid, defaults filled in. */
export interface ISqlEditorSettings {
  connection: IDefaultConnection | null;
  blockSize: number;
  /**
   * The connection cell's template; '' for the default one (DEFAULT_NOTEBOOK_TEMPLATE of
   * codegen/notebook-template.ts), which the cell's code fills in when a notebook is written,
   * so the default's text loads with that code and not with every page.
   */
  notebookTemplate: string;
  kernelName: string;
  binaryProtocol: boolean;
  /** Fetch results as Arrow (`sql_execute_df`), falling back to Thrift rows when refused. */
  arrow: boolean;
  /** Rows fetched first so the grid paints early (0 = no separate first batch). */
  firstBatchRows: number;
  /** A whole result is held in memory when its estimated size fits this many MB. */
  memoryBudgetMB: number;
}

/** Rows per block (one LIMIT/OFFSET query each) when the settings give none. */
export const DEFAULT_BLOCK_SIZE = 50_000;
/**
 * The largest block size (and first batch) the settings accept; larger values fall back to the
 * default.
 */
export const MAX_BLOCK_SIZE = 1_000_000;
/** Rows fetched first so something shows before the full block arrives. */
export const DEFAULT_FIRST_BATCH_ROWS = 1000;
/** How much memory, in MB, a result's resident blocks may take by default. */
export const DEFAULT_MEMORY_BUDGET_MB = 256;

/** The settings used when the registry has none, or until it has answered. */
export const DEFAULT_SETTINGS: ISqlEditorSettings = {
  connection: null,
  blockSize: DEFAULT_BLOCK_SIZE,
  notebookTemplate: '',
  kernelName: 'python',
  binaryProtocol: true,
  arrow: true,
  firstBatchRows: DEFAULT_FIRST_BATCH_ROWS,
  memoryBudgetMB: DEFAULT_MEMORY_BUDGET_MB
};

/**
 * Read the settings registry's raw values, the default connection already parsed
 * (`parseDefaultConnection` of default-connection.ts, loaded only for settings that hold one);
 * any missing or invalid value gets its default, so callers never validate again.
 */
export function readSettings(
  raw: Record<string, unknown> | undefined,
  connection: IDefaultConnection | null
): ISqlEditorSettings {
  const r = raw ?? {};
  const block = Number(r.blockSize);
  const firstBatch = Number(r.firstBatchRows);
  const budget = Number(r.memoryBudgetMB);
  return {
    connection,
    blockSize:
      Number.isInteger(block) && block >= 1 && block <= MAX_BLOCK_SIZE
        ? block
        : DEFAULT_BLOCK_SIZE,
    notebookTemplate:
      typeof r.notebookTemplate === 'string' && r.notebookTemplate.trim()
        ? r.notebookTemplate
        : '',
    kernelName:
      typeof r.kernelName === 'string' && r.kernelName.trim()
        ? r.kernelName.trim()
        : 'python',
    binaryProtocol:
      typeof r.binaryProtocol === 'boolean' ? r.binaryProtocol : true,
    arrow: typeof r.arrow === 'boolean' ? r.arrow : true,
    firstBatchRows:
      Number.isInteger(firstBatch) &&
      firstBatch >= 0 &&
      firstBatch <= MAX_BLOCK_SIZE
        ? firstBatch
        : DEFAULT_FIRST_BATCH_ROWS,
    memoryBudgetMB:
      Number.isFinite(budget) && budget >= 1 && budget <= 65536
        ? budget
        : DEFAULT_MEMORY_BUDGET_MB
  };
}
