import { readFileSync, writeFileSync } from 'node:fs';
import { startSession } from '../test/e2e/harness';

const text = readFileSync(process.argv[2] ?? '/tmp/big-run.json', 'utf8');
const session = await startSession();
try {
  const page = await session.newPage({ width: 1920, height: 1080 });
  await page.goto(`${session.url}?probe`);
  await page.waitForTimeout(1000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await page.evaluate((t) => { (window as unknown as { runText: string }).runText = t; }, text);
  await cdp.send('Profiler.start');
  const r = await page.evaluate(`(async () => {
    const sim = window.chainscope;
    const t0 = performance.now();
    const ok = await sim.importRun(window.runText);
    return { ok, ms: performance.now() - t0, error: JSON.stringify(sim.store.getState().transferError) };
  })()`);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('tmp-prof/import.cpuprofile', JSON.stringify(profile));
  console.log(JSON.stringify(r));
} finally {
  await session.close();
}
