/**
 * The result grid: @lumino/datagrid drawn with JupyterLab's theme colours
 * (read from CSS variables, re-read when the theme changes), numbers right-
 * aligned, NULL drawn apart, and Ctrl/Cmd+C copying the selection as TSV.
 */
import {
  BasicKeyHandler,
  BasicMouseHandler,
  BasicSelectionModel,
  DataGrid,
  TextRenderer
} from '@lumino/datagrid';
import type { CellRenderer } from '@lumino/datagrid';

import { toTsv } from '../sql/format';
import { paintCellsDirectly } from './direct-cell-paint';
import { lightenFirstPaint } from './light-first-paint';
import type { ResultModel } from './result-model';
import type { ITranslate } from '../translate';

const MAX_COPY_CELLS = 1_000_000;

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

/**
 * The result grid, themed, with cell selection and Ctrl/Cmd+C copying as TSV; `onCopyProblem`
 * receives a message when a copy cannot be done.
 */
export function createResultGrid(
  trans: ITranslate,
  onCopyProblem: (message: string) => void
): DataGrid {
  const grid = new DataGrid({
    defaultSizes: {
      rowHeight: 24,
      columnWidth: 140,
      rowHeaderWidth: 72,
      columnHeaderHeight: 28
    },
    headerVisibility: 'all'
  });
  grid.addClass('jp-HeavyAI-grid');
  paintCellsDirectly(grid);
  lightenFirstPaint(grid);
  grid.keyHandler = new CopyKeyHandler(trans, onCopyProblem);
  grid.mouseHandler = new BasicMouseHandler();
  applyTheme(grid);
  return grid;
}

/** Column widths (px) for types whose values are longer than the default 140 px shows. */
const WIDE_COLUMNS: Record<string, number> = {
  BIGINT: 190,
  DECIMAL: 170,
  TIMESTAMP: 170
};

/**
 * The widths (column index → px) of the columns whose type holds wide values: a full BIGINT has
 * 20 characters and would be clipped at the default width.
 */
export function wideColumnWidths(
  fields: readonly { type: string }[]
): Map<number, number> {
  const widths = new Map<number, number>();
  fields.forEach((field, column) => {
    const width = WIDE_COLUMNS[field.type];
    if (width) {
      widths.set(column, width);
    }
  });
  return widths;
}

/**
 * Show `model` in `grid` with a fresh cell selection, so no selection survives from an earlier
 * result, and the body columns listed in `columnWidths` (column index → px) at those widths.
 */
export function attachModel(
  grid: DataGrid,
  model: ResultModel,
  columnWidths: ReadonlyMap<number, number> = new Map()
): void {
  grid.dataModel = model;
  grid.selectionModel = new BasicSelectionModel({
    dataModel: model,
    selectionMode: 'cell'
  });
  setColumnWidthsBeforePaint(grid, columnWidths);
}

/** The private parts of a Lumino 2.5 DataGrid that set column widths without painting. */
interface IColumnSizeInternals {
  _columnSections: {
    count: number;
    resize(index: number, size: number): void;
    clampSize(size: number): number;
  };
  _syncViewport(): void;
}

/**
 * Give body columns their widths before the grid paints the new model. Setting a model schedules
 * one full paint; `resizeColumn` would queue each width behind it, and each of those copies the
 * painted canvas onto itself and paints what moved, so a result with two wide columns was drawn
 * (and rasterized) about three times in the task that shows it. Written into Lumino's section
 * list instead, the widths are in place when that one paint runs. Without those private parts
 * (another Lumino version) the public, queued `resizeColumn` is used.
 */
function setColumnWidthsBeforePaint(
  grid: DataGrid,
  columnWidths: ReadonlyMap<number, number>
): void {
  if (columnWidths.size === 0) {
    return;
  }
  const internals = grid as unknown as Partial<IColumnSizeInternals>;
  const sections = internals._columnSections;
  if (
    !sections ||
    typeof sections.resize !== 'function' ||
    typeof sections.clampSize !== 'function' ||
    typeof internals._syncViewport !== 'function'
  ) {
    columnWidths.forEach((width, column) =>
      grid.resizeColumn('body', column, width)
    );
    return;
  }
  columnWidths.forEach((width, column) => {
    if (column < sections.count) {
      sections.resize(column, sections.clampSize(width));
    }
  });
  // The paint already scheduled absorbs this one; the scroll bars follow the new widths.
  internals._syncViewport();
}

