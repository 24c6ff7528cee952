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
  type ISessionIdentity
} from '../session/status-item';
import type { ISessionRecord } from '../store/record';
import { IHeavyAISessionManager, IHeavyAISessionRequests } from '../tokens';
import { TRANSLATION_DOMAIN, type ITranslate } from '../translate';

/** The item's state, re-rendered into the button and an open dialog on every change. */
class SessionStatusItem {
  readonly widget: Widget;
  private _record: ISessionRecord | undefined;
  private _identity: ISessionIdentity | undefined;
  /** The host page was asked to replace the session in hand: its server refused it. */
  private _refused = false;
  private _fetching: Promise<void> | undefined;
  private _dialogBody: HTMLElement | undefined;

  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _manager: IHeavyAISessionManager,
    private readonly _requests: IHeavyAISessionRequests | null,
    private readonly _trans: ITranslate
  ) {
    const node = document.createElement('button');
    node.type = 'button';
    node.className = 'jp-HeavyAI-session-status';
    node.addEventListener('click', () => void this._openDialog());
    this.widget = new Widget({ node });
    _manager.changed.connect((_, record) => this._setRecord(record));
    _requests?.changed.connect(() => {
      this._refused ||= this._requests?.asking === true;
      this._render();
    });
    this._render();
  }

  /** Reads the session once the page is up (the store, never the server). */
  start(): void {
    void this._manager
      .getSession()
      .then(record => this._setRecord(record))
      .catch(() => this._setRecord(undefined));
  }

  private _setRecord(record: ISessionRecord | undefined): void {
    if (record?.session !== this._record?.session) {
      this._identity = undefined;
      this._fetching = undefined;
      this._refused = false;
    }
    this._record = record;
    this._render();
  }

  private _render(): void {
    const view = sessionItemView(
      this._record,
      { asking: this._requests?.asking ?? false, refused: this._refused },
      this._identity
    );
    const text = sessionItemText(view, this._trans);
    const node = this.widget.node;
    node.textContent = text.label;
    node.title = text.title;
    node.dataset.state = view.state;
    if (this._dialogBody) {
      const list = document.createElement('dl');
      for (const line of text.lines) {
        const term = document.createElement('dt');
        term.textContent = line.label;
        const value = document.createElement('dd');
        value.textContent = line.value;
        list.append(term, value);
      }
      this._dialogBody.replaceChildren(list);
    }
  }

  /** Fetch the identity of the current session once; failures leave the server shown. */
  private _fetchIdentity(): void {
    const record = this._record;
    if (!record || this._identity || this._fetching) {
      return;
    }
    const fetching = import(
      /* webpackChunkName: "heavyai-session-status" */ './session-status-dialog'
    )
      .then(({ fetchIdentity }) => fetchIdentity(record, this._trans))
      .then(identity => {
        if (this._record?.session === record.session) {
          this._identity = identity;
          this._render();
        }
      })
      .catch(() => undefined) // an expired session: the state already says so
      .finally(() => {
        if (this._fetching === fetching) {
          this._fetching = undefined;
        }
      });
    this._fetching = fetching;
  }

  private async _openDialog(): Promise<void> {
    this._fetchIdentity();
    const { openSessionStatusDialog } = await import(
      /* webpackChunkName: "heavyai-session-status" */ './session-status-dialog'
    );
    const body = new Widget();
    body.addClass('jp-HeavyAI-sessionStatus');
    this._dialogBody = body.node;
    this._render();
    try {
      await openSessionStatusDialog(
        this._app,
        this._manager,
        body,
        this._record !== undefined,
        this._trans
      );
    } finally {
      this._dialogBody = undefined;
    }
  }
}

/** Shows the HeavyAI session's state in the status bar, with "Connect…" and "Forget" on click. */
export const sessionStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.sessionStatusItem,
  description:
    "Shows the HeavyAI session's state, user and database in the status bar.",
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
