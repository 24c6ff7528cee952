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

export const LOADING_TEXT = '…';

const LOADING = Symbol('loading');

export class ResultModel extends DataModel {
  readonly fields: IResultField[];
  private readonly cache: BlockCache<IResultBlock>;
  private readonly wanted = new Map<number, number>();
  private fetching = false;
  private total: number;
  private countKnown: boolean;
  private maxResidentSeen = 1;
  private disposed = false;

  constructor(private readonly options: IResultModelOptions) {
    super();
    this.fields = options.fields;
    this.cache = new BlockCache<IResultBlock>(
      Math.max(1, options.maxResident ?? 3)
    );
    this.cache.set(0, options.firstBlock);
    this.countKnown = options.rowCount !== undefined || !options.fetchBlock;
    this.total =
      options.rowCount ?? this.grownTotal(0, options.firstBlock.length);
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
  /** False while the total is unknown (COUNT(*) failed or is still running). */
  get rowCountKnown(): boolean {
    return this.countKnown;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  setRowCount(count: number): void {
    this.countKnown = true;
    if (count !== this.total) {
      this.total = count;
      this.emitChanged({ type: 'model-reset' });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.wanted.clear();
    this.cache.clear();
  }

  rowCount(region: DataModel.RowRegion): number {
    return region === 'body' ? this.total : 1;
  }

  columnCount(region: DataModel.ColumnRegion): number {
    return region === 'body' ? this.fields.length : 1;
  }

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
        isNull: region === 'body' && this.value(row, column) === null
      };
    }
    return {};
  }

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
    const value = this.value(row, column);
    return value === LOADING ? LOADING_TEXT : (value ?? NULL_TEXT);
  }

  /** Cells as text, null for NULL, undefined where not loaded (for copying). */
  cellOrNull(row: number, column: number): string | null | undefined {
    const value = this.value(row, column);
    return value === LOADING ? undefined : value;
  }

  private value(row: number, column: number): string | null | typeof LOADING {
    const { blockSize } = this.options;
    const index = Math.floor(row / blockSize);
    const block = this.cache.get(index);
    if (block) {
      const inBlock = row - index * blockSize;
      return inBlock < block.length ? block.text(inBlock, column) : LOADING;
    }
    this.request(index);
    return LOADING;
  }

  /** While the count is unknown: the rows loaded, plus one loading row when more may follow. */
  private grownTotal(start: number, length: number): number {
    const full = length >= this.options.blockSize && !!this.options.fetchBlock;
    return start + length + (full ? 1 : 0);
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
        const [index, when] = [...this.wanted.entries()].reduce((a, b) =>
          b[1] > a[1] ? b : a
        );
        for (const [other, at] of [...this.wanted]) {
          if (other === index || when - at > 300) {
            this.wanted.delete(other);
          }
        }
        if (this.cache.has(index)) {
          continue;
        }
        const block = await this.options.fetchBlock!(index);
        if (this.disposed) {
          return;
        }
        this.cache.set(index, block, index);
        this.maxResidentSeen = Math.max(this.maxResidentSeen, this.cache.size);
        this.blockArrived(index, block);
      }
    } catch (error) {
      this.wanted.clear();
      // A disposed model's late failure belongs to a run nobody looks at any more.
      if (!this.disposed) {
        this.options.onError?.(error);
      }
    } finally {
      this.fetching = false;
    }
  }

  private blockArrived(index: number, block: IResultBlock): void {
    const start = index * this.options.blockSize;
    if (!this.countKnown) {
      const grown = this.grownTotal(start, block.length);
      const next =
        block.length < this.options.blockSize
          ? grown
          : Math.max(this.total, grown);
      if (next < this.total) {
        this.total = next;
        this.emitChanged({ type: 'model-reset' });
        return;
      }
      if (next > this.total) {
        const at = this.total;
        this.total = next;
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
