import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainscopeNode, freePort, type Started, startProcess } from '../support/processes';
import { axe, chainHashes, nodeForm, nodeRegion, pageErrors, type Session, said, startSession } from './harness';

/**
 * The built app through `chainscope serve` (its own process: the app and its relay) and real
 * `chainscope node` processes on 127.0.0.1: the page adds one, mines on it, and a simulated node
 * resolves against it and adopts its chain. Every request goes to loopback.
 */
let session: Session;
let serve: Started;
let seedNode: Started;
let referenceNode: Started;
beforeAll(async () => {
  const port = await freePort();
  [session, serve, seedNode, referenceNode] = await Promise.all([
    startSession(),
    startProcess(
      process.execPath,
      ['bin/chainscope.mjs', 'serve', '--port', String(port)],
      /open http:\/\/127\.0\.0\.1:(\d+)\//,
    ),
    // The page starts under the tutorial's seed rule, at 4 zeros.
    chainscopeNode('--proof-rule', 'seed', '--difficulty', '4'),
    chainscopeNode('--proof-rule', 'reference', '--difficulty', '4'),
  ]);
}, 60_000);
afterAll(async () => {
  await session?.close();
  await serve?.stop();
  await seedNode?.stop();
  await referenceNode?.stop();
});

describe('real nodes in the page (Chromium, through the relay)', () => {
  it('adds a chainscope node, mines on it, and a simulated node resolves against it and adopts its chain', async () => {
    const page = await session.newPage({ width: 1280, height: 800 });
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Add real node', exact: true }).click();
    const form = page.getByRole('form', { name: 'Add real node' });
    await form.getByRole('textbox', { name: 'Node URL' }).fill(seedNode.url);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    const host = new URL(seedNode.url).host;
    const real = page.getByRole('region', { name: `Real node ${host}`, exact: true });
    await real.getByText('Reachable').waitFor();
    // Its address whole in its heading, four columns and the dock at 1280 (the "Real node" badge
    // sits on the state's line, where there is room).
    expect(await real.locator('h2').evaluate((h) => h.scrollWidth <= h.clientWidth + 0.5)).toBe(true);
    await real.locator('.state').getByText('Real node').waitFor();

    await real.getByRole('button', { name: 'Mine', exact: true }).click();
    await said(real, 'New Block Forged');
    await expect.poll(() => chainHashes(real, seedNode.url).then((h) => h.length), { timeout: 10_000 }).toBe(2);
    const realChain = await chainHashes(real, seedNode.url);
    // The block tree holds the real node's blocks too, its head marked with its address.
    const tree = page.getByRole('region', { name: 'Block tree' });
    await expect.poll(() => tree.getByText(realChain[1]?.slice(0, 8) ?? '-').count(), { timeout: 10_000 }).toBe(1);
    // What the page shows is what the node serves.
    const served = (await (await fetch(`${seedNode.url}/chain`)).json()) as { length: number };
    expect(served.length).toBe(2);

    const simulated = nodeRegion(page, 'localhost:5000');
    const register = await nodeForm(simulated, 'Register nodes');
    await register.getByRole('textbox', { name: 'Node URLs' }).fill(seedNode.url);
    await register.getByRole('button', { name: 'Register', exact: true }).click();
    await simulated.getByRole('button', { name: 'Resolve', exact: true }).click();
    await said(simulated, 'Our chain was replaced');
    expect(await chainHashes(simulated, 'localhost:5000')).toEqual(realChain);
    // The map draws the real node, and the registration as an arrow to it.
    const map = page.getByRole('region', { name: 'Network map' });
    await map.getByRole('button', { name: `${host} (real node)` }).waitFor();
    // Named as the real node's column and button name it, not by a simulated node's address.
    await map.getByRole('img', { name: `localhost:5000 → ${host}` }).waitFor();
    // The block tree marks its head by its host, with no colon before it (":5001" is a port alone).
    const heads = await page.locator('.tree-heads').allTextContents();
    expect(heads.some((text) => text.split(' ').includes(host))).toBe(true);

    // The real node's HTTP log has each request the page made of it.
    await real.getByRole('button', { name: 'Details', exact: true }).click();
    await real.getByText(/HTTP log/).click();
    await expect.poll(() => real.getByText('GET /mine').count()).toBeGreaterThan(0);
    // The replaced blocks fade out for a moment after the resolve (an animation): checked once gone.
    await simulated.locator('.leaving').waitFor({ state: 'detached' });
    await axe(page, 'a real node beside the simulated ones, its log open');
    expect(pageErrors(page)).toEqual([]);
  }, 90_000);

  it('refuses a simulated node’s address, and says when a chain fails only under the other proof rule', async () => {
    const page = await session.newPage({ width: 1280, height: 800 });
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Add real node', exact: true }).click();
    const form = page.getByRole('form', { name: 'Add real node' });
    await form.getByRole('textbox', { name: 'Node URL' }).fill('http://localhost:5001');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByRole('alert').filter({ hasText: 'is the address of the simulated node localhost:5001' }).waitFor();
    await axe(page, 'the Add real node form with a clash and its offer');
    // The offer: the simulated node moves to a free port, with its chain, and the real one is added.
    await form.getByRole('button', { name: 'Move localhost:5001 to localhost:5003, and add the real node' }).click();
    await nodeRegion(page, 'localhost:5003').waitFor();
    await page.getByRole('region', { name: 'Real node localhost:5001', exact: true }).waitFor();
    expect(await nodeRegion(page, 'localhost:5001').count()).toBe(0);
    await page.getByRole('button', { name: 'Add real node', exact: true }).click();

    await fetch(`${referenceNode.url}/mine`);
    await form.getByRole('textbox', { name: 'Node URL' }).fill(referenceNode.url);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    const real = page.getByRole('region', { name: `Real node ${new URL(referenceNode.url).host}`, exact: true });
    await real.getByRole('note').filter({ hasText: 'its blocks were mined with the reference rule' }).waitFor();

    // Any page can check a pasted GET /chain body, no node asked.
    await page.getByRole('button', { name: 'Add real node', exact: true }).click();
    const paste = page.getByRole('form', { name: 'Check a chain' });
    await paste
      .getByRole('textbox', { name: 'A GET /chain answer, or a list of blocks' })
      .fill(await (await fetch(`${seedNode.url}/chain`)).text());
    await paste.getByRole('button', { name: 'Show and check', exact: true }).click();
    const pasted = page.getByRole('region', { name: 'Pasted chain 1', exact: true });
    await pasted.getByRole('note').filter({ hasText: 'valid_chain: valid (2 blocks)' }).waitFor();
    await axe(page, 'a pasted chain and a real node mined under the other rule');

    // Two real nodes beside each other: each heading keeps its port in view, the host giving way.
    const heading = real.getByRole('heading', { name: new URL(referenceNode.url).host, exact: true });
    expect(
      await heading.evaluate((h2) => {
        const range = document.createRange();
        range.selectNode(h2.lastChild as Node);
        const port = range.getBoundingClientRect();
        return port.width > 10 && port.right <= h2.getBoundingClientRect().right + 0.5;
      }),
    ).toBe(true);
    // A real node's Register form picks among the other real nodes only: it cannot reach a simulated one.
    const register = await nodeForm(real, 'Register nodes');
    const picks = await register.locator('.pick').allTextContents();
    expect(picks).toEqual(['+ localhost:5001']);
    await register.getByRole('button', { name: '+ localhost:5001' }).click();
    await said(real, 'New nodes have been added');
    // Removed by its ×, a column hands the focus to Add real node.
    await real.getByRole('button', { name: `Remove ${new URL(referenceNode.url).host} from the page` }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add real node');
  }, 60_000);
});
