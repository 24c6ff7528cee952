/**
 * The paths users take, written once for every engine: each scenario drives an IEngineDriver and
 * fails (throws) when the engine does not show what a user would see.
 */
import assert from 'node:assert/strict';

import { referenceQuery } from '../../heavydb-standin/engine';
import { SESSION_MARK } from '../fixtures';
import { heavyaiFragment } from '../links';
import { waitFor, type IEngineDriver, type Target } from './driver';
import type { IEngineServers } from './servers';

export const QUERY =
  'SELECT carrier, COUNT(*) AS flights FROM flights GROUP BY carrier ORDER BY carrier';

/** How the site is expected to hand the session to notebook code in this profile. */
export type SessionRoute = 'service-worker' | 'kernel';

// Page functions (source text, see driver.ts).
const APP_RESTORED = `async () => {
  const app = window.jupyterapp;
  if (!app || app.restored === undefined || !document.querySelector('#jp-main-dock-panel')) {
    return false;
  }
  await app.restored;
  return true;
}`;
const EDITOR_STATE = `which => {
  const editors = [...document.querySelectorAll('.jp-HeavyAI-SqlEditor')];
  const node = which === 'last' ? editors[editors.length - 1] : editors[0];
  return node ? node.dataset.state ?? null : null;
}`;
const EDITOR_CELLS = `(rows, columns, which) => {
  const editors = [...document.querySelectorAll('.jp-HeavyAI-SqlEditor')];
  const node = which === 'last' ? editors[editors.length - 1] : editors[0];
  const widget = [...window.jupyterapp.shell.widgets('main')].find(w => w.content?.node === node);
  const shown = [];
  for (let r = 0; r < rows; r++) {
    const row = [];
    for (let c = 0; c < columns; c++) {
      row.push(widget.content.results.cellText(r, c) ?? '');
    }
    shown.push(row);
  }
  return shown;
}`;
const ENDPOINT_SESSION = `async () => {
  const response = await fetch(new URL('../heavyai/session', location.href));
  return { status: response.status, session: (await response.json()).session };
}`;
const CONTROLLED =
  '() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)';
const QUEUED_KERNEL_REQUESTS = `session => {
  const panel = [...window.jupyterapp.shell.widgets('main')].find(w => w.sessionContext?.session?.kernel);
  if (!panel) {
    return null;
  }
  return panel.sessionContext.session.kernel._pendingMessages
    .filter(m => m.header.msg_type === 'execute_request')
    .map(m => ({
      setsPageSession: m.content.code.includes('HEAVYAI_LITE_PAGE_SESSION'),
      carriesSession: m.content.code.includes(session),
      silent: m.content.silent
    }));
}`;
const DIALOG_SERVER = `title => {
  const dialog = [...document.querySelectorAll('.jp-Dialog')].find(d => d.textContent.includes(title));
  return dialog ? dialog.querySelector('.jp-HeavyAI-confirm-value')?.textContent ?? '' : null;
}`;
const CLICK_DIALOG_BUTTON = `label => {
  const button = [...document.querySelectorAll('.jp-Dialog button')].find(b => b.textContent.includes(label));
  button.click();
  return true;
}`;
const TOAST_TEXT =
  "() => [...document.querySelectorAll('.Toastify')].map(t => t.textContent).join(' ')";
const RUN_COMMAND =
  '(id, args) => window.jupyterapp.commands.execute(id, args).then(() => true)';
const ERROR_MESSAGE =
  "() => [...document.querySelectorAll('.jp-HeavyAI-message-error')].map(m => m.textContent).join(' ')";

const ACTIVATION_FAILURES = [
  /failed to activate/i,
  /Plugin '.*' failed/i,
  /No provider for/i
];

function payload(
  servers: IEngineServers,
  query = QUERY,
  port = servers.standinPort
) {
  return {
    session: servers.session,
    connection: { protocol: 'http', host: '127.0.0.1', port },
    query
  };
}

