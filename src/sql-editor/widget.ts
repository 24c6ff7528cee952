/**
 * The SQL editor panel: CodeMirror input (JupyterLab's editor services),
 * a Run button, a status line, a notice/error area and the result grid.
 * Everything from the server or the host is set with textContent. What its
 * runs do (the connection, the current run, stopping) is in run-control.ts.
 */
import {
  CodeEditor,
  CodeEditorWrapper,
  type IEditorServices
} from '@jupyterlab/codeeditor';
import type { DataGrid } from '@lumino/datagrid';
import { Prec } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { type ISignal, Signal } from '@lumino/signaling';
import { BoxLayout, Widget } from '@lumino/widgets';

import type { HoldReason } from '../sql/auto-run';
import { explainError, type CallPhase } from '../sql/errors';
import { completionExtension } from './completion';
import { MessageArea, type MessageKind } from './message-area';
import type { IConnectionTarget } from './connection';
import { createEditorToolbar } from './editor-toolbar';
import { heldStatementText, resultStatusText } from './editor-texts';
import {
  applyTheme,
  attachModel,
  createResultGrid,
  selectionAsTsv,
  wideColumnWidths
} from './grid';
import type { ResultModel } from './result-model';
import type { IRunUpdate } from './runner';
import {
  RunControl,
  isRunning,
  type EditorState,
  type IRunControlOptions,
  type IRunView
} from './run-control';
import { markOnce, TimingMarks } from '../timing-marks';
// The editor's, grid's and form's rules load with them, not with the page.
import '../../style/sql-editor.css';

/**
 * What a SQL editor panel needs from the plugin: editor services, the initial query, and where its
 * connection and settings come from.
 */
export interface ISqlEditorOptions extends IRunControlOptions {
  editorServices: IEditorServices;
  query: string;
  onConnect: () => void;
  /** "Open in notebook": the statement into the workspace notebook. */
  onOpenInNotebook: () => void;
}

/**
 * The SQL editor panel: the query editor, a toolbar with the connection status, a message area and
 * the result grid. Its runs keep one connection while their target stays the same.
 */
export class SqlEditor extends Widget {
  /** The CodeMirror editor holding the query. */
  readonly editorWidget: CodeEditorWrapper;
  private readonly _statusNode: HTMLElement;
  private readonly _message = new MessageArea();
  private readonly _connectButton: HTMLButtonElement;
  private readonly _stopButton: HTMLButtonElement;
  private readonly _grid: DataGrid;
  private _model?: ResultModel;
  private readonly _runs: RunControl;
  private readonly _runFinished = new Signal<this, void>(this);

  constructor(private readonly options: ISqlEditorOptions) {
    super();
    const { trans } = options;
    this._runs = new RunControl(options, this._runView());
    this.addClass('jp-HeavyAI-SqlEditor');
    const model = new CodeEditor.Model({ mimeType: 'text/x-sql' });
    model.sharedModel.setSource(options.query);
    this.editorWidget = new CodeEditorWrapper({
      factory: options.editorServices.factoryService.newInlineEditor,
      model,
      editorOptions: { config: { lineNumbers: true } }
    });
    this.editorWidget.addClass('jp-HeavyAI-SqlEditor-input');
    this.editorWidget.editor.injectExtension(
      Prec.highest(
        keymap.of([
          { key: 'Shift-Enter', run: () => (void this.run(), true) },
          // Escape stops a running statement; otherwise it is left to the editor.
          {
            key: 'Escape',
            run: () => isRunning(this._state) && (void this.stop(), true)
          }
        ])
      )
    );
    this.editorWidget.editor.injectExtension(
      completionExtension(() => {
        const connection = this._runs.connection;
        return (
          connection &&
          ((sql, cursor) => connection.completionHints(sql, cursor))
        );
      })
    );

    const toolbar = createEditorToolbar(trans, {
      run: () => void this.run(),
      stop: () => void this.stop(),
      connect: () => options.onConnect(),
      openInNotebook: () => options.onOpenInNotebook()
    });
    const bar = toolbar.bar;
    this._statusNode = toolbar.status;
    this._connectButton = toolbar.connectButton;
    this._stopButton = toolbar.stopButton;

    this._grid = createResultGrid(trans, text =>
      this._showMessage('notice', text)
    );
    const layout = new BoxLayout({ direction: 'top-to-bottom', spacing: 0 });
    BoxLayout.setStretch(this.editorWidget, 0);
    BoxLayout.setStretch(bar, 0);
    BoxLayout.setStretch(this._message, 0);
    BoxLayout.setStretch(this._grid, 1);
    layout.addWidget(this.editorWidget);
    layout.addWidget(bar);
    layout.addWidget(this._message);
    layout.addWidget(this._grid);
    // Shown with its first result: until then the panel's layout may change several times (the
    // workspace adds it while the app settles), and each change of a visible grid's size
    // reallocates and repaints its canvases.
    this._grid.hide();
    this.layout = layout;
    this._setStatus('idle', trans.__('Ready. Shift+Enter runs the query.'));
  }

  /**
   * The rows shown, for code that holds this widget (through the shell); not
   * published on the DOM, so the shipped page offers no hook to read them.
   */
  get results(): {
    cellText(row: number, column: number): string | undefined;
    rowCount(): number;
    maxResidentBlocks(): number;
    grid: DataGrid;
    copySelection(): ReturnType<typeof selectionAsTsv>;
  } {
    return {
      cellText: (r, c) => this._model?.cellText(r, c),
      rowCount: () => this._model?.totalRows ?? 0,
      maxResidentBlocks: () => this._model?.maxResidentBlocks ?? 0,
      grid: this._grid,
      copySelection: () => selectionAsTsv(this._grid, this.options.trans)
    };
  }

