/**
 * "Open in notebook": a statement goes into the workspace notebook as a
 * `%%heavysql df` cell below the active cell, and the cell gets the focus.
 * The workspace notebook is the open `HeavyAI <n>.ipynb` (the active one
 * first), else the newest such file, opened; else a new one is created.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { heavysqlCellSource } from '../codegen/heavysql-cell';
import type { IGeneratedCell } from '../codegen/workspace-cells';
import {
  createConnectedNotebook,
  WORKSPACE_NOTEBOOK_PATTERN
} from './notebook';

/** What finding, opening or creating the workspace notebook needs. */
export interface IQueryCellContext {
  app: JupyterFrontEnd;
  docManager: IDocumentManager;
  notebooks: INotebookTracker;
  kernelName: string;
  /** The cells of a new workspace notebook (its connection cell), made only when one is created. */
  newNotebookCells: () => Promise<IGeneratedCell[]>;
}

function workspaceNumber(path: string): number {
  const match = WORKSPACE_NOTEBOOK_PATTERN.exec(path);
  return match ? Number(match[1]) : -1;
}

/** The open workspace notebook: the active notebook when it is one, else the newest open one. */
function openWorkspacePanel(
  notebooks: INotebookTracker
): NotebookPanel | undefined {
  const current = notebooks.currentWidget;
  if (current && workspaceNumber(current.context.path) >= 0) {
    return current;
  }
  let best: NotebookPanel | undefined;
  notebooks.forEach(panel => {
    const n = workspaceNumber(panel.context.path);
    if (n >= 0 && (!best || n > workspaceNumber(best.context.path))) {
      best = panel;
    }
  });
  return best;
}

/** The newest `HeavyAI <n>.ipynb` in the file tree's top folder, if any. */
async function newestWorkspaceFile(
  context: IQueryCellContext
): Promise<string | undefined> {
  const listing = await context.app.serviceManager.contents.get('', {
    content: true
  });
  const names: string[] = (listing.content ?? []).map(
    (item: { path: string }) => item.path
  );
  return names
    .filter(name => workspaceNumber(name) >= 0)
    .sort((a, b) => workspaceNumber(b) - workspaceNumber(a))[0];
}

async function workspacePanel(
  context: IQueryCellContext,
  besideId: string | undefined
): Promise<NotebookPanel> {
  const open = openWorkspacePanel(context.notebooks);
  if (open) {
    return open;
  }
  const { app, docManager, kernelName } = context;
  const path =
    (await newestWorkspaceFile(context)) ??
    (await createConnectedNotebook(
      docManager,
      app.serviceManager.contents,
      await context.newNotebookCells(),
      kernelName,
      besideId
    ));
  const options = besideId
    ? { mode: 'split-right' as const, ref: besideId }
    : undefined;
  const widget = docManager.openOrReveal(
    path,
    'Notebook',
    { name: kernelName },
    options
  );
  if (!widget) {
    throw new Error(`The notebook ${path} could not be opened.`);
  }
  return widget as NotebookPanel;
}

/** Insert `sql` as a `%%heavysql df` cell below the workspace notebook's active cell and focus it. */
export async function openInWorkspaceNotebook(
  context: IQueryCellContext,
  sql: string,
  besideId?: string
): Promise<NotebookPanel> {
  const panel = await workspacePanel(context, besideId);
  await panel.context.ready;
  const notebook = panel.content;
  const model = notebook.model;
  if (!model) {
    throw new Error('The workspace notebook has no model.');
  }
  const index = Math.min(notebook.activeCellIndex + 1, model.cells.length);
  model.sharedModel.insertCell(index, {
    cell_type: 'code',
    source: heavysqlCellSource(sql),
    metadata: { tags: ['heavyai-query'] }
  });
  context.app.shell.activateById(panel.id);
  notebook.activeCellIndex = index;
  notebook.mode = 'edit';
  notebook.activeCell?.editor?.focus();
  return panel;
}
