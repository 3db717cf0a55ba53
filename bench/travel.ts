/**
 * `npm run bench:travel`: what time travel and import cost, in Debian's Chromium with real
 * workers, against the built app (dist/). It prints a table against the budgets of the issue that
 * made travel free; nothing is asserted: this is a measurement.
 *
 * 1. One Step back at difficulty 6 after nine mined blocks (each block is some 16 million guesses).
 * 2. bench:ui's load (16 nodes mining continuously at difficulty 3, resolves every 5 s) until every
 *    chain passes BENCH_BLOCKS (2,000) blocks; then 100 jumps to random points of the run.
 * 3. That run exported and imported again, and the difficulty-6 run too.
 *
 * The page is opened with ?probe, which lends the bench the page's simulator (see src/main.tsx):
 * a jump is `session.travelTo(n)`, timed in the page from the call to the frame after it is done.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startSession } from '../test/e2e/harness';
import { NODES, pressResolve, region, sixteenMining } from './load';
import { stealMeter } from './steal';

const TARGET = Number(process.env.BENCH_BLOCKS ?? 2_000);
const JUMPS = Number(process.env.BENCH_JUMPS ?? 100);
const LIMIT_S = Number(process.env.BENCH_SECONDS ?? 900);

interface Row {
  readonly what: string;
  readonly measured: string;
  readonly budget: string;
  readonly met: boolean | null;
}

const rows: Row[] = [];
const row = (what: string, measured: string, budget: string, met: boolean | null) => {
  rows.push({ what, measured, budget, met });
  console.log(`${what}: ${measured} (budget ${budget})`);
};

/** Travels to `target` in the page and returns the time to the frame after it is done, in ms. */
async function jump(page: Page, target: number): Promise<number> {
  const { ms, parts } = (await page.evaluate(`(async () => {
    const sim = window.chainscope;
    const t0 = performance.now();
    await sim.session.travelTo(${target});
    await new Promise((done) => requestAnimationFrame(() => done()));
    return { ms: performance.now() - t0, parts: sim.session.lastTravel };
  })()`)) as { ms: number; parts: Record<string, number> };
  if (process.env.BENCH_VERBOSE) console.log(`jump to ${target}: ${ms.toFixed(0)} ms`, JSON.stringify(parts));
  return ms;
}

const state = (page: Page) =>
  page.evaluate(`(() => {
    const sim = window.chainscope;
    const s = sim.store.getState();
    return {
      lengths: s.nodes.map((n) => n.snapshot.length),
      position: sim.session.position,
      line: sim.session.recordedLine().length,
      checkpoints: sim.session.checkpointList.map((c) => c.network.journal),
      replaying: s.replaying,
    };
  })()`) as Promise<{
    lengths: number[];
    position: number;
    line: number;
    checkpoints: number[];
    replaying: string | null;
  }>;

async function importTimed(
  page: Page,
  text: string,
): Promise<{ ms: number; ok: boolean; steps: number; error: string }> {
  return (await page.evaluate(`(async () => {
    const sim = window.chainscope;
    const text = ${JSON.stringify(text)};
    const t0 = performance.now();
    const ok = await sim.importRun(text);
    await new Promise((done) => requestAnimationFrame(() => done()));
    const error = sim.store.getState().transferError;
    return { ms: performance.now() - t0, ok, steps: JSON.parse(text).journal.length, error: JSON.stringify(error) };
  })()`)) as { ms: number; ok: boolean; steps: number; error: string };
}

const exported = (page: Page) => page.evaluate('window.chainscope.exportRun()') as Promise<string>;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))] ?? 0;

/** Nine blocks at difficulty 6 on one node, then five Step backs; returns the run, exported. */
async function stepBackAtD6(page: Page): Promise<string> {
  await page.getByRole('combobox', { name: 'Difficulty' }).selectOption('6');
  await page.getByRole('button', { name: 'Start a fresh network' }).click();
  const first = region(page, 0);
  for (let block = 2; block <= 10; block++) {
    await first.getByRole('button', { name: 'Mine', exact: true }).click();
    await page.waitForFunction(`window.chainscope.store.getState().nodes[0].snapshot.length >= ${block}`, null, {
      timeout: 600_000,
      polling: 200,
    });
    process.stdout.write(`d6 block ${block} mined\n`);
  }
  const before = await state(page);
  const backs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const here = await state(page);
    backs.push(await jump(page, here.position - 1));
  }
  const run = await exported(page);
  row(
    'Step back at difficulty 6 after 9 mined blocks',
    `worst of 5: ${Math.max(...backs).toFixed(0)} ms (each: ${backs.map((ms) => ms.toFixed(0)).join(', ')}; journal of ${before.line} steps)`,
    'under 300 ms',
    Math.max(...backs) < 300,
  );
  return run;
}

