// What Chromium did between ▶ Run and "painted", click by click, from a trace that
// `bench/profile-deeplink.ts --runs N --trace trace.json` recorded:
//
//   node --import tsx bench/trace-frames.ts trace.json [--top 12]
//
// For each click (the page's `profile:*` marks): the renderer main thread's tasks in that window
// with their wall and CPU time (wall ≫ CPU means the thread was waiting for a core), the frames
// (BeginMainThreadFrame, Commit, DrawFrame) and the event names that took the most time, then the
// busy time of every other thread of Chromium in the same window.
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ITraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
}

const FRAME_EVENTS = new Set([
  'BeginMainThreadFrame',
  'BeginFrame',
  'Commit',
  'DrawFrame',
  'FireAnimationFrame',
  'Paint',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint'
]);

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '12' } }
  });
  const raw = JSON.parse(readFileSync(positionals[0], 'utf8'));
  const events: ITraceEvent[] = Array.isArray(raw) ? raw : raw.traceEvents;
  const threadName = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') {
      threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
    }
  }
  const marks = events
    .filter(e => e.name.startsWith('profile:'))
    .sort((a, b) => a.ts - b.ts);
  const main = marks[0];
  if (!main) {
    throw new Error('no profile:* marks in this trace');
  }
  const mainKey = `${main.pid}:${main.tid}`;
  const complete = events.filter(e => e.ph === 'X' && e.dur !== undefined);
  const runs: { clicked: number; firstCell?: number; painted?: number }[] = [];
  for (const m of marks) {
    if (m.name === 'profile:run-clicked') {
      runs.push({ clicked: m.ts });
    } else if (runs.length > 0 && m.name === 'profile:first-cell') {
      runs[runs.length - 1].firstCell ??= m.ts;
    } else if (runs.length > 0 && m.name === 'profile:painted') {
      runs[runs.length - 1].painted ??= m.ts;
    }
  }
  const top = Number(values.top);
  runs.forEach((run, i) => {
    if (run.painted === undefined) {
      return;
    }
    const from = run.clicked;
    const to = run.painted;
    const ms = (us: number) => (us / 1000).toFixed(1);
    const inWindow = (e: ITraceEvent) => e.ts < to && e.ts + e.dur! > from;
    console.log(
      `== click ${i + 1}: first cell +${ms((run.firstCell ?? NaN) - from)} ms, painted +${ms(to - from)} ms`
    );
    const onMain = complete.filter(
      e => `${e.pid}:${e.tid}` === mainKey && inWindow(e)
    );
    const isTask = (e: ITraceEvent) =>
      e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask';
    // Chromium nests one task event in the other: keep the outer one.
    const tasks = onMain
      .filter(isTask)
      .filter(e => e.dur! >= 1000)
      .filter(
        e =>
          !onMain.some(
            o =>
              o !== e &&
              isTask(o) &&
              o.ts <= e.ts &&
              o.ts + o.dur! >= e.ts + e.dur! &&
              (o.ts < e.ts || o.dur! > e.dur! || o.name !== e.name)
          )
      );
    for (const task of tasks) {
      const inside = onMain.filter(
        e => e !== task && e.ts >= task.ts && e.ts < task.ts + task.dur!
      );
      const named = inside
        .filter(e => !/RunTask|ThreadController/.test(e.name))
        .sort((a, b) => b.dur! - a.dur!)
        .slice(0, 4)
        .map(e => `${e.name} ${ms(e.dur!)}`)
        .join(', ');
      console.log(
        `  task +${ms(task.ts - from).padStart(6)} wall ${ms(task.dur!).padStart(5)} cpu ${ms(task.tdur ?? NaN).padStart(5)}  ${named}`
      );
    }
    const frames = complete
      .filter(e => FRAME_EVENTS.has(e.name) && inWindow(e))
      .filter(e =>
        ['BeginMainThreadFrame', 'Commit', 'DrawFrame'].includes(e.name)
      )
      .sort((a, b) => a.ts - b.ts);
    console.log(
      `  frames: ${frames.map(e => `${e.name}@+${ms(e.ts - from)}`).join(' ')}`
    );
    const byName = new Map<string, [number, number]>();
    for (const e of onMain) {
      if (/RunTask|ThreadController/.test(e.name)) {
        continue;
      }
      const [wall, cpu] = byName.get(e.name) ?? [0, 0];
      byName.set(e.name, [wall + e.dur!, cpu + (e.tdur ?? 0)]);
    }
    console.log(
      `  main thread, by event (inclusive, wall/cpu ms): ${[...byName]
        .sort((a, b) => b[1][0] - a[1][0])
        .slice(0, top)
        .map(([n, [w, c]]) => `${n} ${ms(w)}/${ms(c)}`)
        .join(', ')}`
    );
    const byThread = new Map<string, number>();
    const others = complete
      .filter(e => `${e.pid}:${e.tid}` !== mainKey && inWindow(e))
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    // Only outermost events count, so nested ones are not added twice.
    const outerEnd = new Map<string, number>();
    for (const e of others) {
      const key = `${e.pid}:${e.tid}`;
      if (e.ts < (outerEnd.get(key) ?? -Infinity)) {
        continue;
      }
      outerEnd.set(key, e.ts + e.dur!);
      const name = `${threadName.get(key) ?? key} (pid ${e.pid})`;
      byThread.set(name, (byThread.get(name) ?? 0) + (e.tdur ?? e.dur!));
    }
    console.log(
      `  other threads' CPU in the window (ms): ${[...byThread]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([n, t]) => `${n} ${ms(t)}`)
        .join(', ')}`
    );
  });
}

main();
