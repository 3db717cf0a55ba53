import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/http';
import { exportRun } from '../../src/store/actions';
import { startTestNetwork } from '../support/app-host';
import { pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

/**
 * A run in which localhost:5000 was sent, through the HTTP API (which takes what the reference
 * takes; the page's forms are stricter), 500 neighbours and a transaction with a 10,000-character
 * sender, then resolved against those 500 (all unreachable). Recorded here with in-process nodes;
 * the page replays it with its workers.
 */
async function recordRun(): Promise<string> {
  const sim = startTestNetwork({ proofRule: 'seed', difficulty: 2, resolveRule: 'seed' }, 0);
  const ask = async (request: HttpRequest) => {
    const answered = sim.session.network.command('localhost:5000', request);
    sim.session.wake();
    return (await answered).status;
  };
  const post = (path: string, body: unknown) =>
    ask({ method: 'POST', path, contentType: 'application/json', body: JSON.stringify(body) });
  const nodes = Array.from({ length: 500 }, (_, i) => `node-${i}.example:5000`);
  expect(await post('/nodes/register', { nodes })).toBe(201);
  expect(await post('/transactions/new', { sender: 'x'.repeat(10_000), recipient: 'bob', amount: 5 })).toBe(201);
  expect(await ask({ method: 'GET', path: '/nodes/resolve' })).toBe(200);
  return exportRun(sim);
}

describe('a node with 500 neighbours and a 10,000-character sender, in Chromium', () => {
  it('keeps the page about as tall as a fresh one, each pending transaction on one line', async () => {
    const run = await recordRun();
    const page = await session.newPage();
    const column = page.getByRole('region', { name: 'Node localhost:5000', exact: true });
    await column.waitFor();
    const fresh = await page.evaluate(() => document.documentElement.scrollHeight);

    await page.locator('input[type="file"]').setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(run),
    });
    await page
      .getByRole('dialog', { name: 'Replace the current network?' })
      .getByRole('button', { name: 'Import and replace' })
      .click();
    await column.getByText('500 neighbours').waitFor({ timeout: 60_000 });
    // The lists are in the node's details, which open over its chain.
    await column.getByRole('button', { name: 'Details', exact: true }).click();
    await column.getByRole('button', { name: 'and 496 more' }).waitFor();
    const pending = column.getByRole('list', { name: 'Pending transactions' }).getByRole('listitem');
    await pending.first().waitFor();

    const line = await pending.first().evaluate((item) => Number.parseFloat(getComputedStyle(item).lineHeight));
    expect((await pending.first().boundingBox())?.height).toBeLessThanOrEqual(line * 1.5);
    // Nothing sticks out of the column sideways either.
    expect(await column.evaluate((c) => c.scrollWidth <= c.clientWidth)).toBe(true);
    const tall = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(tall - fresh).toBeLessThan(600);

    // All 500 on demand, in a box that scrolls rather than grows.
    await column.getByRole('button', { name: 'and 496 more' }).click();
    const list = column.getByRole('list', { name: 'Neighbours' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(500);
    expect((await list.boundingBox())?.height).toBeLessThan(300);
    expect((await page.evaluate(() => document.documentElement.scrollHeight)) - fresh).toBeLessThan(900);
    await session.screenshot(page, 'long-lists');
    expect(pageErrors(page)).toEqual([]);
  });
});
