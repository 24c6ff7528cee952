/**
 * The SQL editor panel: CodeMirror input (JupyterLab's editor services),
 * a Run button, a status line, a notice/error area and the result grid.
 * Everything from the server or the host is set with textContent.
 */
import { CodeEditor, CodeEditorWrapper, type IEditorServices } from '@jupyterlab/codeeditor';
import type { DataGrid } from '@lumino/datagrid';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { BoxLayout, Widget } from '@lumino/widgets';

import { explainError } from '../sql/errors';
import { completionExtension } from './completion';
import { HeavyConnection, endpointUrl, type ConnectionTarget } from './connection';
import { applyTheme, attachModel, createResultGrid } from './grid';
import type { ResultModel } from './result-model';
import { runStatement } from './runner';
import { markOnce, TimingMarks } from '../sql/timing';

export interface SqlEditorOptions {
  editorServices: IEditorServices;
  query: string;
  /** Where to connect now (the session, or the default connection); undefined when nothing is set. */
  resolveTarget: () => Promise<ConnectionTarget | undefined>;
  blockSize: () => number;
  onConnect: () => void;
}

export class SqlEditor extends Widget {
  readonly editorWidget: CodeEditorWrapper;
  private readonly statusNode = document.createElement('div');
  private readonly messageNode = document.createElement('div');
  private readonly connectButton = document.createElement('button');
  private readonly grid: DataGrid;
  private connection?: HeavyConnection;
  private connectionKey = '';
  private model?: ResultModel;
  private runId = 0;
  private hasRun = false;

  constructor(private readonly options: SqlEditorOptions) {
    super();
    this.addClass('jp-HeavyAI-SqlEditor');
    const model = new CodeEditor.Model({ mimeType: 'text/x-sql' });
    model.sharedModel.setSource(options.query);
    this.editorWidget = new CodeEditorWrapper({ factory: options.editorServices.factoryService.newInlineEditor, model, editorOptions: { config: { lineNumbers: true } } });
    this.editorWidget.addClass('jp-HeavyAI-SqlEditor-input');
    this.editorWidget.editor.injectExtension(Prec.highest(keymap.of([{ key: 'Shift-Enter', run: () => (void this.run(), true) }])));
    this.editorWidget.editor.injectExtension(completionExtension(() => this.connection && ((sql, cursor) => this.connection!.completionHints(sql, cursor))));

    const bar = new Widget();
    bar.addClass('jp-HeavyAI-SqlEditor-bar');
    const runButton = document.createElement('button');
    runButton.className = 'jp-HeavyAI-button jp-mod-accept jp-HeavyAI-run';
    runButton.textContent = '▶ Run';
    runButton.title = 'Run the query (Shift+Enter)';
    runButton.onclick = () => void this.run();
    this.connectButton.className = 'jp-HeavyAI-button jp-HeavyAI-connect';
    this.connectButton.textContent = 'Connect…';
    this.connectButton.title = 'Set the default HeavyAI connection';
    this.connectButton.onclick = () => options.onConnect();
    this.statusNode.className = 'jp-HeavyAI-status';
    this.statusNode.setAttribute('role', 'status');
    bar.node.append(runButton, this.connectButton, this.statusNode);

    const message = new Widget({ node: this.messageNode });
    message.addClass('jp-HeavyAI-message');
    message.hide();

    this.grid = createResultGrid(text => this.showMessage('notice', text));
    const layout = new BoxLayout({ direction: 'top-to-bottom', spacing: 0 });
    BoxLayout.setStretch(this.editorWidget, 0);
    BoxLayout.setStretch(bar, 0);
    BoxLayout.setStretch(message, 0);
    BoxLayout.setStretch(this.grid, 1);
    layout.addWidget(this.editorWidget);
    layout.addWidget(bar);
    layout.addWidget(message);
    layout.addWidget(this.grid);
    this.layout = layout;
    this.setStatus('idle', 'Ready. Shift+Enter runs the query.');
    // Tests and debugging read the grid's text through this (never the session).
    (this.node as any).heavyaiResults = { cellText: (r: number, c: number) => this.model?.cellText(r, c), rowCount: () => this.model?.totalRows ?? 0, grid: this.grid };
  }

