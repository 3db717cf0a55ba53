import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRegion, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const box = (column: Locator) => column.locator('.chain');
const atEnd = (column: Locator) => box(column).evaluate((b) => b.scrollTop + b.clientHeight >= b.scrollHeight - 2);
const length = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as { chainscope: { store: { getState(): { nodes: { snapshot: { length: number } }[] } } } }
      ).chainscope.store.getState().nodes[0]?.snapshot.length ?? 0,
  );

async function mineOne(page: Page, column: Locator): Promise<void> {
  const before = await length(page);
  await column.getByRole('button', { name: 'Mine', exact: true }).click();
  await expect.poll(() => length(page)).toBe(before + 1);
  // The column draws at most twice a second: wait until the list shows the block, then for the
  // frame in which the list follows (or not).
  await expect.poll(() => column.locator('ol.blocks').getAttribute('data-length')).toBe(String(before + 1));
  await page.waitForTimeout(150);
}

describe("a chain's list follows its newest blocks (Chromium)", () => {
  it('follows while at the end, stays where the person scrolled back to, and follows again at the end', async () => {
    const page = await session.newPage({ width: 1024, height: 600 });
    await page.goto(`${session.url}?probe`);
    await page.getByRole('combobox', { name: 'Difficulty' }).selectOption('1');
    await page.getByRole('button', { name: 'Start a fresh network' }).click();
    const column = nodeRegion(page, 'localhost:5000');
    for (let i = 0; i < 12; i++) await mineOne(page, column);
    expect(await box(column).evaluate((b) => b.scrollHeight > b.clientHeight)).toBe(true);
    expect(await atEnd(column)).toBe(true);

    // Scrolled back to read: a new block does not pull the list away.
    await box(column).evaluate((b) => {
      b.scrollTop = 0;
    });
    await page.waitForTimeout(200);
    await mineOne(page, column);
    expect(await box(column).evaluate((b) => b.scrollTop)).toBe(0);

    // Back at the end: it follows again.
    await box(column).evaluate((b) => {
      b.scrollTop = b.scrollHeight;
    });
    await page.waitForTimeout(200);
    await mineOne(page, column);
    expect(await atEnd(column)).toBe(true);

    // Its own scroll to the end, then more blocks before that scroll's event is dispatched (a
    // private miner at sixteen nodes adds several a frame): the event finds it short of the end,
    // but the person did not scroll back, and it goes on following.
    await box(column).evaluate((b) => {
      const grow = () => {
        const more = document.createElement('div');
        more.style.height = '300px';
        b.appendChild(more);
      };
      grow();
      b.scrollTop = b.scrollHeight;
      grow();
    });
    await page.waitForTimeout(200);
    await mineOne(page, column);
    expect(await atEnd(column)).toBe(true);
  }, 120_000);
});
