/**
 * The grid's data model: rows arrive in blocks fetched on demand, at most
 * three blocks stay resident (BlockCache), and the block the viewport asks
 * for most recently is fetched first so a fast scroll to the end does not
 * queue every block in between.
 */
import { DataModel } from '@lumino/datagrid';

import { BlockCache } from '../sql/block-cache';
import { formatValue, isNullValue, isNumericType } from '../sql/format';
import type { QueryField } from './connection';

export type Row = unknown[];

export interface ResultModelOptions {
  fields: QueryField[];
  blockSize: number;
  firstBlock: Row[];
  /** Total rows; undefined while unknown (grows as blocks arrive). */
  rowCount?: number;
  /** Fetch block `index` (rows index*blockSize …); absent for a single capped fetch. */
  fetchBlock?: (index: number) => Promise<Row[]>;
  onError?: (error: unknown) => void;
}

export const LOADING_TEXT = '…';

export class ResultModel extends DataModel {
  readonly fields: QueryField[];
  private readonly cache = new BlockCache<Row[]>(3);
  private readonly wanted = new Map<number, number>();
  private fetching = false;
  private total: number;
  private maxResidentSeen = 1;
  private disposed = false;

  constructor(private readonly options: ResultModelOptions) {
    super();
    this.fields = options.fields;
    this.cache.set(0, options.firstBlock);
    this.total = options.rowCount ?? options.firstBlock.length;
  }

  /** Read-only debug counters (exposed on the widget node for tests). */
  get residentBlocks(): number {
    return this.cache.size;
  }
  get maxResidentBlocks(): number {
    return this.maxResidentSeen;
  }
  get totalRows(): number {
    return this.total;
  }

  setRowCount(count: number): void {
    if (count !== this.total) {
      this.total = count;
      this.emitChanged({ type: 'model-reset' });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cache.clear();
  }

  rowCount(region: DataModel.RowRegion): number {
    return region === 'body' ? this.total : 1;
  }

  columnCount(region: DataModel.ColumnRegion): number {
    return region === 'body' ? this.fields.length : 1;
  }

  metadata(region: DataModel.CellRegion, row: number, column: number): DataModel.Metadata {
    if (region === 'body' || region === 'column-header') {
      const field = this.fields[column];
      return { type: field?.type, numeric: !!field && isNumericType(field.type), isNull: region === 'body' && this.isNull(row, column) };
    }
    return {};
  }

  data(region: DataModel.CellRegion, row: number, column: number): string {
    switch (region) {
      case 'row-header':
        return String(row + 1);
      case 'column-header':
        return this.fields[column] ? `${this.fields[column].name}  ${this.fields[column].type}` : '';
      case 'corner-header':
        return '#';
      default:
        return this.cellText(row, column);
    }
  }

  /** The text of a body cell, or the loading mark while its block is on the way. */
  cellText(row: number, column: number): string {
    const value = this.value(row, column);
    return value === LOADING ? LOADING_TEXT : formatValue(value, this.fields[column]?.type ?? '');
  }

  /** Cells as text, null for NULL, undefined where not loaded (for copying). */
  cellOrNull(row: number, column: number): string | null | undefined {
    const value = this.value(row, column);
    if (value === LOADING) {
      return undefined;
    }
    return isNullValue(value) ? null : formatValue(value, this.fields[column]?.type ?? '');
  }

  private isNull(row: number, column: number): boolean {
    const value = this.value(row, column);
    return value !== LOADING && isNullValue(value);
  }

  private value(row: number, column: number): unknown {
    const { blockSize } = this.options;
    const index = Math.floor(row / blockSize);
    const block = this.cache.get(index);
    if (block) {
      return block[row - index * blockSize]?.[column];
    }
    this.request(index);
    return LOADING;
  }

  private request(index: number): void {
    if (!this.options.fetchBlock || this.disposed) {
      return;
    }
    this.wanted.set(index, performance.now());
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.fetching) {
      return;
    }
    this.fetching = true;
    try {
      while (this.wanted.size > 0 && !this.disposed) {
        // The most recently painted block first; blocks scrolled past long ago are forgotten.
        const [index, when] = [...this.wanted.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
        for (const [other, at] of [...this.wanted]) {
          if (other === index || when - at > 300) {
            this.wanted.delete(other);
          }
        }
        if (this.cache.has(index)) {
          continue;
        }
        const rows = await this.options.fetchBlock!(index);
        if (this.disposed) {
          return;
        }
        this.cache.set(index, rows, index);
        this.maxResidentSeen = Math.max(this.maxResidentSeen, this.cache.size);
        const start = index * this.options.blockSize;
        if (rows.length < this.options.blockSize && this.options.rowCount === undefined && start + rows.length !== this.total) {
          this.total = start + rows.length;
          this.emitChanged({ type: 'model-reset' });
        } else if (rows.length > 0) {
          // Repaint just the arrived rows: a model reset would drop the user's selection.
          this.emitChanged({ type: 'cells-changed', region: 'body', row: start, column: 0, rowSpan: rows.length, columnSpan: this.fields.length });
        }
      }
    } catch (error) {
      this.wanted.clear();
      this.options.onError?.(error);
    } finally {
      this.fetching = false;
    }
  }
}

const LOADING = Symbol('loading');