async function waitForApp(
  driver: IEngineDriver,
  target: Target
): Promise<void> {
  await waitFor(
    driver,
    target,
    'JupyterLab to restore its layout',
    APP_RESTORED,
    [],
    60_000
  );
}

/** The first SQL editor of `target` finishes and shows the stand-in's answer to QUERY. */
async function expectEditorRows(
  driver: IEngineDriver,
  target: Target
): Promise<void> {
  const state = await waitFor<string>(
    driver,
    target,
    'the SQL editor to finish',
    `() => { const s = (${EDITOR_STATE})('first'); return s === 'done' || s === 'error' ? s : null; }`,
    [],
    60_000
  );
  assert.equal(state, 'done', `${driver.name}: the SQL editor ran ${QUERY}`);
  const reference = await referenceQuery(`${QUERY} LIMIT 3`);
  const expected = reference.rows.map(row =>
    row.map(value => (value === null ? 'NULL' : String(value)))
  );
  const shown = await driver.evaluate<string[][]>(
    target,
    EDITOR_CELLS,
    expected.length,
    reference.columns.length,
    'first'
  );
  assert.deepEqual(
    shown,
    expected,
    `${driver.name}: the first rows of ${QUERY}`
  );
}

/** The site hands the session to notebook code by its service worker, or to the kernel itself. */
async function expectSessionReachesNotebooks(
  driver: IEngineDriver,
  target: Target,
  servers: IEngineServers,
  route: SessionRoute
): Promise<void> {
  if (route === 'service-worker') {
    await waitFor(
      driver,
      target,
      'a service worker to control the page',
      CONTROLLED
    );
    const answer = await driver.evaluate<{ status: number; session: string }>(
      target,
      ENDPOINT_SESSION
    );
    assert.deepEqual(answer, { status: 200, session: servers.session });
    return;
  }
  assert.equal(
    await driver.evaluate<boolean>(target, CONTROLLED),
    false,
    `${driver.name}: this profile has no service worker`
  );
  const requests = await waitFor<unknown[]>(
    driver,
    target,
    'the session to be sent to the notebook kernel',
    `session => { const r = (${QUEUED_KERNEL_REQUESTS})(session); return r && r.length ? r : null; }`,
    [servers.session],
    90_000
  );
  assert.deepEqual(requests, [
    { setsPageSession: true, carriesSession: true, silent: true }
  ]);
}

/** The demo host page embeds the site and hands the session over with the SDK; the site shows rows. */
export async function hostSdkHandoff(
  driver: IEngineDriver,
  servers: IEngineServers,
  route: SessionRoute
): Promise<void> {
  await driver.goto(
    `${servers.hostOrigin}/?auto=0&site=${encodeURIComponent(`${servers.siteOrigin}/`)}`
  );
  // The demo page's own connection gives up after the SDK's 15 s; a cold start of the site in a
  // fresh profile on a busy 2-core machine can take longer (WebKit under Xvfb did). So the host
  // connects once the site has loaded, with the SDK module the demo page itself imports.
  await waitForApp(driver, 'site');
  const verdict = await driver.evaluate<string>(
    'top',
    `async (payload, siteOrigin) => {
      const sdk = await import('./heavyai-embed.js');
      const site = sdk.connect({ frame: document.getElementById('site'), origin: siteOrigin });
      try {
        await site.ready;
        await site.sendSession(payload);
        return 'accepted';
      } catch (error) {
        return 'rejected: ' + error.message;
      } finally {
        site.dispose();
      }
    }`,
    payload(servers),
    servers.siteOrigin
  );
  assert.equal(verdict, 'accepted', `${driver.name}: the site's verdict`);
  await expectEditorRows(driver, 'site');
  await expectSessionReachesNotebooks(driver, 'site', servers, route);
}

/**
 * A workspace deep link typed into the address bar: no referrer, so the site asks before using the
 * server; the user says yes and gets the rows. Then a query that fails shows its error.
 */
