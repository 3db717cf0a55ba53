import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chainHashes,
  cutInTwo,
  LAB,
  nodeForm,
  nodeRegion,
  pageErrors,
  type Session,
  said,
  setBehaviour,
  startSession,
} from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const hashes = chainHashes;
const status = said;

/** A fresh network at difficulty 3 (and the resolve rule given), with `nodes` nodes. */
async function fresh(page: Page, resolveRule = 'seed', nodes = 3): Promise<void> {
  const settings: [string, string][] = [
    ['Difficulty', '3'],
    ['Resolve rule', resolveRule],
  ];
  for (const [name, value] of settings) {
    const select = page.getByRole('combobox', { name, exact: true });
    if ((await select.inputValue()) === value) continue;
    await select.selectOption(value);
    await page.getByRole('button', { name: 'Start a fresh network' }).click();
    await expect.poll(() => select.inputValue()).toBe(value);
  }
  for (let i = 3; i < nodes; i++) await page.getByRole('button', { name: 'Add node', exact: true }).click();
}

async function mine(region: Locator, address: string, blocks: number): Promise<void> {
  const before = (await hashes(region, address)).length;
  for (let i = 1; i <= blocks; i++) {
    await region.getByRole('button', { name: 'Mine', exact: true }).click();
    await expect.poll(async () => (await hashes(region, address)).length, { timeout: 30_000 }).toBe(before + i);
  }
}

/** Presses Resolve and waits for its answer: a new announcement in the node's status (one element per result). */
async function resolve(region: Locator): Promise<void> {
  const said = region.getByRole('status').locator(':scope > span');
  const before = (await said.count()) > 0 ? await said.first().elementHandle() : null;
  await region.getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect
    .poll(
      async () =>
        (await said.count()) > 0 &&
        (await said.first().evaluate((element, old) => element !== old, before)) &&
        /chain/.test((await said.first().textContent()) ?? ''),
      { timeout: 30_000 },
    )
    .toBe(true);
}

async function register(from: Locator, to: string): Promise<void> {
  await (await nodeForm(from, 'Register nodes')).getByRole('button', { name: `+ ${to}` }).click();
  await status(from, 'New nodes have been added');
}

const panel = (region: Locator) => region.getByRole('region', { name: /^Resolve on/ });

