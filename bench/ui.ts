/**
 * `npm run bench:ui`: the page under load, in Debian's Chromium, against the built app (dist/).
 * First, sixteen nodes mine continuously at difficulty 3 (blocks arrive many times a second),
 * some of them resolve every few seconds, until the chains pass BENCH_BLOCKS (2,000) blocks.
 * Then the same at difficulty 6 for BENCH_BUSY_SECONDS (20 s): few blocks, but every core busy
 * hashing. It prints frames per second, long tasks and the JS heap over each run, against the
 * budgets. Nothing is asserted: this is a measurement. The page is the one a person opens (not
 * ?probe): it saves the run as it goes (the autosave), and that is part of what is measured.
 *
 * The heap read each second includes garbage not yet collected, so it swings with the collector.
 * Whether the heap grows with the chains is measured apart: at the start and each time the longest
 * chain passes another quarter of BENCH_BLOCKS, the bench forces a full collection and reads what
 * is left (the live heap). The collection is the bench's own pause, so the second it falls in is
 * left out of the frame and task figures.
 */
import type { CDPSession, Page } from 'playwright-core';
import { startSession } from '../test/e2e/harness';
import { NODES, pressResolve, sixteenMining } from './load';
import { stealMeter } from './steal';

const TARGET = Number(process.env.BENCH_BLOCKS ?? 2_000);
const LIMIT_S = Number(process.env.BENCH_SECONDS ?? 900);
const BUSY_S = Number(process.env.BENCH_BUSY_SECONDS ?? 20);
/**
 * BENCH_CPU_SLOWDOWN=2 runs the page's thread at half speed (DevTools' CPU throttling), to see
 * how much room the budgets have on a slower machine. The workers run at full speed.
 */
const SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 1);

interface Summary {
  readonly title: string;
  readonly rows: string[];
  readonly worstFps: number;
  readonly meanFps: number;
  readonly worstTask: number;
  readonly secondsWithLongTasks: number;
  readonly heap: string;
  readonly live: readonly LiveHeap[];
  /** The seconds counted: after the warm-up, and not right after a forced collection. */
  readonly seconds: number;
  /** The CPU time the host took meanwhile, in words (see steal.ts). */
  readonly steal: string;
}

/** The heap after a forced full collection, and the longest chain then. */
interface LiveHeap {
  readonly blocks: number;
  readonly mb: number;
}

async function liveHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / 2 ** 20;
}

