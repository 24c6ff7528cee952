// Section 3 — workspace: from navigation to `lab/index.html?heavyai&reset#heavyai=…`
// (a session handed over in the fragment, the HeavyDB stand-in running) to the
// first grid rows painted. Phases come from the editor's performance marks
// (`heavyai:session-available`, `heavyai:connector-loaded`, `heavyai:statement-sent`,
// `heavyai:query-answered`, `heavyai:rows-rendered`; "n/a" while they are not emitted) plus
// what the bench observes itself: app restored, first rows painted, the editor's data-state
// "done" (the whole result in).
import type { Browser, BrowserContext, Page } from '@playwright/test';

import {
  SITE_WITH,
  dist,
  ensureSite,
  median,
  freshContext,
  hookRestored,
  launch,
  row,
  serveSite,
  sessionId,
  startStandinProcess,
  type IDist,
  type IOptions,
  type IRow
} from './lib';
import { heavyaiFragment } from '../ui-tests/links';

export const EDITOR = '.jp-HeavyAI-SqlEditor';
export const MARKS = [
  'heavyai:session-available',
  'heavyai:connector-loaded',
  'heavyai:statement-sent',
  'heavyai:query-answered',
  'heavyai:rows-rendered'
];
export const GRID_QUERY = 'SELECT * FROM flights';

/**
 * Page-side hook (init script):
 * - `__benchRowsPainted` = performance.now() two animation frames after the first frame in which an
 *   editor is in the layout, visible, and its grid holds a value in its first cell, whatever the
 *   editor's state (an early first batch paints while the rest is still on the way);
 * - `__benchRowsShown` = when the frame that first drew the rows was presented: a probe text is
 *   inserted in the same task as the editor reports its first rows (its data-state changes with a
 *   value in the grid's first cell, the editor in the layout), so it is painted in the same frame,
 *   and Element Timing reports that frame's presentation time;
 * - `__benchSplashRemoved` = performance.now() when JupyterLab first removed its splash screen, and
 *   `__benchSplashFadeEnd` = when its fade-out animation ended (its start time plus its duration, on
 *   the document timeline, whose clock is performance.now()'s), if it did: rows under the splash
 *   are seen from the earlier of the two (JupyterLab's fade lasts 0.5 s and is cut at 0.2 s by the
 *   removal; the deep link shortens it). Rows visible = the later of rows shown and splash clear;
 * - `__benchRowsVisiblePolled` = the earlier method, kept to compare with earlier results: the
 *   presentation time of the frame after the first animation frame that found rows and no splash
 *   element (a probe inserted from that frame's animation callback);
 * - `__benchEditorDone` = performance.now() when an editor first reports data-state="done" (the
 *   whole result is in).
 */
