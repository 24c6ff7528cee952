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
import { BoxLayout, Widget } from '@lumino/widgets';

import { explainError, type CallPhase } from '../sql/errors';
import type { ISqlEditorSettings } from '../sql/settings';
import { completionExtension } from './completion';
import { MessageArea, type MessageKind } from './message-area';
import {
  HeavyConnection,
  endpointUrl,
  type IConnectionTarget
} from './connection';
import {
  applyTheme,
  attachModel,
  createResultGrid,
  selectionAsTsv
} from './grid';
import type { ResultModel } from './result-model';
import { runStatement, type IRunUpdate } from './runner';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ITranslate } from '../translate';

/** Column widths (px) for types whose values are longer than the default 140 px shows. */
const WIDE_COLUMNS: Record<string, number> = {
  BIGINT: 190,
  DECIMAL: 170,
  TIMESTAMP: 170
};

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
  /** The bundle of our translation domain: every text the panel shows goes through it. */
  trans: ITranslate;
}

export class SqlEditor extends Widget {
  readonly editorWidget: CodeEditorWrapper;
  private readonly statusNode = document.createElement('div');
  private readonly message = new MessageArea();
  private readonly connectButton = document.createElement('button');
  private readonly grid: DataGrid;
  private connection?: HeavyConnection;
  private connectionKey = '';
  private model?: ResultModel;
  private runId = 0;
  private hasRun = false;
  /** The server the query last ran on (or was sent to); a changed session re-runs only there. */
  private lastServer?: string;

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
        keymap.of([{ key: 'Shift-Enter', run: () => (void this.run(), true) }])
      )
    );
    this.editorWidget.editor.injectExtension(
      completionExtension(
        () =>
          this.connection &&
          ((sql, cursor) => this.connection!.completionHints(sql, cursor))
      )
    );

    const bar = new Widget();
    bar.addClass('jp-HeavyAI-SqlEditor-bar');
    const runButton = document.createElement('button');
    runButton.className = 'jp-HeavyAI-button jp-mod-accept jp-HeavyAI-run';
    runButton.textContent = trans.__('▶ Run');
    runButton.title = trans.__('Run the query (Shift+Enter)');
    runButton.onclick = () => void this.run();
    this.connectButton.className = 'jp-HeavyAI-button jp-HeavyAI-connect';
    this.connectButton.textContent = trans.__('Connect…');
    this.connectButton.title = trans.__('Set the default HeavyAI connection');
    this.connectButton.onclick = () => options.onConnect();
    this.statusNode.className = 'jp-HeavyAI-status';
    this.statusNode.setAttribute('role', 'status');
    bar.node.append(runButton, this.connectButton, this.statusNode);

    this.grid = createResultGrid(trans, text =>
      this.showMessage('notice', text)
    );
    const layout = new BoxLayout({ direction: 'top-to-bottom', spacing: 0 });
    BoxLayout.setStretch(this.editorWidget, 0);
    BoxLayout.setStretch(bar, 0);
    BoxLayout.setStretch(this.message, 0);
    BoxLayout.setStretch(this.grid, 1);
    layout.addWidget(this.editorWidget);
    layout.addWidget(bar);
    layout.addWidget(this.message);
    layout.addWidget(this.grid);
    this.layout = layout;
    this.setStatus('idle', trans.__('Ready. Shift+Enter runs the query.'));
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
      cellText: (r, c) => this.model?.cellText(r, c),
      rowCount: () => this.model?.totalRows ?? 0,
      maxResidentBlocks: () => this.model?.maxResidentBlocks ?? 0,
      grid: this.grid,
      copySelection: () => selectionAsTsv(this.grid, this.options.trans)
    };
  }

  get query(): string {
    return this.editorWidget.model.sharedModel.getSource();
  }

  /** Re-read the theme colours (IThemeManager.themeChanged). */
  themeChanged(): void {
    applyTheme(this.grid); // setting the style and renderers repaints the grid
  }

  /**
   * A new session or connection arrived: drop the old connection. What is
   * shown is re-run only on the server it last ran on (a new session for the
   * same server); a query is never sent to a server the user has not chosen
   * to run it on — they press Run for that. `chosenByUser`: the user has just
   * typed this server into the connection dialog, which is that choice.
   */
  async reconnect({ chosenByUser = false } = {}): Promise<void> {
    this.dropConnection();
    if (!this.hasRun) {
      return;
    }
    const target = await this.options.resolveTarget().catch(() => undefined);
    if (
      target &&
      (chosenByUser ||
        (this.lastServer !== undefined &&
          endpointUrl(target) === this.lastServer))
    ) {
      await this.run();
      return;
    }
    this.runId++; // whatever was in flight belongs to the old server
    const { trans } = this.options;
    this.setStatus(
      'idle',
      target
        ? trans.__(
            'The connection changed to %1. Press Run to run the query there.',
            endpointUrl(target)
          )
        : trans.__('Not connected.')
    );
  }

  async run(): Promise<void> {
    const id = ++this.runId;
    const sql = this.query;
    const { trans } = this.options;
    this.hasRun = true;
    this.setStatus('connecting', trans.__('Connecting…'));
    let target: IConnectionTarget | undefined;
    let phase: CallPhase = 'query';
    try {
      target = await this.options.resolveTarget();
      if (!target) {
        this.setStatus('error', trans.__('Not connected.'));
        this.showMessage(
          'error',
          trans.__(
            'No HeavyAI session has arrived and no default connection is set. Open this page from Immerse, or click "Connect…" to enter a server and log in.'
          )
        );
        return;
      }
      // The password is not part of the key: an editor keeps its login when the password is dropped.
      const key = JSON.stringify({ ...target, password: undefined });
      this.lastServer = endpointUrl(target);
      if (!this.connection || key !== this.connectionKey) {
        this.dropConnection();
        phase = target.session ? 'query' : 'login';
        const opened = await HeavyConnection.open(target, trans);
        phase = 'query';
        if (id !== this.runId || this.isDisposed) {
          void opened.close(); // a newer run (or a closed panel) does not want this one
          return;
        }
        this.connection = opened;
        this.connectionKey = key;
      }
      if (id !== this.runId) {
        return;
      }
      const connection = this.connection;
      this.connectButton.title = trans.__(
        'Connected to %1 — change the default connection',
        endpointUrl(target)
      );
      this.setStatus('running', trans.__('Running…'));
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
            if (id === this.runId) {
              this.fail(error, runTarget, 'query');
            }
          }
        },
        update => {
          if (id !== this.runId || this.isDisposed) {
            if (update.model !== this.model) {
              update.model?.dispose();
            }
            return;
          }
          this.showUpdate(id, update);
        }
      );
    } catch (error) {
      if (id === this.runId && !this.isDisposed) {
        if (
          this.connection &&
          explainError(error, !!target?.session, trans, phase).kind ===
            'session'
        ) {
          this.dropConnection(); // a new session will need a new connection
        }
        this.fail(error, target, phase);
      }
    }
  }

  private showUpdate(id: number, update: IRunUpdate): void {
    if (update.model !== this.model) {
      this.setModel(update.model);
      if (update.model) {
        // The grid paints on the next animation frame.
        requestAnimationFrame(() => markOnce(TimingMarks.rowsRendered));
      }
    }
    if (update.notice) {
      this.showMessage('notice', update.notice);
    } else {
      this.hideMessage();
    }
    const { trans } = this.options;
    const elapsed = trans.__(
      '%1 ms',
      Math.round(update.elapsedMs).toLocaleString('en-US')
    );
    const via =
      update.transport === 'arrow'
        ? trans.__('Arrow')
        : update.fallback !== undefined
          ? trans.__('Thrift rows (the server refused Arrow)')
          : trans.__('Thrift rows');
    const state = update.final ? 'done' : 'streaming';
    // One form for every count, as before translation (tests read "1 rows").
    const rowsText = (rows: number) =>
      update.final
        ? trans.__(
            '%1 rows · %2 · %3',
            rows.toLocaleString('en-US'),
            elapsed,
            via
          )
        : trans.__(
            '%1 rows so far · %2 · %3',
            rows.toLocaleString('en-US'),
            elapsed,
            via
          );
    this.setStatus(state, rowsText(update.rows));
    this.node.dataset.transport = update.transport;
    this.statusNode.title =
      update.fallback !== undefined
        ? trans.__('sql_execute_df refused: %1', update.fallback)
        : '';
    void update.counted?.then(total => {
      if (id === this.runId && total !== undefined) {
        this.setStatus('done', rowsText(total));
      }
    });
  }

  private dropConnection(): void {
    void this.connection?.close(); // ends only a session this editor opened with user/password
    this.connection = undefined;
    this.connectionKey = '';
  }

  private fail(
    error: unknown,
    target: IConnectionTarget | undefined,
    phase: CallPhase
  ): void {
    const { trans } = this.options;
    const explained = explainError(error, !!target?.session, trans, phase);
    this.setStatus(
      'error',
      explained.kind === 'session'
        ? trans.__('Session not valid.')
        : trans.__('Error.')
    );
    this.showMessage('error', explained.message);
    this.node.dataset.errorKind = explained.kind;
  }

  private setModel(model: ResultModel | undefined): void {
    const old = this.model;
    this.model = model;
    if (model) {
      attachModel(this.grid, model);
      // Wide values (a full BIGINT has 20 characters) would be clipped at the default width.
      model.fields.forEach((field, column) => {
        const width = WIDE_COLUMNS[field.type];
        if (width) {
          this.grid.resizeColumn('body', column, width);
        }
      });
      const update = () =>
        (this.node.dataset.rowCount = String(model.totalRows));
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

  private showMessage(kind: MessageKind, text: string): void {
    this.message.showMessage(kind, text);
  }

  private hideMessage(): void {
    this.message.hide();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.runId++;
    this.model?.dispose();
    this.dropConnection();
    super.dispose();
  }
}