/** Samples the page once a second until `done` says so; resolves on two nodes every five seconds. */
async function measure(
  page: Page,
  title: string,
  done: (longest: number, seconds: number) => boolean,
  /** How many blocks apart the live heap is read (see the top of this file); 0 for never. */
  liveEvery = 0,
): Promise<Summary> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  if (SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  // In the page: frames and long tasks. Passed as text: tsx would wrap named functions in
  // helpers the page does not have.
  await page.evaluate(`(() => {
    const probe = { frames: 0, longTasks: [] };
    window.probe = probe;
    const count = () => { probe.frames++; requestAnimationFrame(count); };
    requestAnimationFrame(count);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  })()`);
  const started = Date.now();
  const steal = stealMeter();
  const rows: string[] = [];
  const fpsSeen: number[] = [];
  let worstTask = 0;
  let secondsWithLongTasks = 0;
  let firstHeap = 0;
  let firstLength = 0;
  let heap = 0;
  let length = 0;
  const live: LiveHeap[] = [];
  // Set after a forced collection: the next second is not counted (the pause is the bench's own).
  let afterCollection = false;
  const readLive = async () => {
    live.push({ blocks: length, mb: await liveHeap(cdp) });
    afterCollection = true;
  };
  for (let round = 0; ; round++) {
    const before = (await page.evaluate('window.probe.frames')) as number;
    const t0 = Date.now();
    if (round % 5 === 0) await page.evaluate(pressResolve([round % NODES, (round + 7) % NODES]));
    await page.waitForTimeout(1000);
    const sample = (await page.evaluate(`({
      frames: window.probe.frames,
      tasks: window.probe.longTasks.splice(0),
      lengths: [...document.querySelectorAll('.blocks')].map((list) => list.lastElementChild?.querySelector('.block-index')?.textContent ?? ''),
    })`)) as { frames: number; tasks: number[]; lengths: string[] };
    const fps = (sample.frames - before) / ((Date.now() - t0) / 1000);
    const metrics = await cdp.send('Performance.getMetrics');
    heap = (metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
    length = Math.max(0, ...sample.lengths.map((text) => Number(text.replace(/[^\d]/g, '')) || 0));
    const longest = sample.tasks.length ? Math.max(...sample.tasks) : 0;
    // The first two seconds are the warm-up (the workers start, the page is built).
    if (round === 2) {
      firstHeap = heap;
      firstLength = length;
    }
    const counted = round >= 2 && !afterCollection;
    if (counted) {
      fpsSeen.push(fps);
      worstTask = Math.max(worstTask, longest);
      if (longest > 50) secondsWithLongTasks++;
    }
    afterCollection = false;
    const elapsed = Math.round((Date.now() - started) / 1000);
    rows.push(
      `| ${elapsed} s | ${length} | ${fps.toFixed(1)} | ${sample.tasks.length} | ${longest.toFixed(0)} ms | ${heap.toFixed(1)} MB |${counted || round < 2 ? '' : ' not counted: after a forced collection'}`,
    );
    console.log(rows.at(-1));
    const finished = done(length, elapsed);
    const checkpoint = live.length > 0 && length >= (live.at(-1)?.blocks ?? 0) + liveEvery;
    if (liveEvery > 0 && (round === 2 || checkpoint || (finished && live.at(-1)?.blocks !== length))) {
      await readLive();
      console.log(`| live heap, after a forced collection: ${live.at(-1)?.mb.toFixed(1)} MB at ${length} blocks |`);
    }
    if (finished) break;
  }
  const growth = length > firstLength ? ((heap - firstHeap) * 1024) / (length - firstLength) : 0;
  return {
    title,
    steal: steal(),
    rows,
    worstFps: Math.min(...fpsSeen),
    meanFps: fpsSeen.reduce((a, b) => a + b, 0) / Math.max(1, fpsSeen.length),
    worstTask,
    secondsWithLongTasks,
    heap:
      length > firstLength
        ? `${firstHeap.toFixed(1)} MB at ${firstLength} blocks, ${heap.toFixed(1)} MB at ${length} blocks (${growth.toFixed(1)} KB per block)`
        : `${firstHeap.toFixed(1)} MB at the start, ${heap.toFixed(1)} MB at the end (the chains did not grow)`,
    live,
    seconds: fpsSeen.length,
  };
}

function report(summary: Summary): void {
  const slowed = SLOWDOWN > 1 ? ` (the page's thread slowed down ${SLOWDOWN} times)` : '';
  console.log(`\n# bench:ui: ${summary.title}${slowed}\n`);
  console.log('| time | longest chain | fps | long tasks | longest task | JS heap |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of summary.rows) console.log(row);
  const { seconds, live } = summary;
  console.log(
    `\nFrames per second after warm-up: mean ${summary.meanFps.toFixed(1)}, worst ${summary.worstFps.toFixed(1)} (budget: at least 55)`,
  );
  console.log(
    `Longest task: ${summary.worstTask.toFixed(0)} ms; seconds with a task over 50 ms: ${summary.secondsWithLongTasks} of ${seconds} (budget: none over 50 ms)`,
  );
  console.log(`Heap, as read each second: ${summary.heap}`);
  if (summary.steal) console.log(summary.steal);
  if (live.length < 2) return;
  const points = live.map((p) => `${p.mb.toFixed(1)} MB at ${p.blocks}`).join(', ');
  // KB per block of the longest chain (sixteen chains grow together), interval by interval.
  const rates = live.slice(1).map((p, i) => {
    const from = live[i] as LiveHeap;
    return ((p.mb - from.mb) * 1024) / Math.max(1, p.blocks - from.blocks);
  });
  const first = rates[0] ?? 0;
  const last = rates.at(-1) ?? 0;
  console.log(`Live heap, after a forced collection: ${points} blocks`);
  console.log(
    `Live heap growth per block, interval by interval: ${rates.map((r) => r.toFixed(1)).join(', ')} KB; last to first: ${(last / first).toFixed(2)} (budget: it grows with the chains and no faster, about 1)`,
  );
}

const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  await sixteenMining(page, '3');
  const blocks = await measure(
    page,
    `${NODES} nodes mining continuously at difficulty 3, resolves every 5 s, until ${TARGET} blocks`,
    (longest, seconds) => longest >= TARGET || seconds > LIMIT_S,
    TARGET / 4,
  );
  await session.screenshot(page, 'bench-ui');
  // A page of its own (a reload would bring the saved 2,000-block run back, and replay it first).
  await page.context().close();
  const busyPage = await session.newPage({ width: 1920, height: 1080 });
  await sixteenMining(busyPage, '6');
  const busy = await measure(
    busyPage,
    `${NODES} nodes mining continuously at difficulty 6 (every core hashing), resolves every 5 s, ${BUSY_S} s`,
    (_, seconds) => seconds >= BUSY_S,
  );
  await session.screenshot(busyPage, 'bench-ui-busy');
  report(blocks);
  report(busy);
} finally {
  await session.close();
}
