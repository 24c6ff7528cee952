/**
 * The SQL editor panel: CodeMirror input (JupyterLab's editor services),
 * a Run button, a status line, a notice/error area and the result grid.
 * Everything from the server or the host is set with textContent.
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

import {
  decideRerunOnNewSession,
  type HoldReason,
  type ILastRun
} from '../sql/auto-run';
import { classifyStatement } from '../sql/statement-kind';

import { explainError, type CallPhase } from '../sql/errors';
import type { ISqlEditorSettings } from '../sql/settings';
import { completionExtension } from './completion';
import { MessageArea, type MessageKind } from './message-area';
import {
  HeavyConnection,
  endpointUrl,
  type IConnectionTarget
} from './connection';
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
import { runStatement, type IRunUpdate } from './runner';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ITranslate } from '../translate';
// The editor's, grid's and form's rules load with them, not with the page.
import '../../style/sql-editor.css';

/**
 * What a SQL editor panel needs from the plugin: editor services, the initial query, and where its
 * connection and settings come from.
 */
export interface ISqlEditorOptions {
  editorServices: IEditorServices;
  query: string;
  /** Where to connect now (the session, or the default connection); undefined when nothing is set. */
  resolveTarget: () => Promise<IConnectionTarget | undefined>;
  runSettings: () => Pick<
    ISqlEditorSettings,
    'blockSize' | 'firstBatchRows' | 'memoryBudgetMB' | 'arrow'
  >;
  onConnect: () => void;
  /** "Open in notebook": the statement into the workspace notebook. */
  onOpenInNotebook: () => void;
  /** A handed-over session was refused as no longer valid (the host page is asked for a new one). */
  onSessionInvalid?: () => void;
  /** The bundle of our translation domain: every text the panel shows goes through it. */
  trans: ITranslate;
}

/**
 * The SQL editor panel: the query editor, a toolbar with the connection status, a message area and
 * the result grid. It keeps one connection while its target stays the same.
 */
export class SqlEditor extends Widget {
  /** The CodeMirror editor holding the query. */
  readonly editorWidget: CodeEditorWrapper;
  private readonly _statusNode: HTMLElement;
  private readonly _message = new MessageArea();
  private readonly _connectButton: HTMLButtonElement;
  private readonly _stopButton: HTMLButtonElement;
  private readonly _grid: DataGrid;
  private _connection?: HeavyConnection;
  private _connectionKey = '';
  private _model?: ResultModel;
  private _runId = 0;
  /** What the last run sent, where, and how it ended: a new session re-runs only such a run. */
  private _lastRun?: ILastRun;
  /** The target (session and server, no password) the last run resolved; '' until it has one. */
  private _lastRunTargetKey = '';
  private readonly _runFinished = new Signal<this, void>(this);