export async function deepLinkToRowsAndError(
  driver: IEngineDriver,
  servers: IEngineServers
): Promise<void> {
  await driver.goto(
    `${servers.siteOrigin}/lab/index.html?heavyai&reset${heavyaiFragment(payload(servers))}`
  );
  const shownServer = await waitFor<string>(
    driver,
    'top',
    'the "Use this HeavyDB server?" question',
    DIALOG_SERVER,
    ['Use this HeavyDB server?'],
    60_000
  );
  assert.equal(shownServer, `http://127.0.0.1:${servers.standinPort}`);
  await driver.evaluate('top', CLICK_DIALOG_BUTTON, 'Use this server');
  await waitForApp(driver, 'top');
  await expectEditorRows(driver, 'top');
  assert.doesNotMatch(
    await driver.evaluate<string>('top', '() => location.href'),
    /heavyai/,
    `${driver.name}: the link leaves the address bar`
  );

  await driver.evaluate('top', RUN_COMMAND, 'heavyai:new-sql-editor', {
    query: 'SELECT * FROM nosuchtable'
  });
  const state = await waitFor<string>(
    driver,
    'top',
    'the failing query to finish',
    `() => { const s = (${EDITOR_STATE})('last'); return s === 'done' || s === 'error' ? s : null; }`,
    [],
    30_000
  );
  assert.equal(state, 'error');
  assert.match(
    await driver.evaluate<string>('top', ERROR_MESSAGE),
    /nosuchtable/
  );
}

/** A `#heavyai=` link to another server, typed: the site asks; "Ignore the link" stores nothing. */
export async function fragmentQuestionIgnored(
  driver: IEngineDriver,
  servers: IEngineServers
): Promise<void> {
  // A query string of its own: a new document, which reads the fragment at load (a fragment
  // changed on the open page is ignored without a question).
  await driver.goto(
    `${servers.siteOrigin}/lab/index.html?link${heavyaiFragment(payload(servers, 'SELECT 1', 1))}`
  );
  const shownServer = await waitFor<string>(
    driver,
    'top',
    'the "Use this HeavyDB server?" question',
    DIALOG_SERVER,
    ['Use this HeavyDB server?'],
    60_000
  );
  assert.equal(shownServer, 'http://127.0.0.1:1');
  await driver.evaluate('top', CLICK_DIALOG_BUTTON, 'Ignore the link');
  const toast = await waitFor<string>(
    driver,
    'top',
    'the notice that the link was ignored',
    `() => { const t = (${TOAST_TEXT})(); return t.includes('nothing was stored') ? t : null; }`
  );
  assert.match(toast, /ignored/);
}

/**
 * No console line or uncaught error of any page showed a session ID, and none reports a plugin
 * that failed to activate. Engines that cannot observe the console report why instead.
 */
export async function consoleIsClean(
  driver: IEngineDriver,
  target: Target = 'top'
): Promise<void> {
  // A line logged now proves the capture sees this page (or frame) before it is trusted to be empty.
  const probe = `engine console probe ${Date.now()}`;
  await driver.evaluate(
    target,
    'text => { console.log(text); return true; }',
    probe
  );
  await new Promise(resolve => setTimeout(resolve, 500));
  const lines = await driver.consoleLines();
  assert.ok(lines !== null, `${driver.name}: the console is observed`);
  assert.ok(
    lines.some(line => line.includes(probe)),
    `${driver.name}: the console capture recorded the probe line`
  );
  assert.deepEqual(
    lines.filter(line => line.includes(SESSION_MARK)),
    [],
    'no session ID in any console message'
  );
  // Only activation failures: uncaught errors do occur here, from the Pyodide kernel that cannot
  // download its runtime from the CDN on an offline machine.
  assert.deepEqual(
    lines.filter(line => ACTIVATION_FAILURES.some(p => p.test(line))),
    [],
    'no plugin activation failures'
  );
}
