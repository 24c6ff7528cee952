/**
 * What the SQL editor's commands do (their names, labels and places are in
 * commands.ts): open an editor, choose the default connection, put the
 * statement in a notebook. Loaded on first use, with the editor.
 */
import { MainAreaWidget, Notification } from '@jupyterlab/apputils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { tableRowsIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../ids';
import { decideAutoRun, type StatementOrigin } from '../sql/auto-run';
import type { IHeavyAISessionManager } from '../tokens';
import { serverAddress } from '../wire/server-address';
import type { ISqlEditorCommandContext } from './commands';
import type { IConnectionTarget } from './connection';
import { resolveConnectionTarget } from './connection-target';

/** Editor panels are named `heavyai-sql-editor-<n>`; a restored panel keeps its number. */
const EDITOR_ID_PATTERN = /^heavyai-sql-editor-(\d+)$/;

/**
 * Where the query an editor opens with came from. `handoff` is honoured only
 * when the query is the stored session's own, so the channel is the record's,
 * never the caller's word; a restored editor is one opened with its saved id.
 */
async function statementOrigin(
  args: Record<string, unknown>,
  query: string,
  manager: IHeavyAISessionManager
): Promise<StatementOrigin> {
  if (args.handoff === true) {
    const record = await manager.getSession().catch(() => undefined);
    return {
      from: 'handoff',
      via: record && record.query === query ? record.via : undefined
    };
  }
  if (typeof args.id === 'string') {
    return {
      from: 'restore',
      lastRunSucceeded: args.lastRunSucceeded === true
    };
  }
  return { from: 'caller' };
}

/** Open an editor, restored or new, with the query it was given; the query runs at once only as auto-run.ts allows. */
export async function openEditor(
  context: ISqlEditorCommandContext,
  args: ReadonlyPartialJSONObject,
  numbering: { last: number }
): Promise<MainAreaWidget> {
  const { app, manager, editorServices, sqlSettings, tracker, password } =
    context;
  const { trans } = context;
  const resolveTarget = async (): Promise<IConnectionTarget | undefined> =>
    resolveConnectionTarget(
      await manager.getSession(),
      sqlSettings.current,
      password.value
    );
  // The editor (grid, CodeMirror completion) loads on first use: it is not part of the first paint.
  const { SqlEditor } = await import(
    /* webpackChunkName: "heavyai-sql-editor" */ './widget'
  );
  const restored =
    typeof args.id === 'string' ? EDITOR_ID_PATTERN.exec(args.id) : null;
  const n = restored ? Number(restored[1]) : ++numbering.last;
  numbering.last = Math.max(numbering.last, n);
  const query = typeof args.query === 'string' ? args.query : '';
  const content = new SqlEditor({
    editorServices,
    query,
    resolveTarget,
    runSettings: () => sqlSettings.current,
    onConnect: () => void app.commands.execute(CommandIDs.setDefaultConnection),
    onOpenInNotebook: () =>
      void app.commands.execute(CommandIDs.openInNotebook),
    onSessionInvalid: () => void context.sessionRequests?.sessionInvalid(),
    trans
  });
  const widget = new MainAreaWidget({ content });
  widget.id = `heavyai-sql-editor-${n}`;
  widget.title.label = trans.__('HeavyAI SQL Editor %1', n);
  widget.title.icon = tableRowsIcon;
  widget.title.closable = true;
  content.editorWidget.model.sharedModel.changed.connect(
    () => void tracker.save(widget)
  );
  // The layout keeps whether the last run succeeded: a restored editor runs on load only then.
  content.runFinished.connect(() => void tracker.save(widget));
  void tracker.add(widget);
  const options =
    typeof args.ref === 'string'
      ? { ref: args.ref, mode: (args.mode as any) ?? 'split-right' }
      : undefined;
  const place = () => {
    app.shell.add(widget, 'main', options);
    app.shell.activateById(widget.id);
  };
  // The deep link starts the statement while the app is still restoring; the
  // editor joins the layout once it is restored (one added before would be
  // lost when a saved layout is restored).
  const attachWhenRestored = args.attachWhenRestored === true;
  if (!attachWhenRestored) {
    place();
  }
  if (query.trim()) {
    const decision = decideAutoRun(
      query,
      await statementOrigin(args, query, manager)
    );
    if (decision.run) {
      void content.run();
    } else if (!content.isDisposed) {
      content.holdStatement(decision.reason);
    }
  }
  if (attachWhenRestored) {
    await app.restored;
    if (!widget.isDisposed) {
      place();
    }
  }
  return widget;
}

/** Ask for a server and a login, save them (never the password), and log the open editors in. */
export async function setDefaultConnection(
  context: ISqlEditorCommandContext
): Promise<void> {
  const { sqlSettings, tracker, password, trans } = context;
  const { askForConnection } = await import(
    /* webpackChunkName: "heavyai-sql-editor" */ './dialog'
  );
  const form = await askForConnection(
    sqlSettings.current.connection,
    password.value,
    trans
  );
  if (!form) {
    return;
  }
  password.value = form.password;
  const { protocol, host, port, database, user } = form;
  await sqlSettings.setConnection({
    protocol,
    host,
    port,
    database,
    user
  });
  Notification.success(
    trans.__('Default HeavyAI connection: %1', serverAddress(form)),
    { autoClose: 4000 }
  );
  const reconnects: Promise<void>[] = [];
  tracker.forEach(w =>
    reconnects.push(w.content.reconnect({ chosenByUser: true }))
  );
  if (!form.remember) {
    // Used to log the open editors in, then dropped.
    await Promise.allSettled(reconnects);
    password.value = '';
  }
}

/** The active editor's statement, exactly, as a `%%heavysql df` cell of the workspace notebook. */
export async function openInNotebook(
  context: ISqlEditorCommandContext
): Promise<unknown> {
  const { app, manager, sqlSettings, tracker, notebooks, docManager, trans } =
    context;
  const panel = tracker.currentWidget;
  if (!panel) {
    return;
  }
  const sql = panel.content.query;
  if (!sql.trim()) {
    Notification.warning(
      trans.__('The editor is empty: there is no statement to open.'),
      { autoClose: 4000 }
    );
    return;
  }
  if (!notebooks || !docManager) {
    Notification.warning(
      trans.__('Notebooks are not available on this site.'),
      { autoClose: 4000 }
    );
    return;
  }
  const [{ openInWorkspaceNotebook }, { workspaceCellsFor }] =
    await Promise.all([
      import('../workspace/query-cell'),
      import('../workspace/notebook')
    ]);
  await sqlSettings.ready;
  try {
    return await openInWorkspaceNotebook(
      {
        app,
        docManager,
        notebooks,
        kernelName: sqlSettings.current.kernelName,
        newNotebookCells: async () =>
          workspaceCellsFor(
            sqlSettings.current,
            await manager.getSession().catch(() => undefined),
            ''
          )
      },
      sql,
      panel.id
    );
  } catch (error) {
    Notification.error(
      trans.__(
        'The statement could not be put in a notebook: %1',
        String(error)
      ),
      { autoClose: false }
    );
    return undefined;
  }
}
