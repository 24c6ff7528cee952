/**
 * The SQL editor's toolbar: Run, Stop, Connect…, Open in Notebook and the status line. The panel
 * (widget.ts) owns what the buttons do and what the status says.
 */
import { Widget } from '@lumino/widgets';

import type { ITranslate } from '../translate';

/** What the toolbar's buttons do; the panel supplies them. */
export interface IEditorToolbarActions {
  run(): void;
  stop(): void;
  connect(): void;
  openInNotebook(): void;
}

/** The toolbar's parts the panel updates as runs start and end. */
export interface IEditorToolbar {
  readonly bar: Widget;
  /** The status line (role="status"), set with textContent only. */
  readonly status: HTMLElement;
  /** Its title names the server the editor is connected to. */
  readonly connectButton: HTMLButtonElement;
  /** Shown only while a statement runs. */
  readonly stopButton: HTMLButtonElement;
}

function button(
  className: string,
  text: string,
  title: string,
  onClick: () => void
): HTMLButtonElement {
  const node = document.createElement('button');
  node.className = `jp-HeavyAI-button ${className}`;
  node.textContent = text;
  node.title = title;
  node.onclick = onClick;
  return node;
}

/** Build the toolbar; every text goes through `trans`. */
export function createEditorToolbar(
  trans: ITranslate,
  actions: IEditorToolbarActions
): IEditorToolbar {
  const bar = new Widget();
  bar.addClass('jp-HeavyAI-SqlEditor-bar');
  const runButton = button(
    'jp-mod-accept jp-HeavyAI-run',
    trans.__('▶ Run'),
    trans.__('Run the query (Shift+Enter)'),
    () => actions.run()
  );
  const stopButton = button(
    'jp-HeavyAI-stop',
    trans.__('■ Stop'),
    trans.__('Stop the running query (Escape)'),
    () => actions.stop()
  );
  stopButton.hidden = true;
  const connectButton = button(
    'jp-HeavyAI-connect',
    trans.__('Connect…'),
    trans.__('Set the default HeavyAI connection'),
    () => actions.connect()
  );
  const notebookButton = button(
    'jp-HeavyAI-open-in-notebook',
    trans.__('Open in Notebook'),
    trans.__(
      'Put the statement in a %%heavysql cell of the workspace notebook (Alt+Shift+N)'
    ),
    () => actions.openInNotebook()
  );
  const status = document.createElement('div');
  status.className = 'jp-HeavyAI-status';
  status.setAttribute('role', 'status');
  bar.node.append(runButton, stopButton, connectButton, notebookButton, status);
  return { bar, status, connectButton, stopButton };
}