  get query(): string {
    return this.editorWidget.model.sharedModel.getSource();
  }

  /** Re-read the theme colours (IThemeManager.themeChanged). */
  themeChanged(): void {
    applyTheme(this.grid); // setting the style and renderers repaints the grid
  }

  /** A new session or connection arrived: drop the old connection and re-run what is shown. */
  async reconnect(): Promise<void> {
    this.connection = undefined;
    this.connectionKey = '';
    if (this.hasRun) {
      await this.run();
    }
  }

  async run(): Promise<void> {
    const id = ++this.runId;
    const sql = this.query;
    this.hasRun = true;
    this.setStatus('connecting', 'Connecting…');
    let target: ConnectionTarget | undefined;
    try {
      target = await this.options.resolveTarget();
      if (!target) {
        this.setStatus('error', 'Not connected.');
        this.showMessage('error', 'No HeavyAI session has arrived and no default connection is set. Open this page from Immerse, or click "Connect…" to enter a server and log in.');
        return;
      }
      // The password is not part of the key: an editor keeps its login when the password is dropped.
      const key = JSON.stringify({ ...target, password: undefined });
      if (!this.connection || key !== this.connectionKey) {
        this.connection = await HeavyConnection.open(target);
        this.connectionKey = key;
      }
      if (id !== this.runId) {
        return;
      }
      this.connectButton.title = `Connected to ${endpointUrl(target)} — change the default connection`;
      this.setStatus('running', 'Running…');
      const result = await runStatement(this.connection, sql, this.options.blockSize(), error => this.fail(error, target));
      if (id !== this.runId) {
        result.model?.dispose();
        return;
      }
      this.setModel(result.model);
      if (result.model) {
        // The grid paints on the next animation frame.
        requestAnimationFrame(() => markOnce(TimingMarks.rowsRendered));
      }
      result.notice ? this.showMessage('notice', result.notice) : this.hideMessage();
      const elapsed = `${Math.round(result.elapsedMs).toLocaleString('en-US')} ms`;
      this.setStatus('done', `${result.rows.toLocaleString('en-US')} rows · ${elapsed}`);
      void result.counted?.then(total => {
        if (id === this.runId && total !== undefined) {
          this.setStatus('done', `${total.toLocaleString('en-US')} rows · ${elapsed}`);
        }
      });
    } catch (error) {
      if (id === this.runId) {
        if (this.connection && explainError(error, !!target?.session).kind === 'session') {
          this.connection = undefined; // a new session will need a new connection
        }
        this.fail(error, target);
      }
    }
  }

  private fail(error: unknown, target: ConnectionTarget | undefined): void {
    const explained = explainError(error, !!target?.session);
    this.setStatus('error', explained.kind === 'session' ? 'Session not valid.' : 'Error.');
    this.showMessage('error', explained.message);
    this.node.dataset.errorKind = explained.kind;
  }

  private setModel(model: ResultModel | undefined): void {
    const old = this.model;
    this.model = model;
    if (model) {
      attachModel(this.grid, model);
      const update = () => (this.node.dataset.residentBlocks = String(model.residentBlocks), this.node.dataset.maxResidentBlocks = String(model.maxResidentBlocks), this.node.dataset.rowCount = String(model.totalRows));
      model.changed.connect(update);
      update();
    } else {
      this.grid.dataModel = null;
      this.node.dataset.rowCount = '0';
    }
    old?.dispose();
  }

  private setStatus(state: string, text: string): void {
    this.node.dataset.state = state;
    this.statusNode.textContent = text;
    if (state !== 'error') {
      delete this.node.dataset.errorKind;
    }
  }

  private showMessage(kind: 'error' | 'notice', text: string): void {
    this.messageNode.textContent = text;
    this.messageNode.classList.toggle('jp-HeavyAI-message-error', kind === 'error');
    this.messageNode.classList.toggle('jp-HeavyAI-message-notice', kind === 'notice');
    (this.layout as BoxLayout).widgets[2].show();
  }

  private hideMessage(): void {
    (this.layout as BoxLayout).widgets[2].hide();
  }

  dispose(): void {
    this.runId++;
    this.model?.dispose();
    super.dispose();
  }
}
