import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeForm, nodeRegion, pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const hashes = (region: Locator, address: string) =>
  region
    .getByRole('list', { name: new RegExp(`^(Chain of|체인:?) ?${address}|${address}`) })
    .first()
    .getByRole('listitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-hash')));

/** The page's clock now: what a later save's time is compared with. */
const clock = (page: Page) => page.evaluate(() => Date.now());

/** Waits until this tab's run is saved after `since` (a moment before the last change). */
async function saved(page: Page, since: number): Promise<void> {
  const asked = since;
  const savedAt = () =>
    page.evaluate(
      () =>
        new Promise<number>((done) => {
          const id = sessionStorage.getItem('chainscope-run');
          const open = indexedDB.open('chainscope');
          // Not saved yet: looking must not make the database (the page's own would then lack its store).
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => done(0);
          open.onsuccess = () => {
            try {
              const get = open.result.transaction('runs').objectStore('runs').get(`meta:${id}`);
              get.onsuccess = () => done((get.result as { savedAt?: number } | undefined)?.savedAt ?? 0);
              get.onerror = () => done(0);
            } catch {
              done(0);
            }
          };
        }),
    );
  await expect.poll(savedAt, { timeout: 10_000 }).toBeGreaterThan(asked);
}

async function mineOn(page: Page, address: string, label = 'Mine'): Promise<void> {
  const region = nodeRegion(page, address);
  const before = (await hashes(region, address)).length;
  await region.getByRole('button', { name: label, exact: true }).click();
  await expect.poll(async () => (await hashes(region, address)).length, { timeout: 30_000 }).toBe(before + 1);
}

