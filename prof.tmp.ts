import { startSession } from './test/e2e/harness';

const session = await startSession();
const page = await session.newPage({ width: 1920, height: 1080 });
const cdp = await page.context().newCDPSession(page);
await page.getByRole('combobox', { name: 'Difficulty' }).selectOption('3');
await page.getByRole('button', { name: 'Start a fresh network' }).click();
for (let i = 3; i < 16; i++) await page.getByRole('button', { name: 'Add node' }).click();
for (let i = 0; i < 16; i++) {
  const node = page.getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true });
  await node
    .getByRole('textbox', { name: 'Node URLs' })
    .fill([1, 2].map((d) => `http://localhost:${5000 + ((i + d) % 16)}`).join(' '));
  await node.getByRole('button', { name: 'Register', exact: true }).click();
}
for (let i = 0; i < 16; i++)
  await page
    .getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true })
    .getByRole('switch', { name: 'Mine continuously' })
    .click();
await page.waitForTimeout(8000);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
for (let r = 0; r < 4; r++) {
  for (const i of [r, r + 7])
    await page
      .getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true })
      .getByRole('button', { name: 'Resolve', exact: true })
      .click();
  await page.waitForTimeout(1000);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const counts = new Map<number, number>();
for (const s of profile.samples ?? []) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) {
  const n: any = byId.get(id);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + c);
}
const total = [...counts.values()].reduce((a, b) => a + b, 0);
console.log(
  [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 22)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1)}% ${k}`)
    .join('\n'),
);
await session.close();