const steal = stealMeter();
const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  await page.goto(`${session.url}?probe`);

  // 1. Step back at difficulty 6 after nine mined blocks (BENCH_D6=0 skips it, when working on the rest).
  const d6Run = process.env.BENCH_D6 === '0' ? null : await stepBackAtD6(page);

  // 2. bench:ui's load, then random jumps.
  await page.goto(`${session.url}?probe`);
  await sixteenMining(page, '3');
  const started = Date.now();
  for (let round = 0; ; round++) {
    if (round % 5 === 0) await page.evaluate(pressResolve([round % NODES, (round + 7) % NODES]));
    await page.waitForTimeout(1000);
    const { lengths } = await state(page);
    const shortest = Math.min(...lengths);
    if (round % 10 === 0) console.log(`${Math.round((Date.now() - started) / 1000)} s: shortest chain ${shortest}`);
    if (shortest > TARGET || (Date.now() - started) / 1000 > LIMIT_S) break;
  }
  const loaded = await state(page);
  const spacing = loaded.checkpoints.slice(1).map((at, i) => at - (loaded.checkpoints[i] ?? 0));
  const times: number[] = [];
  let seed = 12345;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // The run as it ended, before any jump: the line to jump along.
  const line = loaded.line;
  for (let i = 0; i < JUMPS; i++) {
    const target = 3 + Math.floor(random() * (line - 3));
    times.push(await jump(page, target));
  }
  const after = await state(page);
  row(
    `${JUMPS} random jumps on bench:ui's load`,
    `worst ${Math.max(...times).toFixed(0)} ms, median ${quantile(times, 0.5).toFixed(0)} ms, 90th ${quantile(times, 0.9).toFixed(0)} ms; journal of ${line} steps, chains of ${Math.min(...loaded.lengths)}–${Math.max(...loaded.lengths)} blocks, ${after.checkpoints.length} checkpoints ${Math.min(...spacing)}–${Math.max(...spacing)} steps apart`,
    'worst under 500 ms',
    Math.max(...times) < 500,
  );

  // 3. Import: the loaded run (travelled back to its end first), and the difficulty-6 run.
  await jump(page, line);
  const text = await exported(page);
  // BENCH_SAVE_RUN=path keeps the run, to study an import outside the browser.
  if (process.env.BENCH_SAVE_RUN) writeFileSync(process.env.BENCH_SAVE_RUN, text);
  const big = await importTimed(page, text);
  row(
    "Import of bench:ui's run",
    `${(big.ms / 1000).toFixed(2)} s for ${big.steps} steps (${(text.length / 2 ** 20).toFixed(1)} MB)${big.ok ? '' : `, REFUSED: ${big.error}`}`,
    'under 3 s',
    big.ok && big.ms < 3_000,
  );
  const slow = d6Run === null ? null : await importTimed(page, d6Run);
  if (slow)
    row(
      'Import of the difficulty-6 run (blocks of about 16 million guesses each)',
      `${slow.ms.toFixed(0)} ms for ${slow.steps} steps${slow.ok ? '' : `, REFUSED: ${slow.error}`}`,
      'as fast as any other',
      slow.ok && slow.ms < 3_000,
    );
  await session.screenshot(page, 'bench-travel');
} finally {
  await session.close();
}

console.log('\n| what | measured | budget | met |');
console.log('|---|---|---|---|');
for (const r of rows)
  console.log(`| ${r.what} | ${r.measured} | ${r.budget} | ${r.met === null ? '—' : r.met ? 'yes' : 'NO'} |`);
const stolen = steal();
if (stolen) console.log(`\n${stolen}`);