describe('runs kept across a reload, in Chromium', () => {
  it('brings back the same chains, settings and language after a reload', async () => {
    const page = await session.newPage();
    await page.getByRole('combobox', { name: 'Link latency' }).selectOption('100');
    await (await nodeForm(nodeRegion(page, 'localhost:5000'), 'Register nodes'))
      .getByRole('button', { name: '+ localhost:5001' })
      .click();
    await mineOn(page, 'localhost:5001');
    await mineOn(page, 'localhost:5001');
    const since = await clock(page);
    // The hash rate measured by the mining: the Difficulty list quotes a block's time here.
    const quoted = () =>
      page
        .getByRole('combobox', { name: /^(Difficulty|난이도)$/ })
        .locator('option')
        .first()
        .textContent();
    await expect.poll(quoted).toContain('a block here');
    await page.getByRole('combobox', { name: /Language/ }).selectOption('ko');
    const before = await Promise.all(
      ['localhost:5000', 'localhost:5001', 'localhost:5002'].map((a) =>
        hashes(page.locator(`section.node[data-address="${a}"]`), a),
      ),
    );
    await saved(page, since);
    await page.reload();
    const n5001 = page.locator('section.node[data-address="localhost:5001"]');
    await expect.poll(async () => (await hashes(n5001, 'localhost:5001')).length, { timeout: 30_000 }).toBe(3);
    const after = await Promise.all(
      ['localhost:5000', 'localhost:5001', 'localhost:5002'].map((a) =>
        hashes(page.locator(`section.node[data-address="${a}"]`), a),
      ),
    );
    expect(after).toEqual(before);
    expect(await page.getByRole('combobox', { name: /Language/ }).inputValue()).toBe('ko');
    expect(await page.getByRole('combobox', { name: '링크 지연' }).inputValue()).toBe('100');
    // The machine's hash rate came back too (it is the machine's, kept apart from the run).
    expect(await quoted()).toMatch(/블록당 약/);
    // 5000's registration came back too.
    expect(await page.locator('section.node[data-address="localhost:5000"] .node-facts').textContent()).toContain(
      '이웃 1',
    );
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps a change made right before a reload, even the first one (saved as the page is left)', async () => {
    const page = await session.newPage();
    const n5000 = nodeRegion(page, 'localhost:5000');
    await mineOn(page, 'localhost:5000');
    const mined = await hashes(n5000, 'localhost:5000');
    // At once: no save of its own accord has come yet (they wait a second and a half).
    await page.reload();
    const again = nodeRegion(page, 'localhost:5000');
    await expect.poll(() => hashes(again, 'localhost:5000'), { timeout: 30_000 }).toEqual(mined);
    // The run reopened as the page loads leaves the focus where a fresh page has it.
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps the whole run when the page is reloaded in the past: it comes back at its end', async () => {
    const page = await session.newPage();
    const n5000 = nodeRegion(page, 'localhost:5000');
    await mineOn(page, 'localhost:5000');
    await mineOn(page, 'localhost:5000');
    const whole = await hashes(n5000, 'localhost:5000');
    // Back to before the second block, by the timeline.
    await page.getByRole('option', { name: /forged block 2/ }).click();
    await expect.poll(async () => (await hashes(n5000, 'localhost:5000')).length, { timeout: 30_000 }).toBe(2);
    await page.getByText(/^In the past/).waitFor();
    await page.waitForTimeout(2_000);
    await page.reload();
    const again = nodeRegion(page, 'localhost:5000');
    await expect.poll(() => hashes(again, 'localhost:5000'), { timeout: 30_000 }).toEqual(whole);
    expect(pageErrors(page)).toEqual([]);
  });

  it('says so when a saved run does not read, starts fresh, and the other saved runs still open', async () => {
    const page = await session.newPage();
    let since = await clock(page);
    await mineOn(page, 'localhost:5002');
    const first = await hashes(nodeRegion(page, 'localhost:5002'), 'localhost:5002');
    await saved(page, since);
    // A second run: the first stays saved.
    await page.getByRole('button', { name: 'New network', exact: true }).click();
    await page.getByRole('button', { name: 'Start a new network' }).click();
    since = await clock(page);
    await mineOn(page, 'localhost:5000');
    await saved(page, since);
    // The run of this tab is damaged in storage, then the tab is reloaded. The page saves its run
    // as it is left, so the damage is done from a page of the tab that saves nothing (a probe).
    const app = page.url();
    await page.goto(`${new URL(app).origin}/?probe`);
    await page.evaluate(async () => {
      const id = sessionStorage.getItem('chainscope-run');
      await new Promise<void>((done, fail) => {
        const open = indexedDB.open('chainscope');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const put = open.result
            .transaction('runs', 'readwrite')
            .objectStore('runs')
            .put('{"format":"nothing"}', `run:${id}`);
          put.onsuccess = () => done();
          put.onerror = () => fail(put.error);
        };
      });
    });
    await page.goto(app);
    await page.getByRole('alert').filter({ hasText: 'does not read' }).waitFor({ timeout: 30_000 });
    expect(await hashes(nodeRegion(page, 'localhost:5002'), 'localhost:5002')).toHaveLength(1);
    // The first run is listed and opens.
    await page.getByRole('button', { name: 'Saved runs', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Saved runs' });
    const open = dialog.getByRole('button', { name: 'Open', exact: true });
    await expect.poll(() => open.count()).toBeGreaterThanOrEqual(2);
    // The oldest is last: the first run.
    await open.last().click();
    await expect
      .poll(() => hashes(nodeRegion(page, 'localhost:5002'), 'localhost:5002'), { timeout: 30_000 })
      .toEqual(first);
  });

  it('deletes a run once asked, even right after a rename, keeps the focus in the list, and Open gives it to Saved runs', async () => {
    const page = await session.newPage();
    const focused = () => page.evaluate(() => document.activeElement?.closest('dialog') !== null);
    // Three runs: two of them not shown, so each has Open and Delete.
    for (let run = 0; run < 3; run++) {
      if (run > 0) {
        await page.getByRole('button', { name: 'New network', exact: true }).click();
        await page.getByRole('button', { name: 'Start a new network' }).click();
      }
      const since = await clock(page);
      await mineOn(page, 'localhost:5000');
      await saved(page, since);
    }
    const button = page.getByRole('button', { name: 'Saved runs', exact: true });
    await button.click();
    const dialog = page.getByRole('dialog', { name: 'Saved runs' });
    const deletes = dialog.getByRole('button', { name: 'Delete', exact: true });
    await expect.poll(() => deletes.count()).toBe(2);
    // A new name typed, then Delete pressed at once: the run goes (the rename does not bring it back).
    await dialog.getByRole('textbox').nth(1).fill('renamed, then deleted');
    await deletes.first().click();
    // Delete asks first, in its row; Keep keeps the run and gives the focus back to Delete.
    await dialog.getByRole('button', { name: 'Keep' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await expect.poll(() => deletes.count()).toBe(2);
    await deletes.first().click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep');
    await dialog.getByText(/^Delete “.*” for good\?$/).waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).first().click();
    await expect.poll(() => deletes.count()).toBe(1);
    expect(await focused()).toBe(true);
    await page.waitForTimeout(500);
    expect(await deletes.count()).toBe(1);
    expect(
      await dialog.getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).not.toContain('renamed, then deleted');
    // Names typed and the dialog closed with Escape (no field left): the names are kept.
    await dialog.getByRole('textbox').first().fill('kept on Escape');
    await dialog.getByRole('textbox').nth(1).fill('this one too');
    await page.keyboard.press('Escape');
    await button.click();
    await expect.poll(() => dialog.getByRole('textbox').first().inputValue()).toBe('kept on Escape');
    expect(await dialog.getByRole('textbox').nth(1).inputValue()).toBe('this one too');
    // Open: the dialog closes, the run replays, and the focus is on Saved runs throughout.
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Saved runs');
    await expect.poll(() => button.getAttribute('aria-disabled'), { timeout: 30_000 }).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Saved runs');
    expect(pageErrors(page)).toEqual([]);
  });

  it('opens the same network from a copied link, in a new tab', async () => {
    const page = await session.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.url });
    await mineOn(page, 'localhost:5001');
    await mineOn(page, 'localhost:5001');
    const before = await hashes(nodeRegion(page, 'localhost:5001'), 'localhost:5001');
    await page.getByRole('button', { name: 'Copy link', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('#run=');
    const other = await session.newPage();
    await other.goto(link);
    const column = nodeRegion(other, 'localhost:5001');
    await expect.poll(() => hashes(column, 'localhost:5001'), { timeout: 30_000 }).toEqual(before);
    // The fragment goes once read: a reload keeps the tab's run, not the link's again.
    expect(new URL(other.url()).hash).toBe('');
    expect(pageErrors(other)).toEqual([]);
  });
});