describe('nodes that misbehave, in Chromium', () => {
  it('a neighbour that lies about its length wins under the seed rule with one block, and loses under hardened', async () => {
    const page = await session.newPage();
    for (const rule of ['seed', 'hardened']) {
      await fresh(page, rule);
      const n5000 = nodeRegion(page, 'localhost:5000');
      const n5001 = nodeRegion(page, 'localhost:5001');
      await register(n5000, 'localhost:5001');
      await mine(n5000, 'localhost:5000', 2);
      await setBehaviour(n5001, 'lies');
      await status(n5001, 'Lies about its length');
      await resolve(n5000);
      // The panel says what it claims, and what it has.
      await expect.poll(() => panel(n5000).textContent()).toContain('claims 100, has 1');
      if (rule === 'seed') {
        await status(n5000, 'Our chain was replaced');
        expect(await hashes(n5000, 'localhost:5000')).toEqual(await hashes(n5001, 'localhost:5001'));
      } else {
        await status(n5000, 'Our chain is authoritative');
        expect(await hashes(n5000, 'localhost:5000')).toHaveLength(3);
      }
    }
    expect(pageErrors(page)).toEqual([]);
  });

  it('an offline neighbour is waited for and skipped with the reason; a forged chain is refused', async () => {
    const page = await session.newPage();
    await fresh(page);
    const n5000 = nodeRegion(page, 'localhost:5000');
    const n5001 = nodeRegion(page, 'localhost:5001');
    await register(n5000, 'localhost:5001');
    await mine(n5001, 'localhost:5001', 3);
    await setBehaviour(n5001, 'offline');
    await status(n5001, 'Offline');
    await resolve(n5000);
    await expect.poll(() => panel(n5000).textContent(), { timeout: 20_000 }).toContain('skipped');
    expect(await hashes(n5000, 'localhost:5000')).toHaveLength(1);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.textContent()).toContain('lost: a node is offline');

    await setBehaviour(n5001, 'forged');
    await status(n5001, 'Serves a forged chain');
    await resolve(n5000);
    await status(n5000, 'Our chain is authoritative');
    await expect.poll(() => panel(n5000).textContent()).toContain('invalid');
    expect(await panel(n5000).textContent()).toContain('the previous_hash of block 3 is not the hash of block 2');
    expect(await hashes(n5000, 'localhost:5000')).toHaveLength(1);
    // The forged answer is the node's own, byte for byte in its HTTP log: the reward it wrote itself.
    await n5001.getByRole('button', { name: 'Details', exact: true }).click();
    await n5001.locator('.http-log > summary').click();
    await n5001.locator('.http-log details summary').first().click();
    expect(await n5001.locator('.http-log details').first().textContent()).toContain('"amount":1000');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a private miner overtakes, releases, and a payment vanishes from the winning chain', async () => {
    const page = await session.newPage();
    await fresh(page);
    const n5000 = nodeRegion(page, 'localhost:5000');
    const n5001 = nodeRegion(page, 'localhost:5001');
    const n5002 = nodeRegion(page, 'localhost:5002');
    await page.getByRole('button', { name: 'Connect all' }).click();
    await status(n5002, 'New nodes have been added');
    await mine(n5000, 'localhost:5000', 1);
    await resolve(n5001);
    await resolve(n5002);
    await setBehaviour(n5002, 'private');
    // Alice pays bob in the honest chain.
    const form = await nodeForm(n5000, 'New transaction');
    await form.getByRole('textbox', { name: 'Sender' }).fill('alice');
    await form.getByRole('textbox', { name: 'Recipient' }).fill('bob');
    await form.getByRole('textbox', { name: 'Amount' }).fill('5');
    await form.getByRole('button', { name: 'Send' }).click();
    await mine(n5000, 'localhost:5000', 1);
    await resolve(n5001);
    expect(await hashes(n5001, 'localhost:5001')).toEqual(await hashes(n5000, 'localhost:5000'));
    // The attacker mines three blocks it keeps to itself: the others see none of them.
    await mine(n5002, 'localhost:5002', 3);
    await expect.poll(() => n5002.textContent()).toContain('3 blocks kept back');
    await resolve(n5001);
    expect(await hashes(n5001, 'localhost:5001')).toEqual(await hashes(n5000, 'localhost:5000'));
    const release = n5002.getByRole('button', { name: LAB.release, exact: true });
    await release.focus();
    await page.keyboard.press('Enter');
    await status(n5002, 'Released 3 blocks');
    // Released, the node is honest again and the button goes: the focus is on its Behaviour.
    expect(await n5002.getByRole('combobox', { name: 'Behaviour' }).evaluate((s) => s === document.activeElement)).toBe(
      true,
    );
    await resolve(n5001);
    await status(n5001, 'Our chain was replaced');
    expect(await hashes(n5001, 'localhost:5001')).toEqual(await hashes(n5002, 'localhost:5002'));
    await expect.poll(() => panel(n5001).textContent()).toContain('Gone from this chain: "alice" → "bob": 5 (block 3)');
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('partitions and the automatic mode, in Chromium', () => {
  it('forks across a cut, and converges once healed', async () => {
    const page = await session.newPage();
    await fresh(page, 'seed', 4);
    const [n5000, n5001, n5002] = ['localhost:5000', 'localhost:5001', 'localhost:5002'].map((a) =>
      nodeRegion(page, a),
    ) as [Locator, Locator, Locator];
    await page.getByRole('button', { name: 'Connect all' }).click();
    await status(nodeRegion(page, 'localhost:5003'), 'New nodes have been added');
    await cutInTwo(page, ['localhost:5000', 'localhost:5001']);
    const heal = page.getByRole('button', { name: LAB.heal, exact: true });
    await heal.waitFor();
    expect(await page.getByRole('img', { name: 'localhost:5000 → localhost:5002' }).locator('.cut-mark').count()).toBe(
      1,
    );
    await mine(n5000, 'localhost:5000', 1);
    await mine(n5002, 'localhost:5002', 2);
    // 5001 hears only its own side: the longer chain across the cut never arrives.
    await resolve(n5001);
    expect(await hashes(n5001, 'localhost:5001')).toEqual(await hashes(n5000, 'localhost:5000'));
    expect(await page.getByRole('region', { name: 'Timeline' }).textContent()).toContain('lost: the link is cut');
    await heal.focus();
    await page.keyboard.press('Enter');
    await heal.waitFor({ state: 'detached' });
    // The button went with the cut: the focus is on "Partition…" beside it, not on the page.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Partition…');
    await resolve(n5001);
    await status(n5001, 'Our chain was replaced');
    expect(await hashes(n5001, 'localhost:5001')).toEqual(await hashes(n5002, 'localhost:5002'));
    expect(pageErrors(page)).toEqual([]);
  });

  it('lives by itself in automatic mode, each node at its hash power', async () => {
    const page = await session.newPage();
    await fresh(page);
    const n5000 = nodeRegion(page, 'localhost:5000');
    await page.getByRole('button', { name: 'Connect all' }).click();
    await status(nodeRegion(page, 'localhost:5002'), 'New nodes have been added');
    const power = n5000.getByRole('textbox', { name: LAB.hashPower, exact: true });
    await power.fill('abc');
    await power.press('Enter');
    await n5000.getByRole('alert').filter({ hasText: 'Hash power is a whole number' }).waitFor();
    await power.fill('15000');
    await power.press('Enter');
    await expect.poll(() => n5000.locator('.share').textContent()).toBe('60%');
    const auto = page.getByRole('switch', { name: LAB.automatic, exact: true });
    await auto.click();
    // Nobody presses Mine: blocks come by themselves, and the others adopt them.
    await expect
      .poll(
        async () =>
          Math.min(
            ...(await Promise.all(
              ['5000', '5001', '5002'].map(
                async (p) => (await hashes(nodeRegion(page, `localhost:${p}`), `localhost:${p}`)).length,
              ),
            )),
          ),
        { timeout: 60_000 },
      )
      .toBeGreaterThanOrEqual(3);
    await auto.click();
    await expect.poll(() => auto.getAttribute('aria-checked')).toBe('false');
    expect(pageErrors(page)).toEqual([]);
  });
});
