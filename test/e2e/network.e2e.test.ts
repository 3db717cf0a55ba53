import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeForm, pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const node = (page: Page, address: string) => page.getByRole('region', { name: `Node ${address}`, exact: true });

async function chainHashes(column: Locator, address: string): Promise<string[]> {
  const items = column.getByRole('list', { name: `Chain of ${address}`, exact: true }).getByRole('listitem');
  return items.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-hash') ?? ''));
}

async function status(column: Locator, text: string, timeout = 60_000): Promise<void> {
  await column.getByRole('status').filter({ hasText: text }).waitFor({ timeout });
}

async function setDifficulty(page: Page, difficulty: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Difficulty' }).selectOption(difficulty);
  await page.getByRole('button', { name: 'Start a fresh network' }).click();
  await expect.poll(() => page.getByRole('combobox', { name: 'Difficulty' }).inputValue()).toBe(difficulty);
}

describe('the network in Chromium, with real workers', () => {
  it("runs the tutorial's walkthrough: register, transaction, mine, resolve", async () => {
    const page = await session.newPage();
    const n5000 = node(page, 'localhost:5000');
    const n5001 = node(page, 'localhost:5001');
    {
      const form = await nodeForm(n5000, 'Register nodes');
      await form.getByRole('textbox', { name: 'Node URLs' }).fill('http://localhost:5001');
      await form.getByRole('button', { name: 'Register', exact: true }).click();
    }
    await status(n5000, 'New nodes have been added');

    {
      const form = await nodeForm(n5001, 'New transaction');
      await form.getByRole('textbox', { name: 'Sender' }).fill('alice');
      await form.getByRole('textbox', { name: 'Recipient' }).fill('bob');
      await form.getByRole('textbox', { name: 'Amount' }).fill('5');
      await form.getByRole('button', { name: 'Send' }).click();
    }
    await status(n5001, 'Transaction will be added to Block 2');
    await n5001.getByRole('button', { name: 'Mine', exact: true }).click();
    await status(n5001, 'New Block Forged');
    expect(await chainHashes(n5001, 'localhost:5001')).toHaveLength(2);
    expect(await chainHashes(n5000, 'localhost:5000')).not.toEqual(await chainHashes(n5001, 'localhost:5001'));

    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await status(n5000, 'Our chain was replaced');
    // The request and the answer travelled between the nodes, each as a message with the link's latency.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    for (const event of [
      'localhost:5000 sends GET /chain to localhost:5001',
      'message from localhost:5000 reaches localhost:5001',
      'localhost:5001 sends its chain to localhost:5000',
      'message from localhost:5001 reaches localhost:5000',
    ]) {
      // (The timeline redraws a few times a second while the network is busy.)
      await expect.poll(() => timeline.getByText(event).count(), { message: event }).toBe(1);
    }
    const hashes = await chainHashes(n5000, 'localhost:5000');
    expect(hashes).toHaveLength(2);
    expect(hashes).toEqual(await chainHashes(n5001, 'localhost:5001'));
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    await expect.poll(() => n5000.getByText('winner').count()).toBeGreaterThan(0);
    // Every chain's blocks are in view, although one column has a resolve panel above its chain.
    const inView = () =>
      page.evaluate(
        `[...document.querySelectorAll('section.node')].map((s) => [...s.querySelectorAll('.blocks > li')].filter((li) => { const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length)`,
      ) as Promise<number[]>;
    await expect.poll(inView).toEqual([2, 2, 1]);
    // No block is squeezed.
    const blockHeights = (await page.evaluate(
      `[...document.querySelectorAll('.blocks > li')].map((li) => li.getBoundingClientRect().height)`,
    )) as number[];
    expect(Math.max(...blockHeights) - Math.min(...blockHeights)).toBeLessThan(0.5);
    // A block card's labels and swatch are drawn by CSS, before its values.
    const drawn = (await n5000
      .locator('.blocks > li .block-button')
      .first()
      .evaluate((button) =>
        [...button.querySelectorAll('[data-label]'), button].map(
          (e) => getComputedStyle(e, e === button ? '::after' : '::before').content,
        ),
      )) as string[];
    expect(drawn).toEqual(['"hash "', '"proof "', '"previous_hash "', '""']);
    // A screen reader hears each label and value as words of their own.
    // A screen reader hears each label and value as words of their own (here an adopted genesis).
    const genesis = n5000.getByRole('button', { name: /^#1 hash [0-9a-f]{8} from :5001 proof 100 previous_hash 1$/ });
    expect(await genesis.count()).toBe(1);
    await session.screenshot(page, 'tutorial-walkthrough');
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps the page responsive while three nodes mine at once', async () => {
    const page = await session.newPage();
    // Six zeros: about 16 million guesses a block, seconds even for the SIMD kernel.
    await setDifficulty(page, '6');
    const addresses = ['localhost:5000', 'localhost:5001', 'localhost:5002'];
    for (const address of addresses)
      await node(page, address).getByRole('button', { name: 'Mine', exact: true }).click();
    // All three are mining at the same moment, each reporting its own guesses per second.
    await expect
      .poll(
        async () => {
          const states = await Promise.all(addresses.map((a) => node(page, a).locator('.state').textContent()));
          return states.every((s) => /Mining: [\d,]+ guesses tried, [\d,]+ guesses per second/.test(s ?? ''));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    // Meanwhile the page and the mining nodes still answer.
    const n5000 = node(page, 'localhost:5000');
    {
      const form = await nodeForm(n5000, 'New transaction');
      await form.getByRole('textbox', { name: 'Sender' }).fill('carol');
      await form.getByRole('textbox', { name: 'Recipient' }).fill('dave');
      await form.getByRole('textbox', { name: 'Amount' }).fill('2');
      await form.getByRole('button', { name: 'Send' }).click();
    }
    await status(n5000, 'Transaction will be added to Block 2', 10_000);
    expect(await n5000.locator('.state').textContent()).toMatch(/Mining/);
    const frames = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          let count = 0;
          const start = performance.now();
          const step = () => {
            if (performance.now() - start >= 500) return done(count);
            count++;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    expect(frames).toBeGreaterThan(0);
    await session.screenshot(page, 'three-mining');
    for (const address of addresses) await status(node(page, address), 'New Block Forged', 120_000);
    // The transaction sent while mining went into the block being mined, before the reward.
    expect(await n5000.getByRole('listitem').last().textContent()).toContain('2 transactions');
    await session.screenshot(page, 'three-mined');
    expect(pageErrors(page)).toEqual([]);
  });

  it("keeps a message's label inside the map, on the side of its dot away from the nearer edge, at 1024x768", async () => {
    const page = await session.newPage({ width: 1024, height: 768 });
    await node(page, 'localhost:5000').getByRole('button', { name: 'Mine', exact: true }).click();
    await status(node(page, 'localhost:5000'), 'New Block Forged');
    await (await nodeForm(node(page, 'localhost:5001'), 'Register nodes'))
      .getByRole('button', { name: '+ localhost:5000' })
      .click();
    await page.getByRole('switch', { name: 'Step mode' }).click();
    await node(page, 'localhost:5001').getByRole('button', { name: 'Resolve', exact: true }).click();
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const labels = () =>
      page.evaluate(`(() => {
        const box = document.querySelector('.map-box').getBoundingClientRect();
        return [...document.querySelectorAll('.map-message-label')].map((label) => {
          const r = label.getBoundingClientRect();
          return r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
        });
      })()`) as Promise<boolean[]>;
    let seen = 0;
    for (let i = 0; i < 8; i++) {
      await expect.poll(() => step.getAttribute('aria-disabled')).toBeNull();
      const shown = await labels();
      expect(shown.every(Boolean), `step ${i}`).toBe(true);
      seen += shown.length;
      await step.click();
    }
    // The request and the answer were both on their way at some step.
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  it('finds its own chain authoritative when no neighbour has a longer one', async () => {
    const page = await session.newPage({ width: 1920, height: 1080 });
    const n5000 = node(page, 'localhost:5000');
    await n5000.getByRole('button', { name: 'Mine', exact: true }).click();
    await status(n5000, 'New Block Forged');
    await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
    await status(n5000, 'New nodes have been added');
    const before = await chainHashes(n5000, 'localhost:5000');
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await status(n5000, 'Our chain is authoritative');
    expect(await chainHashes(n5000, 'localhost:5000')).toEqual(before);
    await expect.poll(() => n5000.getByText('claims 1, has 1 · not longer than 2').count()).toBe(1);
    await session.screenshot(page, 'authoritative-1920');
    expect(pageErrors(page)).toEqual([]);
  });

  it('tells the same story without movement when the person prefers reduced motion', async () => {
    const page = await session.newPage({ reducedMotion: true });
    const n5000 = node(page, 'localhost:5000');
    await node(page, 'localhost:5001').getByRole('button', { name: 'Mine', exact: true }).click();
    await status(node(page, 'localhost:5001'), 'New Block Forged');
    await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
    await status(n5000, 'New nodes have been added');
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await status(n5000, 'Our chain was replaced');
    const arrived = n5000.locator('.block.arrived').first();
    await arrived.waitFor();
    expect(await arrived.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
    expect(await n5000.locator('.block-badge', { hasText: 'from :5001' }).count()).toBeGreaterThan(0);
    expect(await n5000.getByText('replaced', { exact: true }).count()).toBeGreaterThan(0);
    await session.screenshot(page, 'reduced-motion');
  });

  it('works in Korean', async () => {
    const page = await session.newPage();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    const n5001 = page.getByRole('region', { name: '노드 localhost:5001', exact: true });
    await n5001.getByRole('button', { name: '채굴', exact: true }).click();
    await n5001.getByRole('status').filter({ hasText: '새 블록이 생성되었습니다' }).waitFor({ timeout: 60_000 });
    const n5000 = page.getByRole('region', { name: '노드 localhost:5000', exact: true });
    await (await nodeForm(n5000, '노드 등록')).getByRole('button', { name: '+ localhost:5001' }).click();
    await n5000.getByRole('button', { name: '합의', exact: true }).click();
    await n5000.getByRole('status').filter({ hasText: '우리 체인이 교체되었습니다' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    await session.screenshot(page, 'korean');
    expect(pageErrors(page)).toEqual([]);
  });
});
