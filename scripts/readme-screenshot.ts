/** Makes docs/screenshot.png for the README: `npm run build && npx tsx scripts/readme-screenshot.ts`. */
import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodeForm, startSession } from '../test/e2e/harness';

const session = await startSession();
// A classroom projector's size; one genesis shared by all, so that the block tree shows the fork branching.
const page = await session.newPage({ width: 1280, height: 800, reducedMotion: true });
const node = (port: number) => page.getByRole('region', { name: `Node localhost:${port}`, exact: true });
const status = (port: number, text: string) =>
  node(port).getByRole('status').filter({ hasText: text }).waitFor({ timeout: 60_000 });

await page.getByRole('combobox', { name: 'Genesis' }).selectOption('shared');
await page.getByRole('button', { name: 'Start a fresh network' }).click();
await node(5000).waitFor();

const tx = await nodeForm(node(5001), 'New transaction');
await tx.getByRole('textbox', { name: 'Sender' }).fill('alice');
await tx.getByRole('textbox', { name: 'Recipient' }).fill('멍개');
await tx.getByRole('textbox', { name: 'Amount' }).fill('5');
await tx.getByRole('button', { name: 'Send' }).click();
for (let i = 0; i < 3; i++) {
  await node(5001).getByRole('button', { name: 'Mine', exact: true }).click();
  await status(5001, 'New Block Forged');
  await page.waitForTimeout(200);
}
for (let i = 0; i < 2; i++) {
  await node(5002).getByRole('button', { name: 'Mine', exact: true }).click();
  await status(5002, 'New Block Forged');
  await page.waitForTimeout(200);
}
await (await nodeForm(node(5000), 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
await (await nodeForm(node(5000), 'Register nodes')).getByRole('button', { name: '+ localhost:5002' }).click();
await page.waitForTimeout(300);
await node(5000).getByRole('button', { name: 'Resolve', exact: true }).click();
await status(5000, 'Our chain was replaced');
await page.waitForTimeout(1500);
const shot = await session.screenshot(page, 'readme');
copyFileSync(shot, resolve(import.meta.dirname, '../docs/screenshot.png'));
await session.close();
