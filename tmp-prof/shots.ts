import { startSession } from '../test/e2e/harness';
const session = await startSession();
for (const [w, h] of [[1024, 768], [1280, 800], [1920, 1080]]) {
  const page = await session.newPage({ width: w, height: h, reducedMotion: true });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `tmp-prof/shot-${w}.png` });
}
await session.close();