export function hookEditor(): void {
  const w = window as any;
  const editorNode = () =>
    document.querySelector('.jp-HeavyAI-SqlEditor') as HTMLElement | null;
  const firstCell = () => {
    const editor = editorNode();
    const shell = (window as any).jupyterapp?.shell;
    if (!editor || !shell) {
      return undefined;
    }
    const panel = [...shell.widgets('main')].find(
      (widget: any) => widget.content?.node === editor
    );
    // Rows that arrive before the editor is in the layout are not yet seen by anyone.
    const box = editor.getBoundingClientRect();
    if (!panel?.isVisible || box.width === 0 || box.height === 0) {
      return undefined;
    }
    return panel.content.results?.cellText?.(0, 0);
  };
  const hasRows = () => {
    const text = firstCell();
    return text !== undefined && text !== '…';
  };
  const painted = () => {
    if (!hasRows()) {
      requestAnimationFrame(painted);
      return;
    }
    requestAnimationFrame(() =>
      requestAnimationFrame(() => (w.__benchRowsPainted = performance.now()))
    );
  };
  requestAnimationFrame(painted);
  const probe = (identifier: string) => {
    const node = document.createElement('div');
    node.setAttribute('elementtiming', identifier);
    node.textContent = identifier;
    node.style.cssText =
      'position:fixed;right:0;bottom:0;z-index:2147483647;font:10px monospace;pointer-events:none';
    document.body.append(node);
  };
  // Rows reported while the editor is not yet in the layout are probed by animation frame instead.
  let shownProbed = false;
  const probeShown = () => {
    if (!shownProbed && hasRows()) {
      shownProbed = true;
      probe('bench-rows-shown');
    }
  };
  const shownByFrame = () => {
    probeShown();
    if (!shownProbed) {
      requestAnimationFrame(shownByFrame);
    }
  };
  requestAnimationFrame(shownByFrame);
  const visible = () => {
    if (!hasRows() || document.getElementById('jupyterlab-splash')) {
      requestAnimationFrame(visible);
      return;
    }
    probe('bench-rows-visible-polled');
  };
  requestAnimationFrame(visible);
  const watchFade = (splash: HTMLElement) => {
    new MutationObserver((_, fadeObserver) => {
      if (!splash.classList.contains('splash-fade')) {
        return;
      }
      fadeObserver.disconnect();
      const fade = splash
        .getAnimations()
        .find(a => (a as CSSAnimation).animationName === 'fade-out');
      // A fade the removal cancels before it started on screen is not counted (its promise rejects).
      fade?.ready.then(
        () => {
          const end = fade.effect?.getComputedTiming().endTime;
          if (fade.startTime !== null && typeof end === 'number') {
            w.__benchSplashFadeEnd ??= Number(fade.startTime) + end;
          }
        },
        () => undefined
      );
    }).observe(splash, { attributes: true, attributeFilter: ['class'] });
  };
  new MutationObserver(records => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (
          (node as HTMLElement).id === 'jupyterlab-splash' &&
          !w.__benchSplashSeen
        ) {
          w.__benchSplashSeen = true;
          watchFade(node as HTMLElement);
        }
      }
      for (const node of record.removedNodes) {
        if ((node as HTMLElement).id === 'jupyterlab-splash') {
          w.__benchSplashRemoved ??= performance.now();
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries() as any[]) {
      if (
        entry.identifier === 'bench-rows-visible-polled' &&
        entry.renderTime
      ) {
        w.__benchRowsVisiblePolled ??= entry.renderTime;
      }
      if (entry.identifier === 'bench-rows-shown' && entry.renderTime) {
        w.__benchRowsShown ??= entry.renderTime;
      }
    }
  }).observe({ type: 'element', buffered: true });
  const observer = new MutationObserver(() => {
    probeShown();
    if (editorNode()?.dataset.state === 'done') {
      w.__benchEditorDone ??= performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-state']
  });
}

export interface IWorkspaceTimes {
  restored: number;
  editorDone?: number;
  rowsPainted?: number;
  /** The frame that first drew the rows was presented (Element Timing), splash or not. */
  rowsShown?: number;
  /** The later of rows shown and the splash screen clear (removed or faded out), when both are known. */
  rowsVisible?: number;
  /** The earlier method: the frame after the first animation frame with rows and no splash element. */
  rowsVisiblePolled?: number;
  splashSeen: boolean;
  splashRemoved?: number;
  splashFadeEnd?: number;
  marks: Record<string, number | undefined>;
}

/** When the first rows were seen: shown, and no splash screen over them any more. */
export function rowsVisible(t: IWorkspaceTimes): number | undefined {
  if (t.rowsShown === undefined) {
    return undefined;
  }
  if (!t.splashSeen) {
    return t.rowsShown;
  }
  const clear = Math.min(
    t.splashRemoved ?? Infinity,
    t.splashFadeEnd ?? Infinity
  );
  return Number.isFinite(clear) ? Math.max(t.rowsShown, clear) : undefined;
}

/**
 * A fresh context opened on the workspace deep link; resolves once the first
 * rows are painted and the whole result is in (or the editor fails / is absent:
 * `editorDone` undefined).
 */