  constructor(private readonly options: ISqlEditorOptions) {
    super();
    const { trans } = options;
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
            run: () => this._running && (void this.stop(), true)
          }
        ])
      )
    );
    this.editorWidget.editor.injectExtension(
      completionExtension(
        () =>
          this._connection &&
          ((sql, cursor) => this._connection!.completionHints(sql, cursor))
      )
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
    return (
      this._lastRun?.outcome === 'succeeded' &&
      this._lastRun.statement === this.query &&
      classifyStatement(this.query) === 'read-only'
    );
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
   * A new session or connection arrived: drop the old connection. What is
   * shown is re-run only on the server it last ran on (a new session for the
   * same server); a query is never sent to a server the user has not chosen
   * to run it on — they press Run for that. `chosenByUser`: the user has just
   * typed this server into the connection dialog, which is that choice.
   */
  async reconnect({ chosenByUser = false } = {}): Promise<void> {
    const target = await this.options.resolveTarget().catch(() => undefined);
    const lastRun = this._lastRun;
    if (
      !chosenByUser &&
      lastRun &&
      target &&
      connectionKey(target) === this._lastRunTargetKey
    ) {
      return; // the same session for the same server (a host may send it twice): nothing changed here
    }
    this._dropConnection();
    if (!lastRun) {
      return;
    }
    if (lastRun.outcome === 'running' && !this._lastRunTargetKey) {
      // That run has not reached any server yet: running it now is what it was about to do.
      await this.run();
      return;
    }
    if (
      decideRerunOnNewSession(
        lastRun,
        this.query,
        target && endpointUrl(target),
        chosenByUser
      )
    ) {
      await this.run();
      return;
    }
    this._runId++; // whatever was in flight belongs to the old server
    const { trans } = this.options;
    this._setStatus(
      'idle',
      target
        ? trans.__(
            'The connection changed to %1. Press Run to run the query there.',
            endpointUrl(target)
          )
        : trans.__('Not connected.')
    );
  }

  /**
   * Run the editor's query and show the result; a newer run or dispose makes this one's results be
   * ignored. Failures are shown in the message area, not rejected.
   */
  async run(): Promise<void> {
    const id = ++this._runId;
    const sql = this.query;
    const { trans } = this.options;
    const lastRun: ILastRun = {
      statement: sql,
      outcome: 'running',
      server: undefined
    };
    this._lastRun = lastRun;
    this._lastRunTargetKey = '';
    delete this.node.dataset.held;
    this._setStatus('connecting', trans.__('Connecting…'));
    let target: IConnectionTarget | undefined;
    let phase: CallPhase = 'query';
    try {
      target = await this.options.resolveTarget();
      if (!target) {
        lastRun.outcome = 'not-connected';
        this._setStatus('error', trans.__('Not connected.'));
        this._showMessage(
          'error',
          trans.__(
            'No HeavyAI session has arrived and no default connection is set. Open this page from Immerse, or click "Connect…" to enter a server and log in.'
          )
        );
        return;
      }
      const key = connectionKey(target);
      if (id === this._runId) {
        this._lastRunTargetKey = key;
      }
      lastRun.server = endpointUrl(target);
      if (!this._connection || key !== this._connectionKey) {
        this._dropConnection();
        phase = target.session ? 'query' : 'login';
        const opened = await HeavyConnection.open(target, trans);
        phase = 'query';
        if (id !== this._runId || this.isDisposed) {
          void opened.close(); // a newer run (or a closed panel) does not want this one
          return;
        }
        this._connection = opened;
        this._connectionKey = key;
      }
      if (id !== this._runId) {
        return;
      }
      const connection = this._connection;
      this._connectButton.title = trans.__(
        'Connected to %1 — change the default connection',
        endpointUrl(target)
      );
      this._setStatus('running', trans.__('Running…'));
      const settings = this.options.runSettings();
      const runTarget = target;
      await runStatement(
        connection,
        sql,
        {
          ...settings,
          memoryBudgetBytes: settings.memoryBudgetMB * 1_048_576,
          trans,
          // A block that fails to load reports only while its run is still the one shown.
          onBlockError: error => {
            if (id === this._runId) {
              this._fail(error, runTarget, 'query');
            }
          }
        },
        update => {
          if (id !== this._runId || this.isDisposed) {
            if (update.model !== this._model) {
              update.model?.dispose();
            }
            return;
          }
          this._showUpdate(id, update);
        }
      );
      if (id === this._runId && this.node.dataset.state !== 'error') {
        lastRun.outcome = 'succeeded';
      }
    } catch (error) {
      if (id === this._runId && !this.isDisposed) {
        const sessionInvalid =
          explainError(error, !!target?.session, trans, phase).kind ===
          'session';
        lastRun.outcome = sessionInvalid ? 'session-invalid' : 'failed';
        if (this._connection && sessionInvalid) {
          this._dropConnection(); // a new session will need a new connection
        }
        if (sessionInvalid && target?.session) {
          this.options.onSessionInvalid?.();
        }
        this._fail(error, target, phase);
      }
    } finally {
      if (!this.isDisposed) {
        this._runFinished.emit();
      }
    }
  }

  private _showUpdate(id: number, update: IRunUpdate): void {
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
      if (id === this._runId && total !== undefined) {
        this._setStatus('done', rowsText(total));
      }
    });
  }

  private _dropConnection(): void {
    void this._connection?.close(); // ends only a session this editor opened with user/password
    this._connection = undefined;
    this._connectionKey = '';
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

  /** A statement is on its way or streaming in. */
  private get _running(): boolean {
    const state = this.node.dataset.state;
    return (
      state === 'connecting' || state === 'running' || state === 'streaming'
    );
  }

  /**
   * Stop the running statement: its result is dropped and the server is asked to interrupt it.
   * If the server refuses, the result is abandoned all the same and the user is told.
   */
  async stop(): Promise<void> {
    if (!this._running) {
      return;
    }
    const { trans } = this.options;
    this._runId++; // every later update of the stopped run is dropped
    if (this._lastRun) {
      this._lastRun.outcome = 'stopped';
    }
    this._setModel(undefined);
    this._hideMessage();
    this._setStatus('stopping', trans.__('Stopping…'));
    const connection = this._connection;
    // The stopped run keeps its connection (which now refuses further statements); the next
    // run opens a new one.
    this._connection = undefined;
    this._connectionKey = '';
    const id = this._runId;
    let refusal: string | undefined;
    try {
      await connection?.interrupt();
    } catch (error) {
      refusal = explainError(error, true, trans, 'query').message;
    }
    void connection?.close(); // ends only a session it opened with user/password
    if (id !== this._runId || this.isDisposed) {
      return; // a new run started meanwhile
    }
    this._setStatus('stopped', trans.__('Stopped.'));
    if (refusal !== undefined) {
      this._showMessage(
        'notice',
        trans.__(
          'The server did not stop the query (%1); its result was abandoned.',
          refusal
        )
      );
    }
  }

  private _setStatus(state: string, text: string): void {
    this.node.dataset.state = state;
    this._stopButton.hidden = !this._running;
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
    this._runId++;
    this._model?.dispose();
    this._dropConnection();
    Signal.clearData(this);
    super.dispose();
  }
}

/** What identifies a connection. The password is not part of it: an editor keeps its login when the password is dropped. */
function connectionKey(target: IConnectionTarget): string {
  return JSON.stringify({ ...target, password: undefined });
}
