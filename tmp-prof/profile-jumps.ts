import { writeFileSync } from 'node:fs';
import { startSession } from '../test/e2e/harness';
import { NODES, pressResolve, sixteenMining } from '../bench/load';

const TARGET = Number(process.env.BLOCKS ?? 600);
const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  await page.goto(`${session.url}?probe`);
  await sixteenMining(page, '3');
  for (let round = 0; ; round++) {
    if (round % 5 === 0) await page.evaluate(pressResolve([round % NODES, (round + 7) % NODES]));
    await page.waitForTimeout(1000);
    const min = (await page.evaluate('Math.min(...window.chainscope.store.getState().nodes.map((n) => n.snapshot.length))')) as number;
    if (min > TARGET) break;
  }
  const line = (await page.evaluate('window.chainscope.session.recordedLine().length')) as number;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  let seed = 7;
  const out: string[] = [];
  for (let i = 0; i < 20; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const target = 3 + (seed % (line - 3));
    const r = await page.evaluate(`(async () => {
      const sim = window.chainscope;
      const t0 = performance.now();
      await sim.session.travelTo(${target});
      const t1 = performance.now();
      await new Promise((done) => requestAnimationFrame(() => done()));
      return { total: performance.now() - t0, travel: t1 - t0, parts: sim.session.lastTravel };
    })()`);
    out.push(JSON.stringify(r));
  }
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('tmp-prof/jumps.cpuprofile', JSON.stringify(profile));
  console.log(out.join('\n'));
} finally {
  await session.close();
}
