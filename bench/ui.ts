/**
 * `npm run bench:ui`: the page under load, in Debian's Chromium, against the built app (dist/).
 * Sixteen nodes mine continuously at difficulty 3 (blocks arrive many times a second), some of
 * them resolve every few seconds, until the chains pass BENCH_BLOCKS (2,000) blocks. It prints
 * frames per second, long tasks and the JS heap over the run, against the budgets. Nothing is
 * asserted: this is a measurement.
 */
import { startSession } from '../test/e2e/harness';

const TARGET = Number(process.env.BENCH_BLOCKS ?? 2_000);
const LIMIT_S = Number(process.env.BENCH_SECONDS ?? 900);
const NODES = 16;

const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  await page.getByRole('combobox', { name: 'Difficulty' }).selectOption('3');
  await page.getByRole('button', { name: 'Start a fresh network' }).click();
  for (let i = 3; i < NODES; i++) await page.getByRole('button', { name: 'Add node' }).click();
  await page.getByRole('region', { name: `Node localhost:${5000 + NODES - 1}`, exact: true }).waitFor();
  // Each node knows its two neighbours on a ring, so resolves find longer chains to adopt.
  for (let i = 0; i < NODES; i++) {
    const node = page.getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true });
    const urls = [1, 2].map((d) => `http://localhost:${5000 + ((i + d) % NODES)}`).join(' ');
    await node.getByRole('textbox', { name: 'Node URLs' }).fill(urls);
    await node.getByRole('button', { name: 'Register', exact: true }).click();
  }
  for (let i = 0; i < NODES; i++) {
    await page
      .getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true })
      .getByRole('switch', { name: 'Mine continuously' })
      .click();
  }

  // In the page: frames, long tasks, and a resolve on a few nodes every few seconds.
  // Passed as text: tsx would wrap named functions in helpers the page does not have.
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
  let round = 0;
  const rows: string[] = [];
  let worstFps = Number.POSITIVE_INFINITY;
  let worstTask = 0;
  let firstHeap = 0;
  let lastHeap = 0;
  let firstLength = 0;
  let length = 0;
  for (;;) {
    const before = (await page.evaluate('window.probe.frames')) as number;
    const t0 = Date.now();
    // Resolve on two nodes every five seconds (they keep mining between blocks).
    if (round % 5 === 0) {
      for (const i of [round % NODES, (round + 7) % NODES]) {
        const node = page.getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true });
        await node
          .getByRole('button', { name: 'Resolve', exact: true })
          .click({ force: true, trial: false })
          .catch(() => {});
      }
    }
    await page.waitForTimeout(1000);
    const sample = (await page.evaluate(`({
      frames: window.probe.frames,
      tasks: window.probe.longTasks.splice(0),
      heading: document.querySelector('.chain-window span')?.textContent ?? '',
    })`)) as { frames: number; tasks: number[]; heading: string };
    const seconds = (Date.now() - t0) / 1000;
    const fps = (sample.frames - before) / seconds;
    const metrics = await cdp.send('Performance.getMetrics');
    const heap = (metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20;
    length = Number(/of (\d[\d,]*)/.exec(sample.heading)?.[1]?.replace(/,/g, '') ?? '0');
    if (round === 2) {
      firstHeap = heap;
      firstLength = length;
    }
    lastHeap = heap;
    const longest = sample.tasks.length ? Math.max(...sample.tasks) : 0;
    if (round >= 2) {
      worstFps = Math.min(worstFps, fps);
      worstTask = Math.max(worstTask, longest);
    }
    const elapsed = Math.round((Date.now() - started) / 1000);
    rows.push(
      `| ${elapsed} s | ${length} | ${fps.toFixed(1)} | ${sample.tasks.length} | ${longest.toFixed(0)} ms | ${heap.toFixed(1)} MB |`,
    );
    console.log(rows.at(-1));
    round++;
    if (length >= TARGET || elapsed > LIMIT_S) break;
  }
  const growth = firstLength > 0 ? (lastHeap - firstHeap) / Math.max(1, length - firstLength) : 0;
  console.log(`\n# bench:ui: ${NODES} nodes mining continuously at difficulty 3, resolves every 5 s\n`);
  console.log('| time | longest chain | fps | long tasks | longest task | JS heap |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\nWorst fps (after warm-up): ${worstFps.toFixed(1)} (budget: at least 55)`);
  console.log(`Longest task: ${worstTask.toFixed(0)} ms (budget: none over 50 ms)`);
  console.log(
    `Heap: ${firstHeap.toFixed(1)} MB at ${firstLength} blocks, ${lastHeap.toFixed(1)} MB at ${length} blocks (${(growth * 1024).toFixed(1)} KB per block)`,
  );
  await session.screenshot(page, 'bench-ui');
} finally {
  await session.close();
}
