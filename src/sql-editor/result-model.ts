/**
 * The grid's data model over result blocks (Arrow record batches or Thrift
 * rows, see sql/result-block.ts). A whole result is one block; a paged one
 * is fetched block by block on demand, a bounded number stay resident
 * (BlockCache), and the block the viewport asks for most recently is
 * fetched first so a fast scroll to the end does not queue every block in
 * between. When the total is unknown the grid shows one more (loading) row
 * past the last loaded block, so scrolling there fetches the next one.
 */
import { DataModel } from '@lumino/datagrid';

import { BlockCache } from '../sql/block-cache';
import { NULL_TEXT, isNumericType } from '../sql/format';
import type { IResultBlock, IResultField } from '../sql/result-block';

/**
 * What a ResultModel is built from: the first block, already fetched, and how to fetch the rest.
 */
export interface IResultModelOptions {
  fields: IResultField[];
  /** Rows per block (block i holds rows i*blockSize …). */
  blockSize: number;
  firstBlock: IResultBlock;
  /** Total rows; undefined while unknown (the grid grows as blocks arrive). */
  rowCount?: number;
  /** Fetch block `index`; absent when the first block is the whole result. */
  fetchBlock?: (index: number) => Promise<IResultBlock>;
  /** Blocks kept in memory at most (default 3). */
  maxResident?: number;
  onError?: (error: unknown) => void;
}

/** The text a cell shows while its block is still being fetched. */
export const LOADING_TEXT = '…';

const LOADING = Symbol('loading');

/**
 * The grid's data model for one result: holds a few blocks of rows (the ones near the viewport),
 * fetches missing blocks on demand and evicts far ones, so a large result never sits in memory
 * whole.
 */
export class ResultModel extends DataModel {
  /** The result's columns, in order; column i of the grid is `fields[i]`. */
  readonly fields: IResultField[];
  private readonly _cache: BlockCache<IResultBlock>;
  private readonly _wanted = new Map<number, number>();
  private _fetching = false;
  private _total: number;
  private _countKnown: boolean;
  private _maxResidentSeen = 1;
  private _disposed = false;

  constructor(private readonly options: IResultModelOptions) {
    super();
    this.fields = options.fields;
    this._cache = new BlockCache<IResultBlock>(
      Math.max(1, options.maxResident ?? 3)
    );
    this._cache.set(0, options.firstBlock);
    this._countKnown = options.rowCount !== undefined || !options.fetchBlock;
    this._total =
      options.rowCount ?? this._grownTotal(0, options.firstBlock.length);
  }

  /** Read-only debug counters (exposed on the widget node for tests). */
  get residentBlocks(): number {
    return this._cache.size;
  }
  /** The most blocks ever resident at once, to check the memory bound holds while scrolling. */
  get maxResidentBlocks(): number {
    return this._maxResidentSeen;
  }
  /**
   * The rows the grid shows: the counted total, or while unknown the rows seen so far plus one
   * while a full block suggests more follow.
   */
  get totalRows(): number {
    return this._total;
  }
  /** False while the total is unknown (COUNT(*) failed or is still running). */
  get rowCountKnown(): boolean {
    return this._countKnown;
  }
  /** True once `dispose` ran; blocks that arrive later are dropped. */
  get isDisposed(): boolean {
    return this._disposed;
  }

  /**
   * Record the counted total (COUNT(*) finished); resets the grid only when it differs from the
   * estimate.
   */
  setRowCount(count: number): void {
    this._countKnown = true;
    if (count !== this._total) {
      this._total = count;
      this.emitChanged({ type: 'model-reset' });
    }
  }

  /** Drop every block and pending fetch; the grid must not read the model afterwards. */
  dispose(): void {
    this._disposed = true;
    this._wanted.clear();
    this._cache.clear();
  }

  /** DataModel contract: the total rows in the body, one header row. */
  rowCount(region: DataModel.RowRegion): number {
    return region === 'body' ? this._total : 1;
  }

  /** DataModel contract: one column per field in the body, one row-header column. */
  columnCount(region: DataModel.ColumnRegion): number {
    return region === 'body' ? this.fields.length : 1;
  }

