/**
 * The status bar item that shows the HeavyAI session's state and, once asked, who it belongs to;
 * clicking it opens a small dialog offering "Connect…" and "Forget". The text comes from
 * session/status-item.ts; this file only wires it to the session manager, the session requests
 * and the status bar.
 *
 * The user and database come from the server (`get_session_info`) only when the item is clicked:
 * that loads the connector chunk, which must stay off the page's first load, and asks the server
 * nothing before the user wants to know.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import { PluginIDs } from '../ids';
import {
  sessionItemText,
  sessionItemView,
  type ISessionIdentity,
  type ISessionItemView
} from '../session/status-item';
import type { ISessionRecord } from '../store/record';
import { IHeavyAISessionManager, IHeavyAISessionRequests } from '../tokens';
import { TRANSLATION_DOMAIN, type ITranslate } from '../translate';

/** What the item's dialog (session-status-dialog.ts) reads and updates. */
export interface ISessionStatusItem {
  readonly record: ISessionRecord | undefined;
  identity: ISessionIdentity | undefined;
  fetching: Promise<void> | undefined;
  /** Called after each render with what the item shows while the dialog is open. */
  onRender: ((view: ISessionItemView) => void) | undefined;
  render(): void;
}

/**
 * The item's state, re-rendered into the button on every change. Its dialog, and the question
 * who the session belongs to, load on the first click.
 */
class SessionStatusItem implements ISessionStatusItem {
  readonly widget: Widget;
  record: ISessionRecord | undefined;
  identity: ISessionIdentity | undefined;
  fetching: Promise<void> | undefined;
  onRender: ((view: ISessionItemView) => void) | undefined;
  /** The host page was asked to replace the session in hand: its server refused it. */
  private _refused = false;
  /** How many changes the manager has announced. */
  private _changes = 0;

  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _manager: IHeavyAISessionManager,
    private readonly _requests: IHeavyAISessionRequests | null,
    private readonly _trans: ITranslate
  ) {
    const node = document.createElement('button');
    node.type = 'button';
    node.className = 'jp-HeavyAI-statusbar-button jp-HeavyAI-session-status';
    node.addEventListener('click', () => void this._openDialog());
    this.widget = new Widget({ node });
    _manager.changed.connect((_, record) => {
      this._changes++;
      this._setRecord(record);
    });
    _requests?.changed.connect(() => {
      this._refused ||= this._requests?.asking === true;
      this.render();
    });
    this.render();
  }

  /**
   * Reads the session once the page is up (the store, never the server). A change that arrives
   * while the read is out (a session handed over just then) is newer than its answer.
   */
  start(): void {
    const changes = this._changes;
    const settle = (record: ISessionRecord | undefined) => {
      if (this._changes === changes) {
        this._setRecord(record);
      }
    };
    void this._manager.getSession().then(settle, () => settle(undefined));
  }

  render(): void {
    const view = sessionItemView(
      this.record,
      { asking: this._requests?.asking ?? false, refused: this._refused },
      this.identity
    );
    const text = sessionItemText(view, this._trans);
    const node = this.widget.node;
    node.textContent = text.label;
    node.title = text.title;
    node.dataset.state = view.state;
    this.onRender?.(view);
  }

  private _setRecord(record: ISessionRecord | undefined): void {
    if (record?.session !== this.record?.session) {
      this.identity = undefined;
      this.fetching = undefined;
      this._refused = false;
    }
    this.record = record;
    this.render();
  }

  private async _openDialog(): Promise<void> {
    const { openSessionStatusDialog } = await import(
      /* webpackChunkName: "heavyai-session-status" */ './session-status-dialog'
    );
    await openSessionStatusDialog(this._app, this._manager, this, this._trans);
  }
}

/** Shows the HeavyAI session's state in the status bar, with "Connect…" and "Forget" on click. */
export const sessionStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.sessionStatusItem,
  description: "The HeavyAI session's status bar item.",
  autoStart: true,
  requires: [IHeavyAISessionManager],
  optional: [IStatusBar, IHeavyAISessionRequests, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    statusBar: IStatusBar | null,
    requests: IHeavyAISessionRequests | null,
    translator: ITranslator | null
  ) => {
    if (!statusBar) {
      return;
    }
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const item = new SessionStatusItem(app, manager, requests, trans);
    statusBar.registerStatusItem(PluginIDs.sessionStatusItem, {
      item: item.widget,
      align: 'left',
      rank: 900
    });
    // The selected session manager answers once every plugin is active.
    void app.restored.then(() => item.start());
  }
};