export async function openWorkspace(
  browser: Browser,
  siteUrl: string,
  standinPort: number,
  session: string,
  query: string,
  timeout = 90_000
): Promise<{ context: BrowserContext; page: Page; times: IWorkspaceTimes }> {
  const context = await freshContext(browser);
  await context.addInitScript(hookRestored);
  await context.addInitScript(hookEditor);
  const page = await context.newPage();
  const payload = {
    session,
    connection: { protocol: 'http', host: '127.0.0.1', port: standinPort },
    query
  };
  // Followed from the allowed Immerse origin, so the link is taken without a question.
  await page.goto(
    `${siteUrl}lab/index.html?heavyai&reset${heavyaiFragment(payload)}`,
    { waitUntil: 'commit', referer: `${BENCH_IMMERSE_ORIGIN}/` }
  );
  await page.waitForFunction(() => (window as any).__benchRestoredAt, null, {
    timeout,
    polling: 100
  });
  // The editor appears after the app is restored; give it a moment to exist at all.
  const hasEditor = await page
    .waitForSelector(EDITOR, { timeout: 20_000 })
    .then(
      () => true,
      () => false
    );
  if (hasEditor) {
    await page
      .waitForFunction(
        sel => {
          const editor = document.querySelector(sel) as HTMLElement | null;
          return (
            ((window as any).__benchRowsPainted !== undefined &&
              (window as any).__benchRowsShown !== undefined &&
              (window as any).__benchRowsVisiblePolled !== undefined &&
              (window as any).__benchEditorDone !== undefined) ||
            editor?.dataset.state === 'error'
          );
        },
        EDITOR,
        { timeout, polling: 50 }
      )
      .catch(() => undefined);
    // The last mark may follow the paint by a frame or two.
    await page
      .waitForFunction(
        name => performance.getEntriesByName(name, 'mark').length > 0,
        'heavyai:rows-rendered',
        { timeout: 2000 }
      )
      .catch(() => undefined);
  }
  const observed = await page.evaluate(names => {
    const w = window as any;
    const marks: Record<string, number | undefined> = {};
    for (const name of names) {
      marks[name] = performance.getEntriesByName(name, 'mark')[0]?.startTime;
    }
    return {
      restored: w.__benchRestoredAt,
      editorDone: w.__benchEditorDone,
      rowsPainted: w.__benchRowsPainted,
      rowsShown: w.__benchRowsShown,
      rowsVisiblePolled: w.__benchRowsVisiblePolled,
      splashSeen: w.__benchSplashSeen === true,
      splashRemoved: w.__benchSplashRemoved,
      splashFadeEnd: w.__benchSplashFadeEnd,
      marks
    };
  }, MARKS);
  return {
    context,
    page,
    times: { ...observed, rowsVisible: rowsVisible(observed) }
  };
}

export interface IWorkspaceResult {
  runs: IWorkspaceTimes[];
  phases: Record<string, IDist>;
  /** Per run: first rows visible minus app restored (ms), and the target it is read against. */
  rowsAfterRestored: IDist & { targetMs: number };
  /** Per run: first rows painted (two frames later, splash or not) minus app restored (ms). */
  rowsPaintedAfterRestored: IDist;
}

/** The deep link's rows should follow the app's restore by at most this much (printed, never asserted). */
export const ROWS_AFTER_RESTORED_TARGET_MS = 500;

/**
 * The Immerse page the benchmark's link is followed from: only the referrer is used, nothing is
 * served there (the site's own origin is no sender of links).
 */
/** The page the bench's links claim to come from (a referer the served site allows). */
export const BENCH_IMMERSE_ORIGIN = 'http://immerse.bench.example';

/** The site configuration that takes the benchmark's links without asking (see openWorkspace). */
export const BENCH_LINK_SITE_CONFIG = {
  heavyai: { allowedOrigins: [BENCH_IMMERSE_ORIGIN] }
};