  /**
   * DataModel contract: the field type, whether it is numeric and whether the cell is NULL, which
   * the renderers use to align and style cells.
   */
  metadata(
    region: DataModel.CellRegion,
    row: number,
    column: number
  ): DataModel.Metadata {
    if (region === 'body' || region === 'column-header') {
      const field = this.fields[column];
      return {
        type: field?.type,
        numeric: !!field && isNumericType(field.type),
        isNull: region === 'body' && this._value(row, column) === null
      };
    }
    return {};
  }

  /**
   * DataModel contract: header texts (row number, "name type") and, for body cells, `cellText`.
   */
  data(region: DataModel.CellRegion, row: number, column: number): string {
    switch (region) {
      case 'row-header':
        return String(row + 1);
      case 'column-header':
        return this.fields[column]
          ? `${this.fields[column].name}  ${this.fields[column].type}`
          : '';
      case 'corner-header':
        return '#';
      default:
        return this.cellText(row, column);
    }
  }

  /** The text of a body cell, or the loading mark while its block is on the way. */
  cellText(row: number, column: number): string {
    const value = this._value(row, column);
    return value === LOADING ? LOADING_TEXT : (value ?? NULL_TEXT);
  }

  /** Cells as text, null for NULL, undefined where not loaded (for copying). */
  cellOrNull(row: number, column: number): string | null | undefined {
    const value = this._value(row, column);
    return value === LOADING ? undefined : value;
  }

  private _value(row: number, column: number): string | null | typeof LOADING {
    const { blockSize } = this.options;
    const index = Math.floor(row / blockSize);
    const block = this._cache.get(index);
    if (block) {
      const inBlock = row - index * blockSize;
      return inBlock < block.length ? block.text(inBlock, column) : LOADING;
    }
    this._request(index);
    return LOADING;
  }

  /** While the count is unknown: the rows loaded, plus one loading row when more may follow. */
  private _grownTotal(start: number, length: number): number {
    const full = length >= this.options.blockSize && !!this.options.fetchBlock;
    return start + length + (full ? 1 : 0);
  }

  private _request(index: number): void {
    if (!this.options.fetchBlock || this._disposed) {
      return;
    }
    this._wanted.set(index, performance.now());
    void this._pump();
  }

  private async _pump(): Promise<void> {
    if (this._fetching) {
      return;
    }
    this._fetching = true;
    try {
      while (this._wanted.size > 0 && !this._disposed) {
        // The most recently painted block first; blocks scrolled past long ago are forgotten.
        const [index, when] = [...this._wanted.entries()].reduce((a, b) =>
          b[1] > a[1] ? b : a
        );
        for (const [other, at] of [...this._wanted]) {
          if (other === index || when - at > 300) {
            this._wanted.delete(other);
          }
        }
        if (this._cache.has(index)) {
          continue;
        }
        const block = await this.options.fetchBlock!(index);
        if (this._disposed) {
          return;
        }
        this._cache.set(index, block, index);
        this._maxResidentSeen = Math.max(
          this._maxResidentSeen,
          this._cache.size
        );
        this._blockArrived(index, block);
      }
    } catch (error) {
      this._wanted.clear();
      // A disposed model's late failure belongs to a run nobody looks at any more.
      if (!this._disposed) {
        this.options.onError?.(error);
      }
    } finally {
      this._fetching = false;
    }
  }

  private _blockArrived(index: number, block: IResultBlock): void {
    const start = index * this.options.blockSize;
    if (!this._countKnown) {
      const grown = this._grownTotal(start, block.length);
      const next =
        block.length < this.options.blockSize
          ? grown
          : Math.max(this._total, grown);
      if (next < this._total) {
        this._total = next;
        this.emitChanged({ type: 'model-reset' });
        return;
      }
      if (next > this._total) {
        const at = this._total;
        this._total = next;
        this.emitChanged({
          type: 'rows-inserted',
          region: 'body',
          index: at,
          span: next - at
        });
      }
    }
    if (block.length > 0) {
      // Repaint just the arrived rows: a model reset would drop the user's selection.
      this.emitChanged({
        type: 'cells-changed',
        region: 'body',
        row: start,
        column: 0,
        rowSpan: block.length,
        columnSpan: this.fields.length
      });
    }
  }
}
