/**
 * What a SQL editor's runs do, apart from how its panel shows them (widget.ts): the connection a
 * run uses (one kept while the target stays the same), which run is current (a newer run, a stop
 * or the panel's end makes an older run's updates be dropped), what the last run sent and where,
 * whether a new session re-runs it, and stopping. Nothing here imports JupyterLab.
 */
import { decideRerunOnNewSession, type ILastRun } from '../sql/auto-run';
import { explainError, type CallPhase } from '../sql/errors';
import { classifyStatement } from '../sql/statement-kind';
import type { ISqlEditorSettings } from '../sql/settings';
import type { ITranslate } from '../translate';
import {
  HeavyConnection,
  endpointUrl,
  type IConnectionTarget
} from './connection';
import type { MessageKind } from './message-area';
import { runStatement, type IRunUpdate } from './runner';

/** The panel's state, as its `data-state` shows it. */
export type EditorState =
  | 'idle'
  | 'connecting'
  | 'running'
  | 'streaming'
  | 'done'
  | 'error'
  | 'stopping'
  | 'stopped';

/** How the panel shows what runs do; the run control decides what to show and when. */
export interface IRunView {
  isDisposed(): boolean;
  /** The panel's state now (an error shown during a run means it did not succeed). */
  state(): EditorState;
  setStatus(state: EditorState, text: string): void;
  showMessage(kind: MessageKind, text: string): void;
  hideMessage(): void;
  /** A run starts: a statement that was held no longer is. */
  runStarting(): void;
  /** The run's connection is open to `server`. */
  connectedTo(server: string): void;
  /** Show a current run's update; `isCurrent` tells, later, whether that run still is. */
  showUpdate(update: IRunUpdate, isCurrent: () => boolean): void;
  /** An update of a run that is no longer current: free what it holds unless it is shown. */
  dropUpdate(update: IRunUpdate): void;
  clearResult(): void;
  showFailure(
    error: unknown,
    target: IConnectionTarget | undefined,
    phase: CallPhase
  ): void;
  runFinished(): void;
}

/** Where a panel's runs connect, with which settings, and whom they tell. */
export interface IRunControlOptions {
  /** Where to connect now (the session, or the default connection); undefined when nothing is set. */
  resolveTarget: () => Promise<IConnectionTarget | undefined>;
  runSettings: () => Pick<
    ISqlEditorSettings,
    'blockSize' | 'firstBatchRows' | 'memoryBudgetMB' | 'arrow'
  >;
  /** A handed-over session was refused as no longer valid (the host page is asked for a new one). */
  onSessionInvalid?: () => void;
  trans: ITranslate;
}

/** A statement is on its way or streaming in. */
export function isRunning(state: EditorState): boolean {
  return state === 'connecting' || state === 'running' || state === 'streaming';
}

/** One panel's runs: its connection, its current run, its last run. */
export class RunControl {
  private _connection?: HeavyConnection;
  private _connectionKey = '';
  private _runId = 0;
  /** What the last run sent, where, and how it ended: a new session re-runs only such a run. */
  private _lastRun?: ILastRun;
  /** The target (session and server, no password) the last run resolved; '' until it has one. */
  private _lastRunTargetKey = '';

  constructor(
    private readonly _options: IRunControlOptions,
    private readonly _view: IRunView
  ) {}

  /** Whether the last run succeeded with exactly `statement` (and it only reads). */
  succeededWith(statement: string): boolean {
    return (
      this._lastRun?.outcome === 'succeeded' &&
      this._lastRun.statement === statement &&
      classifyStatement(statement) === 'read-only'
    );
  }