export async function runWorkspace(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: IWorkspaceResult }> {
  const dir = ensureSite(SITE_WITH, true, options.rebuild, log);
  const site = await serveSite(dir, BENCH_LINK_SITE_CONFIG);
  const session = sessionId('workspace');
  const standin = await startStandinProcess(session, site.origin);
  const browser = await launch();
  const runs: IWorkspaceTimes[] = [];
  try {
    const count = options.runs
      ? Math.min(options.runs, 5)
      : options.quick
        ? 2
        : 4;
    for (let run = 0; run < count; run++) {
      const { context, times } = await openWorkspace(
        browser,
        site.url,
        standin.port,
        session,
        GRID_QUERY
      );
      await context.close();
      runs.push(times);
      log(
        `workspace run ${run + 1}/${count}: restored ${times.restored?.toFixed(0)} ms, rows shown ${times.rowsShown?.toFixed(0) ?? 'n/a'} ms, splash removed ${times.splashRemoved?.toFixed(0) ?? 'n/a'} / faded ${times.splashFadeEnd?.toFixed(0) ?? 'n/a'} ms, visible ${times.rowsVisible?.toFixed(0) ?? 'n/a'} ms (polled ${times.rowsVisiblePolled?.toFixed(0) ?? 'n/a'})`
      );
    }
  } finally {
    await browser.close();
    await standin.close();
    await site.close();
  }
  const phaseNames: [string, (t: IWorkspaceTimes) => number | undefined][] = [
    ['app restored', t => t.restored],
    ['session available (mark)', t => t.marks[MARKS[0]]],
    ['connector loaded (mark)', t => t.marks[MARKS[1]]],
    ['statement sent (mark)', t => t.marks[MARKS[2]]],
    ['query answered (mark)', t => t.marks[MARKS[3]]],
    ['rows rendered (mark)', t => t.marks[MARKS[4]]],
    ["JupyterLab's splash screen removed (observed)", t => t.splashRemoved],
    [
      "JupyterLab's splash screen faded out (its animation's end)",
      t => t.splashFadeEnd
    ],
    ['first rows shown (observed, presented)', t => t.rowsShown],
    ['first rows painted (observed, two frames later)', t => t.rowsPainted],
    ['first rows visible: shown, no splash over them', t => t.rowsVisible],
    [
      'first rows visible, frame-polled (the earlier method)',
      t => t.rowsVisiblePolled
    ],
    ['whole result in: data-state=done (observed)', t => t.editorDone]
  ];
  const phases: Record<string, IDist> = {};
  const S = `3. Workspace (navigation → ?heavyai&reset → first rows; "${GRID_QUERY}", the editor's default 1,000-row first batch)`;
  const rows: IRow[] = [];
  let previous: number | undefined;
  for (const [name, pick] of phaseNames) {
    const values = runs
      .map(pick)
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    phases[name] = dist(values);
    if (values.length === 0) {
      rows.push(row(S, name, 'n/a'));
      continue;
    }
    const p50 = phases[name].p50;
    const step =
      previous !== undefined && name.endsWith('(mark)')
        ? ` (${p50 >= previous ? '+' : '−'}${Math.abs(p50 - previous).toFixed(0)})`
        : '';
    rows.push(
      row(
        S,
        name,
        `p50 ${p50.toFixed(0)} ms${step} from navigation start (min ${phases[name].min.toFixed(0)}, max ${phases[name].max.toFixed(0)}, n=${values.length})`
      )
    );
    if (name.endsWith('(mark)') || name === 'app restored') {
      previous = p50;
    }
  }
  const sinceRestored = (pick: (t: IWorkspaceTimes) => number | undefined) =>
    runs
      .map(t => {
        const at = pick(t);
        return at !== undefined && t.restored !== undefined
          ? at - t.restored
          : NaN;
      })
      .filter(Number.isFinite);
  const summary = (values: number[]) =>
    values.length
      ? `p50 ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`
      : 'n/a';
  // What the user sees: rows under JupyterLab's splash screen are not counted.
  const afterRestored = sinceRestored(t => t.rowsVisible);
  const paintedAfterRestored = sinceRestored(t => t.rowsPainted);
  const polledAfterRestored = sinceRestored(t => t.rowsVisiblePolled);
  const rowsAfterRestored = {
    ...dist(afterRestored),
    targetMs: ROWS_AFTER_RESTORED_TARGET_MS
  };
  rows.push(
    row(
      S,
      'deep link → first rows painted (two frames later) minus app restored',
      summary(paintedAfterRestored)
    ),
    row(
      S,
      'deep link → first rows visible, frame-polled (earlier method), minus app restored',
      summary(polledAfterRestored)
    ),
    row(
      S,
      'deep link → first rows visible minus app restored',
      summary(afterRestored),
      {
        text: `≤ ${ROWS_AFTER_RESTORED_TARGET_MS} ms`,
        met: afterRestored.length
          ? rowsAfterRestored.p50 <= ROWS_AFTER_RESTORED_TARGET_MS
          : undefined
      }
    )
  );
  const rowsPaintedAfterRestored = dist(paintedAfterRestored);
  return {
    rows,
    result: { runs, phases, rowsAfterRestored, rowsPaintedAfterRestored }
  };
}

/** Built sites served as the deep-link bench serves them, each with a stand-in of its own. */
export interface ILinkSites {
  sites: Awaited<ReturnType<typeof serveSite>>[];
  standins: Awaited<ReturnType<typeof startStandinProcess>>[];
  session: string;
  close(): Promise<void>;
}

export async function serveLinkSites(
  dirs: string[],
  label: string
): Promise<ILinkSites> {
  const sites = await Promise.all(
    dirs.map(dir => serveSite(dir, BENCH_LINK_SITE_CONFIG))
  );
  const session = sessionId(label);
  const standins = await Promise.all(
    sites.map(site => startStandinProcess(session, site.origin))
  );
  return {
    sites,
    standins,
    session,
    async close() {
      await Promise.all(standins.map(standin => standin.close()));
      await Promise.all(sites.map(site => site.close()));
    }
  };
}

/**
 * Which of `count` sites load `i` of an alternated run opens: A B B A A B B A … with two, so
 * that neither always goes first after the other; in turn with more.
 */
export function alternatedSite(i: number, count: number): number {
  return count === 2 ? (i + Math.floor(i / 2)) % 2 : i % count;
}