/** Colours and renderers from the current JupyterLab theme. */
export function applyTheme(grid: DataGrid): void {
  const text = cssVar('--jp-ui-font-color1', '#212121');
  const muted = cssVar('--jp-ui-font-color3', '#9e9e9e');
  const background = cssVar('--jp-layout-color0', '#ffffff');
  const header = cssVar('--jp-layout-color2', '#eeeeee');
  const border = cssVar('--jp-border-color2', '#e0e0e0');
  const brand = cssVar('--jp-brand-color1', '#1976d2');
  const fontFamily = cssVar('--jp-code-font-family', 'monospace');
  const font = `12px ${fontFamily}`;
  grid.style = {
    ...DataGrid.defaultStyle,
    voidColor: background,
    backgroundColor: background,
    rowBackgroundColor: i =>
      i % 2 === 0 ? background : withAlpha(border, 0.35),
    gridLineColor: border,
    headerBackgroundColor: header,
    headerGridLineColor: border,
    selectionFillColor: withAlpha(brand, 0.2),
    selectionBorderColor: brand,
    cursorBorderColor: brand,
    headerSelectionFillColor: withAlpha(brand, 0.15),
    headerSelectionBorderColor: brand
  };
  const isNull = (config: CellRenderer.CellConfig) => !!config.metadata.isNull;
  const numeric = (config: CellRenderer.CellConfig) =>
    !!config.metadata.numeric;
  const body = new TextRenderer({
    font: config => (isNull(config) ? `italic ${font}` : font),
    textColor: config => (isNull(config) ? muted : text),
    horizontalAlignment: config => (numeric(config) ? 'right' : 'left')
  });
  const headerRenderer = new TextRenderer({
    font: `bold ${font}`,
    textColor: text
  });
  grid.cellRenderers.update({
    body,
    'column-header': headerRenderer,
    'row-header': new TextRenderer({
      font,
      textColor: muted,
      horizontalAlignment: 'right'
    }),
    'corner-header': headerRenderer
  });
}

/** `#rrggbb` (or any colour the canvas accepts) with some transparency. */
function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (!hex) {
    return color;
  }
  const n = parseInt(hex[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

class CopyKeyHandler extends BasicKeyHandler {
  constructor(
    private readonly _trans: ITranslate,
    private readonly _onProblem: (message: string) => void
  ) {
    super();
  }

  onKeyDown(grid: DataGrid, event: KeyboardEvent): void {
    if (
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      event.key.toLowerCase() === 'c'
    ) {
      event.preventDefault();
      event.stopPropagation();
      const text = selectionAsTsv(grid, this._trans);
      if (typeof text === 'string') {
        void navigator.clipboard
          ?.writeText(text)
          .catch(() =>
            this._onProblem(
              this._trans.__(
                'The browser did not allow copying to the clipboard.'
              )
            )
          );
      } else if (text) {
        this._onProblem(text.problem);
      }
      return;
    }
    super.onKeyDown(grid, event);
  }
}

/** The current selection's cells as TSV; a problem when it is too big or not loaded. */
export function selectionAsTsv(
  grid: DataGrid,
  trans: ITranslate
): string | { problem: string } | undefined {
  const model = grid.dataModel as ResultModel | null;
  const selection = grid.selectionModel?.currentSelection();
  if (!model || !selection) {
    return undefined;
  }
  const [r1, r2] = [
    Math.min(selection.r1, selection.r2),
    Math.max(selection.r1, selection.r2)
  ];
  const [c1, c2] = [
    Math.min(selection.c1, selection.c2),
    Math.max(selection.c1, selection.c2)
  ];
  if ((r2 - r1 + 1) * (c2 - c1 + 1) > MAX_COPY_CELLS) {
    return {
      problem: trans.__(
        'Select at most %1 cells to copy.',
        MAX_COPY_CELLS.toLocaleString()
      )
    };
  }
  const rows: (string | null)[][] = [];
  for (let r = r1; r <= r2; r++) {
    const row: (string | null)[] = [];
    for (let c = c1; c <= c2; c++) {
      const cell = model.cellOrNull(r, c);
      if (cell === undefined) {
        return {
          problem: trans.__(
            'Part of the selection is not loaded; scroll through it or select fewer rows.'
          )
        };
      }
      row.push(cell);
    }
    rows.push(row);
  }
  return toTsv(rows);
}
