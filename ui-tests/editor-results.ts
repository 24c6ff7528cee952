import type { Frame, JSHandle, Page } from '@playwright/test';

/** What a SQL editor widget offers code that holds it (`SqlEditor.results`). */
export interface IEditorResults {
  cellText(row: number, column: number): string | undefined;
  rowCount(): number;
  maxResidentBlocks(): number;
  grid: any;
}

/**
 * The results of the first (or last) open SQL editor, read through the application's shell: the
 * shipped page publishes no DOM hook, and the tests' staged config exposes `window.jupyterapp`.
 */
export async function editorResults(
  target: Page | Frame,
  which: 'first' | 'last' = 'first'
): Promise<JSHandle<IEditorResults>> {
  return (await target.evaluateHandle(pick => {
    const editors = [...document.querySelectorAll('.jp-HeavyAI-SqlEditor')];
    const node = pick === 'last' ? editors[editors.length - 1] : editors[0];
    const widget = [...(window as any).jupyterapp.shell.widgets('main')].find(
      (w: any) => w.content?.node === node
    );
    if (!widget) {
      throw new Error('no SQL editor is open');
    }
    return widget.content.results;
  }, which)) as JSHandle<IEditorResults>;
}

/** The text one cell of an open SQL editor shows. */
export async function editorCell(
  target: Page | Frame,
  row: number,
  column: number,
  which: 'first' | 'last' = 'first'
): Promise<string> {
  const results = await editorResults(target, which);
  try {
    return (
      (await results.evaluate((r, [at, col]) => r.cellText(at, col), [
        row,
        column
      ] as const)) ?? ''
    );
  } finally {
    await results.dispose();
  }
}

/** The first `rows` rows of an open SQL editor, each cell as the grid shows it. */
export async function editorRows(
  target: Page | Frame,
  rows: number,
  columns: number
): Promise<string[][]> {
  const shown: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) {
      row.push(await editorCell(target, r, c));
    }
    shown.push(row);
  }
  return shown;
}

/** Rows of a reference answer as the grid shows them (NULL for null). */
export function asShown(rows: unknown[][]): string[][] {
  return rows.map(row =>
    row.map(value => (value === null ? 'NULL' : String(value)))
  );
}

/** Select the top-left 2×2 cells of an open SQL editor's grid and focus it, as a user about to copy would. */
export async function selectTopLeftCells(
  target: Page | Frame,
  which: 'first' | 'last' = 'first'
): Promise<void> {
  const results = await editorResults(target, which);
  await results.evaluate(({ grid }) => {
    grid.selectionModel.select({
      r1: 0,
      c1: 0,
      r2: 1,
      c2: 1,
      cursorRow: 0,
      cursorColumn: 0,
      clear: 'all'
    });
    grid.viewport.node.focus();
  });
  await results.dispose();
}