  /** The query text as it stands in the editor now. */
  get query(): string {
    return this.editorWidget.model.sharedModel.getSource();
  }

  /** Emitted when a run ends, successfully or not. */
  get runFinished(): ISignal<this, void> {
    return this._runFinished;
  }

  /** Whether the last run succeeded with exactly the statement shown now (and it only reads). */
  get lastRunSucceeded(): boolean {
    return this._runs.succeededWith(this.query);
  }

  /** Show why the statement was not run by itself; it waits for Run. */
  holdStatement(reason: HoldReason): void {
    const { trans } = this.options;
    this._setStatus('idle', trans.__('Not run. Press Run to run it.'));
    this.node.dataset.held = reason;
    this._showMessage('notice', heldStatementText(trans, reason));
  }

  /** Re-read the theme colours (IThemeManager.themeChanged). */
  themeChanged(): void {
    applyTheme(this._grid); // setting the style and renderers repaints the grid
  }

  /**
   * A new session or connection arrived; what is shown runs again only as `RunControl.reconnect`
   * allows. `chosenByUser`: the user has just typed this server into the connection dialog.
   */
  async reconnect({ chosenByUser = false } = {}): Promise<void> {
    await this._runs.reconnect(() => this.query, chosenByUser);
  }

  /** Run the editor's query and show the result (`RunControl.run`); failures are shown, not rejected. */
  async run(): Promise<void> {
    await this._runs.run(this.query);
  }

  /** Stop the running statement (`RunControl.stop`): its result is dropped, the server asked to interrupt it. */
  async stop(): Promise<void> {
    await this._runs.stop();
  }

  /** What the run control shows through this panel. */
  private _runView(): IRunView {
    return {
      isDisposed: () => this.isDisposed,
      state: () => this._state,
      setStatus: (state, text) => this._setStatus(state, text),
      showMessage: (kind, text) => this._showMessage(kind, text),
      hideMessage: () => this._hideMessage(),
      runStarting: () => delete this.node.dataset.held,
      connectedTo: server =>
        (this._connectButton.title = this.options.trans.__(
          'Connected to %1 — change the default connection',
          server
        )),
      showUpdate: (update, isCurrent) => this._showUpdate(update, isCurrent),
      dropUpdate: update => {
        if (update.model !== this._model) {
          update.model?.dispose();
        }
      },
      clearResult: () => this._setModel(undefined),
      showFailure: (error, target, phase) => this._fail(error, target, phase),
      runFinished: () => this._runFinished.emit()
    };
  }

  private _showUpdate(update: IRunUpdate, isCurrent: () => boolean): void {
    if (update.model !== this._model) {
      this._setModel(update.model);
      if (update.model) {
        // The grid paints on the next animation frame.
        requestAnimationFrame(() => markOnce(TimingMarks.rowsRendered));
      }
    }
    if (update.notice) {
      this._showMessage('notice', update.notice);
    } else {
      this._hideMessage();
    }
    const { trans } = this.options;
    const state = update.final ? 'done' : 'streaming';
    const rowsText = (rows: number) =>
      resultStatusText(trans, { ...update, rows });
    this._setStatus(state, rowsText(update.rows));
    this.node.dataset.transport = update.transport;
    this._statusNode.title =
      update.fallback !== undefined
        ? trans.__('sql_execute_df refused: %1', update.fallback)
        : '';
    void update.counted?.then(total => {
      if (isCurrent() && total !== undefined) {
        this._setStatus('done', rowsText(total));
      }
    });
  }

  private _fail(
    error: unknown,
    target: IConnectionTarget | undefined,
    phase: CallPhase
  ): void {
    const { trans } = this.options;
    const explained = explainError(error, !!target?.session, trans, phase);
    this._setStatus(
      'error',
      explained.kind === 'session'
        ? trans.__('Session not valid.')
        : trans.__('Error.')
    );
    this._showMessage('error', explained.message);
    this.node.dataset.errorKind = explained.kind;
  }

  private _setModel(model: ResultModel | undefined): void {
    const old = this._model;
    this._model = model;
    if (model) {
      attachModel(this._grid, model, wideColumnWidths(model.fields));
      const wasHidden = this._grid.isHidden;
      this._grid.show();
      if (wasHidden && this.isVisible) {
        // Lay the grid out now rather than at the next frame: sized by its parent in this task, it
        // draws its rows once at its real size and they show with the frame being built. A posted
        // fit let it measure its unsized node first (46 × 102 px), then grow, copying its canvases.
        this.processMessage(Widget.Msg.FitRequest);
      }
      const update = () =>
        (this.node.dataset.rowCount = String(model.totalRows));
      model.changed.connect(update);
      update();
    } else {
      this._grid.dataModel = null;
      this.node.dataset.rowCount = '0';
    }
    old?.dispose();
  }

  private get _state(): EditorState {
    return (this.node.dataset.state ?? 'idle') as EditorState;
  }

  private _setStatus(state: EditorState, text: string): void {
    this.node.dataset.state = state;
    this._stopButton.hidden = !isRunning(state);
    this._statusNode.textContent = text;
    if (state !== 'error') {
      delete this.node.dataset.errorKind;
    }
  }

  private _showMessage(kind: MessageKind, text: string): void {
    this._message.showMessage(kind, text);
  }

  private _hideMessage(): void {
    this._message.hide();
  }

  /** Ignore any run still in flight, free the result and close the connection this panel opened. */
  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this._runs.dispose();
    this._model?.dispose();
    Signal.clearData(this);
    super.dispose();
  }
}
