/**
 * `npm run bench:ab`: one style rule, measured against the page without it, under bench:ui's load
 * (sixteen nodes mining continuously at difficulty 3, resolves every 5 s). Runs from one page to
 * the next differ more than most changes do (the chains grow at their own pace), so both sides
 * are measured in the same run: once the chains pass BENCH_BLOCKS (500), a Chromium trace
 * records BENCH_WINDOWS (12) windows of 5 s, the rule in BENCH_RULE switched on in every other
 * one. It prints, for each side, what the page's thread spent a second on (the first second of
 * each window, the switch itself, is left out). Nothing is asserted: this is a measurement.
 *
 * The default rule takes the block tree's and the timeline's own layers away (see styles.css).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, startSession } from '../test/e2e/harness';
import { pressResolve, sixteenMining } from './load';

const RULE = process.env.BENCH_RULE ?? '.tree-scroll, .timeline-box { will-change: auto !important; }';
const TARGET = Number(process.env.BENCH_BLOCKS ?? 500);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 12);
const WINDOW_MS = 5_000;
const TRACE = join(artifacts, 'bench-ab-trace.json');

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  await sixteenMining(page, '3');
  const longest = async () =>
    (await page.evaluate(
      `Math.max(...[...document.querySelectorAll('.blocks')].map((b) => Number(b.getAttribute('data-length'))))`,
    )) as number;
  let round = 0;
  const resolveTwo = () => page.evaluate(pressResolve([(round * 5) % 16, (round * 5 + 3) % 16]));
  for (; (await longest()) < TARGET; round++) {
    await resolveTwo();
    await page.waitForTimeout(WINDOW_MS);
  }
  const start = await longest();
  await session.browser.startTracing(page, {
    path: TRACE,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
  });
  for (let k = 0; k < WINDOWS; k++, round++) {
    const on = k % 2 === 1;
    await page.evaluate(`(() => {
      const style = document.getElementById('bench-ab');
      if (${on}) {
        const added = document.createElement('style');
        added.id = 'bench-ab';
        added.textContent = ${JSON.stringify(RULE)};
        document.head.append(added);
      } else style?.remove();
      performance.mark('bench-ab ${on ? 'with' : 'without'} ${k}');
    })()`);
    await resolveTwo();
    await page.waitForTimeout(WINDOW_MS);
  }
  await page.evaluate(`performance.mark('bench-ab end')`);
  await session.browser.stopTracing();
  const end = await longest();
  report(JSON.parse(readFileSync(TRACE, 'utf8')).traceEvents as TraceEvent[], start, end);
} finally {
  await session.close();
}

function report(events: readonly TraceEvent[], start: number, end: number): void {
  const threadOf = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const named = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') named.set(threadOf(e), e.args?.name ?? '');
  // The page's main thread: of the renderer main threads, the busiest.
  const counts = new Map<string, number>();
  for (const e of events)
    if (named.get(threadOf(e)) === 'CrRendererMain') counts.set(threadOf(e), (counts.get(threadOf(e)) ?? 0) + 1);
  const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const marks: TraceEvent[] = [];
  for (const e of events.filter((e) => e.name.startsWith('bench-ab ')).sort((a, b) => a.ts - b.ts)) {
    if (!marks.some((m) => m.name === e.name)) marks.push(e);
  }
  const work = events.filter((e) => threadOf(e) === main && e.ph === 'X');
  const kinds = ['RunTask', 'Layerize', 'Paint', 'Layout', 'UpdateLayoutTree'] as const;
  const sides = new Map<string, { seconds: number; frames: number; long: number; ms: Map<string, number> }>();
  const tasks = new Map<string, number[]>();
  for (let w = 0; w + 1 < marks.length; w++) {
    const side = (marks[w] as TraceEvent).name.split(' ')[1] as string;
    const from = (marks[w] as TraceEvent).ts + 1e6;
    const to = (marks[w + 1] as TraceEvent).ts;
    const sum = sides.get(side) ?? { seconds: 0, frames: 0, long: 0, ms: new Map() };
    sides.set(side, sum);
    sum.seconds += (to - from) / 1e6;
    for (const e of work) {
      if (e.ts < from || e.ts >= to) continue;
      if (e.name === 'Commit') sum.frames++;
      if (e.name === 'RunTask' && (e.dur ?? 0) > 50_000) sum.long++;
      if (e.name === 'RunTask') {
        const durations = tasks.get(side) ?? [];
        durations.push((e.dur ?? 0) / 1000);
        tasks.set(side, durations);
      }
      if ((kinds as readonly string[]).includes(e.name))
        sum.ms.set(e.name, (sum.ms.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
  }
  console.log(`# bench:ab: \`${RULE}\`, switched on and off every 5 s, chains ${start} → ${end} blocks\n`);
  console.log(
    '| the rule | seconds | busy ms/s | Layerize ms/s | Paint ms/s | Layout ms/s | Style ms/s | frames/s | tasks over 50 ms |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [side, sum] of sides) {
    const perSecond = (kind: string) => ((sum.ms.get(kind) ?? 0) / sum.seconds).toFixed(0);
    console.log(
      `| ${side} | ${sum.seconds.toFixed(0)} | ${perSecond('RunTask')} | ${perSecond('Layerize')} | ${perSecond('Paint')} | ${perSecond('Layout')} | ${perSecond('UpdateLayoutTree')} | ${(sum.frames / sum.seconds).toFixed(1)} | ${sum.long} |`,
    );
  }
  // Tasks over 50 ms are few in a minute; the counts below them show a change's trend sooner.
  console.log('\n| the rule | tasks over 20 ms | over 30 ms | over 40 ms | the longest five (ms) |');
  console.log('|---|---:|---:|---:|---|');
  for (const [side, durations] of tasks) {
    const over = (ms: number) => durations.filter((d) => d > ms).length;
    const longest = [...durations].sort((a, b) => b - a).slice(0, 5);
    console.log(
      `| ${side} | ${over(20)} | ${over(30)} | ${over(40)} | ${longest.map((d) => d.toFixed(0)).join(', ')} |`,
    );
  }
}
