/**
 * Paint the grid's cells straight onto its canvas, each clipped to its own
 * rectangle, instead of Lumino's way: draw the cell into an off-screen buffer
 * canvas, then `drawImage` that cell's rectangle from the buffer onto the
 * screen canvas.
 *
 * Why: Chromium records canvas drawing and rasterizes it lazily, so every
 * buffer-to-canvas `drawImage` flushes the buffer and snapshots it, and the
 * next cell drawn into the buffer copies the whole snapshot again
 * (copy-on-write). With one blit per cell that is ~200 full-canvas copies a
 * frame: measured in headless Chromium without a GPU, `drawImage` took 85 % of
 * the main thread and a scrolling frame ~400 ms (docs/decisions.md). Clipping
 * gives the same pixels — text confined to its cell, the background and grid
 * lines Lumino draws before and after left as they are — without any copy.
 *
 * This replaces one private method of @lumino/datagrid's DataGrid (2.5.x) on
 * an instance. When that method or the fields it needs are not there (another
 * Lumino version), the grid is left exactly as Lumino made it.
 */
import {
  AsyncCellRenderer,
  CellGroup,
  DataModel,
  GraphicsContext
} from '@lumino/datagrid';
import type { CellRenderer, DataGrid, RendererMap } from '@lumino/datagrid';

/** Lumino's private paint region (viewport coordinates), as `_drawCells` receives it. */
interface IPaintRegion {
  region: DataModel.CellRegion;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  x: number;
  y: number;
  row: number;
  column: number;
  rowSizes: number[];
  columnSizes: number[];
}

/** The private parts of a Lumino 2.5 DataGrid this relies on. */
interface IGridInternals {
  _canvasGC: CanvasRenderingContext2D;
  _cellRenderers: RendererMap;
  _drawCells: (rgn: IPaintRegion) => void;
  repaintRegion(
    region: DataModel.CellRegion,
    r1: number,
    c1: number,
    r2: number,
    c2: number
  ): void;
  dataModel: DataModel | null;
}

/** True when `grid` now paints its cells directly (false: Lumino's own painting is kept). */
export function paintCellsDirectly(grid: DataGrid): boolean {
  const internals = grid as unknown as IGridInternals;
  if (
    typeof internals._drawCells !== 'function' ||
    !(internals._canvasGC instanceof CanvasRenderingContext2D) ||
    !internals._cellRenderers
  ) {
    return false;
  }
  internals._drawCells = (rgn: IPaintRegion) => drawCells(internals, rgn);
  return true;
}

function drawCells(grid: IGridInternals, rgn: IPaintRegion): void {
  const model = grid.dataModel;
  if (!model) {
    return;
  }
  // One mutable config for every cell, as Lumino does (renderers must not keep it).
  const config: {
    -readonly [K in keyof CellRenderer.CellConfig]: CellRenderer.CellConfig[K];
  } = {
    x: 0,
    y: 0,
    width: 0,
    height: 0,
    region: rgn.region,
    row: 0,
    column: 0,
    value: null,
    metadata: DataModel.emptyMetadata
  };
  const gc = new GraphicsContext(grid._canvasGC);
  try {
    for (
      let x = rgn.x, i = 0;
      i < rgn.columnSizes.length;
      x += rgn.columnSizes[i], i++
    ) {
      const width = rgn.columnSizes[i];
      if (width === 0) {
        continue;
      }
      const column = rgn.column + i;
      for (
        let y = rgn.y, j = 0;
        j < rgn.rowSizes.length;
        y += rgn.rowSizes[j], j++
      ) {
        const height = rgn.rowSizes[j];
        const row = rgn.row + j;
        // Merged cells are Lumino's to paint later; ours has none, but keep its contract.
        if (
          height === 0 ||
          CellGroup.getGroupIndex(model, rgn.region, row, column) !== -1
        ) {
          continue;
        }
        // The cell's visible rectangle without its last pixel row and column (the grid lines').
        const x1 = Math.max(rgn.xMin, x);
        const x2 = Math.min(x + width - 1, rgn.xMax);
        const y1 = Math.max(rgn.yMin, y);
        const y2 = Math.min(y + height - 1, rgn.yMax);
        if (x2 < x1 || y2 < y1) {
          continue;
        }
        config.x = x;
        config.y = y;
        config.width = width;
        config.height = height;
        config.row = row;
        config.column = column;
        config.value = cellValue(model, rgn.region, row, column);
        config.metadata = cellMetadata(model, rgn.region, row, column);
        const renderer = grid._cellRenderers.get(config);
        gc.save();
        gc.beginPath();
        gc.rect(x1, y1, x2 - x1 + 1, y2 - y1 + 1);
        gc.clip();
        try {
          if (
            renderer instanceof AsyncCellRenderer &&
            !renderer.isReady(config)
          ) {
            renderer.paintPlaceholder(gc, config);
            void renderer
              .load(config)
              .then(() =>
                grid.repaintRegion(rgn.region, row, column, row + 1, column + 1)
              );
          } else {
            renderer.paint(gc, config);
          }
        } catch (err) {
          console.error(err);
        }
        gc.restore();
      }
    }
  } finally {
    gc.dispose();
  }
}

function cellValue(
  model: DataModel,
  region: DataModel.CellRegion,
  row: number,
  column: number
): unknown {
  try {
    return model.data(region, row, column);
  } catch (err) {
    console.error(err);
    return null;
  }
}

function cellMetadata(
  model: DataModel,
  region: DataModel.CellRegion,
  row: number,
  column: number
): DataModel.Metadata {
  try {
    return model.metadata(region, row, column);
  } catch (err) {
    console.error(err);
    return DataModel.emptyMetadata;
  }
}
