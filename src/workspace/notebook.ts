/**
 * The connected notebook: written with its connection cell first (so the
 * saved file has it even if the kernel never starts), then opened beside
 * the SQL editor. The cell never holds the session ID.
 */
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Contents } from '@jupyterlab/services';

import type { ISessionRecord } from '../store/record';
import { renderConnectionCell } from '../codegen/connection-cell';
import type { ISqlEditorSettings } from '../sql/settings';

/**
 * The first cell of the workspace notebook: the settings' template filled with the session's
 * connection (else the default connection's) and `query`; the session ID itself is never written
 * into it.
 */
export function connectionCellSource(
  settings: ISqlEditorSettings,
  session: ISessionRecord | undefined,
  query: string
): string {
  return renderConnectionCell(
    settings.notebookTemplate,
    {
      query,
      protocol: session?.connection.protocol ?? settings.connection?.protocol,
      host: session?.connection.host ?? settings.connection?.host,
      port: session?.connection.port ?? settings.connection?.port,
      database: session?.connection.database ?? settings.connection?.database
    },
    session?.session ?? ''
  );
}

function notebookContent(
  source: string,
  kernelName: string
): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: kernelName,
        display_name: kernelName === 'python' ? 'Python (Pyodide)' : kernelName,
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells: [
      {
        cell_type: 'code',
        source,
        metadata: { tags: ['heavyai-connection'] },
        outputs: [],
        execution_count: null,
        id: 'heavyai-connection'
      }
    ]
  };
}

/** Create `HeavyAI N.ipynb` with the connection cell and open it split-right of `refId`. */
export async function createConnectedNotebook(
  docManager: IDocumentManager,
  contents: Contents.IManager,
  source: string,
  kernelName: string,
  refId?: string
): Promise<string> {
  const created = await contents.newUntitled({ type: 'notebook', path: '' });
  let path = created.path;
  for (let n = 1; n < 1000; n++) {
    const name = `HeavyAI ${n}.ipynb`;
    try {
      await contents.get(name, { content: false });
    } catch {
      path = (await contents.rename(created.path, name)).path;
      break;
    }
  }
  await contents.save(path, {
    type: 'notebook',
    format: 'json',
    content: notebookContent(source, kernelName)
  });
  docManager.openOrReveal(
    path,
    'Notebook',
    { name: kernelName },
    refId ? { mode: 'split-right', ref: refId } : undefined
  );
  return path;
}

/** Put the connection cell below the active cell of the current notebook. */
export function insertConnectionCell(
  tracker: INotebookTracker,
  source: string
): boolean {
  const panel = tracker.currentWidget;
  const model = panel?.content.model;
  if (!panel || !model) {
    return false;
  }
  const index = Math.min(panel.content.activeCellIndex + 1, model.cells.length);
  model.sharedModel.insertCell(index, {
    cell_type: 'code',
    source,
    metadata: { tags: ['heavyai-connection'] }
  });
  panel.content.activeCellIndex = index;
  return true;
}