  /**
   * A new session or connection arrived: drop the old connection. The statement shown (`shown()`,
   * read once the new target is known) is re-run only on the server it last ran on (a new session
   * for the same server); a query is never sent to a server the user has not chosen to run it on —
   * they press Run for that. `chosenByUser`: the user has just typed this server into the
   * connection dialog, which is that choice.
   */
  async reconnect(shown: () => string, chosenByUser: boolean): Promise<void> {
    const target = await this._options.resolveTarget().catch(() => undefined);
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
      await this.run(shown());
      return;
    }
    if (
      decideRerunOnNewSession(
        lastRun,
        shown(),
        target && endpointUrl(target),
        chosenByUser
      )
    ) {
      await this.run(shown());
      return;
    }
    this._runId++; // whatever was in flight belongs to the old server
    const { trans } = this._options;
    this._view.setStatus(
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
   * Run `sql` and show the result; a newer run, a stop or dispose makes this one's results be
   * ignored. Failures are shown, not rejected.
   */
  async run(sql: string): Promise<void> {
    const id = ++this._runId;
    const view = this._view;
    const { trans } = this._options;
    const isCurrent = () => id === this._runId && !view.isDisposed();
    const lastRun: ILastRun = {
      statement: sql,
      outcome: 'running',
      server: undefined
    };
    this._lastRun = lastRun;
    this._lastRunTargetKey = '';
    view.runStarting();
    view.setStatus('connecting', trans.__('Connecting…'));
    let target: IConnectionTarget | undefined;
    let phase: CallPhase = 'query';
    try {
      target = await this._options.resolveTarget();
      if (!target) {
        lastRun.outcome = 'not-connected';
        view.setStatus('error', trans.__('Not connected.'));
        view.showMessage(
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
        if (!isCurrent()) {
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
      view.connectedTo(endpointUrl(target));
      view.setStatus('running', trans.__('Running…'));
      const settings = this._options.runSettings();
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
              view.showFailure(error, runTarget, 'query');
            }
          }
        },
        update =>
          isCurrent()
            ? view.showUpdate(update, isCurrent)
            : view.dropUpdate(update)
      );
      if (id === this._runId && view.state() !== 'error') {
        lastRun.outcome = 'succeeded';
      }
    } catch (error) {
      if (isCurrent()) {
        const sessionInvalid =
          explainError(error, !!target?.session, trans, phase).kind ===
          'session';
        lastRun.outcome = sessionInvalid ? 'session-invalid' : 'failed';
        if (this._connection && sessionInvalid) {
          this._dropConnection(); // a new session will need a new connection
        }
        if (sessionInvalid && target?.session) {
          this._options.onSessionInvalid?.();
        }
        view.showFailure(error, target, phase);
      }
    } finally {
      if (!view.isDisposed()) {
        view.runFinished();
      }
    }
  }

  /**
   * Stop the running statement: its result is dropped and the server is asked to interrupt it.
   * If the server refuses, the result is abandoned all the same and the user is told.
   */
  async stop(): Promise<void> {
    const view = this._view;
    if (!isRunning(view.state())) {
      return;
    }
    const { trans } = this._options;
    this._runId++; // every later update of the stopped run is dropped
    if (this._lastRun) {
      this._lastRun.outcome = 'stopped';
    }
    view.clearResult();
    view.hideMessage();
    view.setStatus('stopping', trans.__('Stopping…'));
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
    if (id !== this._runId || view.isDisposed()) {
      return; // a new run started meanwhile
    }
    view.setStatus('stopped', trans.__('Stopped.'));
    if (refusal !== undefined) {
      view.showMessage(
        'notice',
        trans.__(
          'The server did not stop the query (%1); its result was abandoned.',
          refusal
        )
      );
    }
  }

  /** Ignore any run still in flight and close the connection this panel opened. */
  dispose(): void {
    this._runId++;
    this._dropConnection();
  }

  /** The open connection, if any: the editor's completion asks it for hints. */
  get connection(): HeavyConnection | undefined {
    return this._connection;
  }

  private _dropConnection(): void {
    void this._connection?.close(); // ends only a session this editor opened with user/password
    this._connection = undefined;
    this._connectionKey = '';
  }
}

/** What identifies a connection. The password is not part of it: an editor keeps its login when the password is dropped. */
function connectionKey(target: IConnectionTarget): string {
  return JSON.stringify({ ...target, password: undefined });
}
