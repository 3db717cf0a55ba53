import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, nodeForm, pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const SIZES = [
  [1024, 768],
  [1280, 800],
  [1920, 1080],
] as const;

const WORDS = {
  en: { node: 'Node', mine: 'Mine', resolve: 'Resolve', register: 'Register nodes', chain: 'Chain of', step: 'Step' },
  ko: { node: '노드', mine: '채굴', resolve: '합의', register: '노드 등록', chain: '체인:', step: '단계' },
} as const;
type Language = keyof typeof WORDS;

async function open(width: number, height: number, language: Language): Promise<Page> {
  const page = await session.newPage({ width, height, reducedMotion: true });
  await page.locator('section.node').first().waitFor();
  if (language === 'ko') await page.getByRole('combobox', { name: /Language/ }).selectOption('ko');
  return page;
}

const region = (page: Page, language: Language, port: number) =>
  page.getByRole('region', { name: `${WORDS[language].node} localhost:${port}`, exact: true });

/**
 * For each node's chain: how many of its newest five blocks (all, for a shorter chain) are in
 * the window, whole, and not covered; and how many that should be. Nothing is scrolled first.
 */
async function newestInView(page: Page): Promise<{ shown: number; wanted: number }[]> {
  return (await page.evaluate(`[...document.querySelectorAll('section.node')].map((column) => {
    const blocks = [...column.querySelectorAll('.blocks > li')];
    const newest = blocks.slice(-5);
    const shown = newest.filter((li) => {
      const r = li.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth || r.height === 0) return false;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top !== null && li.contains(top);
    }).length;
    return { shown, wanted: Math.min(5, Number(column.querySelector('.blocks')?.getAttribute('data-length') ?? newest.length)) };
  })`)) as { shown: number; wanted: number }[];
}

async function expectNewestInView(page: Page, what: string): Promise<void> {
  await expect
    .poll(async () => (await newestInView(page)).every(({ shown, wanted }) => shown === wanted), {
      message: `${what}: ${JSON.stringify(await newestInView(page))}`,
      timeout: 10_000,
    })
    .toBe(true);
}

/** The run as Export run downloads it. */
async function exported(page: Page): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run', exact: true }).click();
  return readFileSync(await (await download).path(), 'utf8');
}

async function mined(column: Locator, language: Language, blocks: number): Promise<void> {
  for (let i = 0; i < blocks; i++) {
    const before = await column.locator('.blocks > li').count();
    await column.getByRole('button', { name: WORDS[language].mine, exact: true }).click();
    await expect.poll(() => column.locator('.blocks > li').count(), { timeout: 60_000 }).toBeGreaterThan(before);
  }
}

describe('the stage: the chains in view at classroom sizes', () => {
  for (const [width, height] of SIZES) {
    for (const language of ['en', 'ko'] as const) {
      it(`keeps the newest five blocks of every chain in view at ${width}x${height} in ${language}, through the walkthrough and a fork`, async () => {
        const page = await open(width, height, language);
        const words = WORDS[language];
        const [n5000, n5001, n5002] = [5000, 5001, 5002].map((port) => region(page, language, port)) as Locator[];
        await expectNewestInView(page, 'first load');
        // The tutorial's walkthrough: register, mine, resolve.
        const form = await nodeForm(n5000 as Locator, words.register);
        await form.getByRole('button', { name: '+ localhost:5001' }).click();
        await expectNewestInView(page, 'after registering');
        await mined(n5001 as Locator, language, 2);
        await expectNewestInView(page, 'after mining');
        await (n5000 as Locator).getByRole('button', { name: words.resolve, exact: true }).click();
        await expect.poll(() => (n5000 as Locator).locator('.blocks > li').count(), { timeout: 60_000 }).toBe(3);
        await expectNewestInView(page, 'after a resolve');
        // A fork of a dozen blocks, of unequal lengths.
        await mined(n5001 as Locator, language, 9);
        await mined(n5002 as Locator, language, 6);
        await mined(n5000 as Locator, language, 2);
        await session.screenshot(page, `stage-${width}-${language}-fork`);
        await expectNewestInView(page, 'with a fork of a dozen blocks');
        expect(pageErrors(page)).toEqual([]);
      });
    }
  }

  for (const [width, height] of SIZES.slice(0, 2)) {
    it(`puts three whole columns beside the map in presentation mode at ${width}x${height}`, async () => {
      const page = await open(width, height, 'en');
      await page.getByRole('switch', { name: 'Presentation mode' }).click();
      await mined(region(page, 'en', 5001), 'en', 2);
      const columns = await page.evaluate(`(() => {
        const area = document.querySelector('#chains').getBoundingClientRect();
        return [...document.querySelectorAll('section.node')].map((c) => {
          const r = c.getBoundingClientRect();
          return r.left >= area.left && r.right <= area.right + 0.5 && r.bottom <= innerHeight;
        });
      })()`);
      expect(columns).toEqual([true, true, true]);
      const map = await page.getByRole('region', { name: 'Network map' }).boundingBox();
      expect(map && map.x + map.width <= width && map.height > 200).toBe(true);
      await expectNewestInView(page, 'presentation mode');
      await session.screenshot(page, `stage-presenting-${width}`);
    });
  }

  it('shows sixteen nodes as narrow columns, each block with its whole short hash, the scroll bar in view', async () => {
    const page = await open(1280, 800, 'en');
    for (let i = 3; i < 16; i++) await page.getByRole('button', { name: 'Add node', exact: true }).click();
    await expect.poll(() => page.locator('section.node').count()).toBe(16);
    await mined(region(page, 'en', 5015), 'en', 2);
    // The strip of columns scrolls sideways, and its bottom (where the scroll bar is) is on the first screen.
    const strip = (await page.evaluate(`(() => {
      const area = document.querySelector('#chains');
      return { scrolls: area.scrollWidth > area.clientWidth, bottom: area.getBoundingClientRect().bottom };
    })()`)) as { scrolls: boolean; bottom: number };
    expect(strip.scrolls && strip.bottom <= 800).toBe(true);
    // Every node of the crowded map inside it (the top one's pill was cut at its edge).
    const outside = await page.evaluate(`(() => {
      const plane = document.querySelector('.network-map svg').getBoundingClientRect();
      return [...document.querySelectorAll('[data-map-node]')]
        .map((n) => [n.textContent, n.getBoundingClientRect()])
        .filter(([, r]) => r.top < plane.top - 0.5 || r.bottom > plane.bottom + 0.5)
        .map(([text]) => text);
    })()`);
    expect(outside).toEqual([]);
    await region(page, 'en', 5015).scrollIntoViewIfNeeded();
    // In a column this narrow the labels take no room, so the eight characters of each hash show...
    const hashes = (await region(page, 'en', 5015)
      .locator('.blocks .block-hash')
      .evaluateAll((codes) =>
        codes.map((c) => [
          c.textContent,
          c.parentElement && c.getBoundingClientRect().right <= c.parentElement.getBoundingClientRect().right + 0.5,
        ]),
      )) as [string, boolean][];
    expect(hashes.length).toBe(3);
    for (const [text, whole] of hashes) expect(text?.length === 8 && whole).toBe(true);
    // The block tree follows the newest block down to its row, far below the first ones.
    const newest = await region(page, 'en', 5015).locator('li[data-hash]').last().getAttribute('data-hash');
    await expect
      .poll(() =>
        page.evaluate((hash) => {
          const scroll = document.querySelector('.tree-scroll') as HTMLElement;
          const block = [...scroll.querySelectorAll('.tree-block code')].find((code) =>
            hash?.startsWith(code.textContent ?? '-'),
          );
          if (!block) return 'not drawn';
          const box = scroll.getBoundingClientRect();
          const at = block.getBoundingClientRect();
          return at.top >= box.top && at.bottom <= box.bottom && at.left >= box.left && at.right <= box.right
            ? 'in view'
            : 'out of view';
        }, newest),
      )
      .toBe('in view');
    // ...and the labels stay in each card's accessible name.
    expect(
      await region(page, 'en', 5015)
        .getByRole('button', { name: /^#3 hash [0-9a-f]{8} proof \d+ prev [0-9a-f]{8}$/ })
        .count(),
    ).toBe(1);
    await session.screenshot(page, 'stage-sixteen-1280');
  });

  it("keeps the chain window's buttons at the strip's left edge while sixteen columns scroll sideways", async () => {
    const page = await open(1280, 800, 'en');
    await page.getByRole('combobox', { name: 'Difficulty' }).selectOption('1');
    await page.getByRole('button', { name: 'Start a fresh network' }).click();
    for (let i = 3; i < 16; i++) await page.getByRole('button', { name: 'Add node', exact: true }).click();
    const last = region(page, 'en', 5015);
    await last.getByRole('switch', { name: 'Mine continuously' }).click();
    const earlier = page.getByRole('button', { name: 'Earlier blocks' });
    await earlier.waitFor({ timeout: 60_000 });
    await last.getByRole('switch', { name: 'Mine continuously' }).click();
    await last.scrollIntoViewIfNeeded();
    expect(await page.evaluate(`document.querySelector('#chains').scrollLeft`)).toBeGreaterThan(1000);
    const box = await earlier.boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 1280).toBe(true);
  });

  for (const language of ['en', 'ko'] as const) {
    it(`shows all sixteen columns at once in the overview at 1024x768 in ${language}, each height whole`, async () => {
      const page = await open(1024, 768, language);
      const overview = page.getByRole('switch', { name: language === 'en' ? 'Overview' : '한눈에 보기' });
      expect(await overview.count()).toBe(0);
      await page.getByRole('combobox', { name: language === 'en' ? 'Difficulty' : '난이도' }).selectOption('1');
      await page
        .getByRole('button', { name: language === 'en' ? 'Start a fresh network' : '새 네트워크 시작' })
        .click();
      const add = page.getByRole('button', { name: language === 'en' ? 'Add node' : '노드 추가', exact: true });
      for (let i = 3; i < 16; i++) await add.click();
      const first = region(page, language, 5000);
      // A hundred blocks: heights of three digits, the widest an overview's card shows.
      const continuous = first.getByRole('switch', { name: language === 'en' ? 'Mine continuously' : '계속 채굴' });
      await continuous.click();
      await expect
        .poll(() => first.locator('.blocks').getAttribute('data-length'), { timeout: 90_000 })
        .toMatch(/^(1\d\d|[2-9]\d\d)$/);
      await continuous.click();
      const strip = `(() => { const a = document.querySelector('#chains'); return a.scrollWidth > a.clientWidth + 1; })()`;
      expect(await page.evaluate(strip)).toBe(true);

      await overview.click();
      expect(await overview.getAttribute('aria-checked')).toBe('true');
      expect(await page.evaluate(strip)).toBe(false);
      const measure = async () =>
        (await page.evaluate(`[...document.querySelectorAll('section.node')].map((column) => {
        const r = column.getBoundingClientRect();
        const cards = [...column.querySelectorAll('.blocks > li')].slice(-3);
        return {
          inView: r.left >= 0 && r.right <= innerWidth && r.width > 0,
          heights: cards.every((li) => { const i = li.querySelector('.block-index'); return i.scrollWidth <= i.clientWidth + 0.5; }),
          hashRoom: cards.every((li) => li.querySelector('.block-text').clientWidth >= 24),
          port: column.querySelector('h2').scrollWidth <= column.querySelector('h2').clientWidth + 0.5,
        };
      })`)) as { inView: boolean; heights: boolean; hashRoom: boolean; port: boolean }[];
      const unfit = async () => (await measure()).filter((c) => !(c.inView && c.heights && c.hashRoom && c.port));
      expect(await measure()).toHaveLength(16);
      expect(await unfit()).toEqual([]);
      // In presentation mode too (F): its larger cards are not the overview's.
      await page.keyboard.press('f');
      expect(await unfit()).toEqual([]);
      await expectNewestInView(page, 'overview in presentation mode');
      await page.keyboard.press('f');
      // The cards and the headings keep their whole names for screen readers.
      expect(await first.getByRole('heading', { name: 'localhost:5000' }).count()).toBe(1);
      expect(
        await first.getByRole('button', { name: /^#\d{3} \S+ [0-9a-f]{8} .*\d+ .*[0-9a-f]{8}$/ }).count(),
      ).toBeGreaterThan(0);
      await expectNewestInView(page, 'overview');
      await axe(page, `the overview, in ${language}`);
      await session.screenshot(page, `stage-overview-1024-${language}`);

      await page.keyboard.press('o');
      expect(await overview.getAttribute('aria-checked')).toBe('false');
      expect(await page.evaluate(strip)).toBe(true);
      await page.keyboard.press('Shift+Slash');
      const keys = page.getByRole('dialog', { name: language === 'en' ? 'Keyboard shortcuts' : '키보드 단축키' });
      expect(await keys.textContent()).toContain(
        language === 'en' ? 'OOverview of all nodes on or off' : 'O모든 노드 한눈에 보기 켜기/끄기',
      );
    });
  }

  it('gives the focus back to a setting after its confirmation, either answer, and to Mine after Got it', async () => {
    const page = await open(1280, 800, 'en');
    const active = () =>
      page.evaluate(
        `document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.labels?.[0]?.textContent ?? document.activeElement?.textContent`,
      );
    await page.getByRole('button', { name: 'Got it' }).click();
    expect(await active()).toBe('Mine');
    for (const [setting, value, answer] of [
      ['Difficulty', '2', 'Cancel'],
      ['Proof rule', 'reference', 'Start a fresh network'],
      ['Genesis', 'shared', 'Start a fresh network'],
    ] as const) {
      const select = page.getByRole('combobox', { name: setting });
      await select.focus();
      await select.selectOption(value);
      await page.getByRole('dialog').getByRole('button', { name: answer }).click();
      await expect.poll(active, { message: `${setting}, ${answer}` }).toBe(setting);
    }
  });

  it("shows a node's neighbours whole in its Details at 1024x768", async () => {
    const page = await open(1024, 768, 'en');
    const n5001 = region(page, 'en', 5001);
    for (const port of [5000, 5002]) {
      await (await nodeForm(n5001, 'Register nodes')).getByRole('button', { name: `+ localhost:${port}` }).click();
    }
    await n5001.getByRole('button', { name: 'Details', exact: true }).click();
    const shown = () =>
      n5001.locator('.facts code').evaluateAll((codes) =>
        codes.map((c) => {
          // Whole: the item that holds it cuts nothing, and it has a name's width.
          const box = (c.closest('li') ?? c.parentElement) as HTMLElement;
          return [c.textContent, box.scrollWidth <= box.clientWidth + 0.5 && c.getBoundingClientRect().width > 80];
        }),
      );
    await expect.poll(shown).toEqual([
      ['localhost:5000', true],
      ['localhost:5002', true],
    ]);
  });

  it('shows the Algorithm panel with its current line beside the chains in the middle of a resolve, at 1280x800', async () => {
    const page = await open(1280, 800, 'en');
    const n5000 = region(page, 'en', 5000);
    const n5001 = region(page, 'en', 5001);
    await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
    await mined(n5001, 'en', 3);
    await page.getByRole('switch', { name: 'Step mode' }).click();
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    const algorithm = page.getByRole('region', { name: 'Algorithm' });
    // Into the resolve: its request is sent, delivered, answered, and the checks begin.
    for (let i = 0; i < 8; i++) {
      const step = page.getByRole('button', { name: 'Step', exact: true });
      await expect.poll(() => step.getAttribute('aria-disabled')).toBeNull();
      await step.click();
    }
    const current = algorithm.locator('[aria-current="step"]');
    await current.waitFor();
    const box = await current.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 800 && box.x + box.width <= 1280).toBe(true);
    await expectNewestInView(page, 'step mode, in the middle of a resolve');
    await session.screenshot(page, 'stage-step-1280');
    await axe(page, 'step mode with the Algorithm panel');
    // To the end of the resolve, the current line stays inside the panel's visible part.
    const lineInPanel = () =>
      page.evaluate(`(() => {
        const panel = document.querySelector('section.algorithm');
        const line = panel && panel.querySelector('[aria-current="step"]');
        if (!line) return true;
        const room = panel.getBoundingClientRect();
        const at = line.getBoundingClientRect();
        // Whole: not cut at the panel's side either; and the values it looks at in view with it.
        const values = panel.querySelector('.algo-values');
        const seen = !values || (values.getBoundingClientRect().top >= room.top - 0.5 && values.getBoundingClientRect().bottom <= room.bottom + 0.5);
        return at.top >= room.top - 0.5 && at.bottom <= room.bottom + 0.5 && line.scrollWidth <= line.clientWidth + 0.5 && seen;
      })()`) as Promise<boolean>;
    const step = page.getByRole('button', { name: 'Step', exact: true });
    const nothing = page.getByText('Nothing to step: give a node a command.');
    let steps = 8;
    for (; steps < 60; steps++) {
      await expect
        .poll(async () => (await step.getAttribute('aria-disabled')) === null || (await nothing.count()) > 0)
        .toBe(true);
      if ((await nothing.count()) > 0) break;
      await step.click();
      await expect.poll(lineInPanel, { message: `the current line after step ${steps + 1}` }).toBe(true);
    }
    // The resolve was stepped to its end.
    expect(steps).toBeGreaterThan(12);
    await n5000.getByRole('status').filter({ hasText: 'Our chain was replaced' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('the network map and the block tree', () => {
  it('draws an arrow for each registration, by the address of the node reached, and one to nowhere', async () => {
    const page = await open(1280, 800, 'en');
    const n5000 = region(page, 'en', 5000);
    const form = await nodeForm(n5000, 'Register nodes');
    await form.getByRole('textbox', { name: 'Node URLs' }).fill('http://127.0.0.1:5001, http://localhost:5009');
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    const map = page.getByRole('region', { name: 'Network map' });
    await map.getByRole('img', { name: 'localhost:5000 → localhost:5001' }).waitFor();
    await map.getByRole('img', { name: 'localhost:5000 → localhost:5009 (no node there)' }).waitFor();
    expect(await map.getByRole('img', { name: /localhost:5001 →/ }).count()).toBe(0);
    // Connect all: every node registers every other, one way each.
    await map.getByRole('button', { name: 'Connect all' }).click();
    for (const [from, to] of [
      [5001, 5000],
      [5001, 5002],
      [5002, 5000],
      [5002, 5001],
      [5000, 5002],
    ]) {
      await map.getByRole('img', { name: `localhost:${from} → localhost:${to}` }).waitFor();
    }
    // A node's button selects its column.
    await map.getByRole('button', { name: 'localhost:5002', exact: true }).click();
    await expect.poll(() => region(page, 'en', 5002).getAttribute('class')).toContain('selected');
    expect(pageErrors(page)).toEqual([]);
  });

  it('registers by dragging from one node to another', async () => {
    const page = await open(1280, 800, 'en');
    const map = page.getByRole('region', { name: 'Network map' });
    const from = await map.getByRole('button', { name: 'localhost:5001', exact: true }).boundingBox();
    const to = await map.getByRole('button', { name: 'localhost:5002', exact: true }).boundingBox();
    if (!from || !to) throw new Error('the map has no nodes');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await map.getByRole('img', { name: 'localhost:5001 → localhost:5002' }).waitFor();
  });

  it('draws every block once, merged by hash, with each head marked, after a fork and a resolve', async () => {
    const page = await open(1280, 800, 'en');
    await page.getByRole('combobox', { name: 'Genesis' }).selectOption('shared');
    await page.getByRole('button', { name: 'Start a fresh network' }).click();
    const [n5000, n5001, n5002] = [5000, 5001, 5002].map((port) => region(page, 'en', port)) as Locator[];
    await mined(n5000 as Locator, 'en', 1);
    await mined(n5001 as Locator, 'en', 2);
    await mined(n5002 as Locator, 'en', 1);
    const tree = page.getByRole('region', { name: 'Block tree' });
    const hashes = async (column: Locator) =>
      (await column
        .locator('.blocks > li')
        .evaluateAll((items) => items.map((li) => li.getAttribute('data-hash') ?? ''))) as string[];
    const all = new Set([
      ...(await hashes(n5000 as Locator)),
      ...(await hashes(n5001 as Locator)),
      ...(await hashes(n5002 as Locator)),
    ]);
    // One shared genesis, and the four mined blocks: five blocks, each once.
    expect(all.size).toBe(5);
    await expect.poll(() => tree.getByRole('listitem').count(), { timeout: 5_000 }).toBe(5);
    for (const hash of all) expect(await tree.getByText(hash.slice(0, 8), { exact: true }).count()).toBe(1);
    for (const port of [5000, 5001, 5002])
      await tree
        .getByText(new RegExp(`localhost:${port}`))
        .first()
        .waitFor();
    // localhost:5000 resolves against 5001's longer chain: its own block is then off every chain.
    await (await nodeForm(n5000 as Locator, 'Register nodes'))
      .getByRole('button', { name: '+ localhost:5001' })
      .click();
    const lost = (await hashes(n5000 as Locator)).at(-1) as string;
    await (n5000 as Locator).getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect
      .poll(async () => (await hashes(n5000 as Locator)).at(-1), { timeout: 60_000 })
      .toBe((await hashes(n5001 as Locator)).at(-1));
    const off = tree.getByRole('listitem').filter({ hasText: lost.slice(0, 8) });
    await expect.poll(() => off.textContent(), { timeout: 5_000 }).toContain('off every chain');
    // The tree's plane is as wide as what it draws, heads' addresses included: a few pixels more
    // set a short tree scrolling, its first blocks' addresses cut at the left edge.
    const spare = await page.evaluate(`(() => {
      const plane = document.querySelector('.tree-plane').getBoundingClientRect();
      const drawn = [...document.querySelectorAll('.tree-block, .tree-heads')].map((e) => e.getBoundingClientRect().right);
      return plane.right - Math.max(...drawn);
    })()`);
    expect(spare).toBeGreaterThanOrEqual(-0.5);
    expect(spare).toBeLessThan(8);
    await session.screenshot(page, 'block-tree');
    await axe(page, 'after a resolve');
    expect(pageErrors(page)).toEqual([]);
  });
});

describe('keyboard and screen readers', () => {
  it('keeps the focus where it was after Mine, Resolve, closing a dialog and choosing a timeline entry', async () => {
    const page = await open(1280, 800, 'en');
    const n5000 = region(page, 'en', 5000);
    const focused = () => page.evaluate('document.activeElement?.textContent ?? ""') as Promise<string>;
    const onBody = () => page.evaluate('document.activeElement === document.body') as Promise<boolean>;
    await n5000.getByRole('button', { name: 'Mine', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => n5000.locator('.blocks > li').count(), { timeout: 60_000 }).toBe(2);
    expect(await onBody()).toBe(false);
    expect(await focused()).toBe('Mine');
    const resolveButton = n5000.getByRole('button', { name: 'Resolve', exact: true });
    // Off until the node has settled after its block.
    await expect.poll(() => resolveButton.getAttribute('aria-disabled')).toBeNull();
    await resolveButton.focus();
    await page.keyboard.press('Enter');
    await n5000.getByRole('status').filter({ hasText: 'Our chain is authoritative' }).waitFor({ timeout: 30_000 });
    expect(await focused()).toBe('Resolve');
    // A dialog gives the focus back to what opened it.
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await axe(page, 'a dialog open');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toContain('Keyboard shortcuts');
    // The timeline is one Tab stop: the arrow keys move through it, Enter shows the moment.
    const listbox = page.getByRole('region', { name: 'Timeline' }).getByRole('listbox');
    await listbox.focus();
    // From the newest entry, a few up: a moment before the resolve ended.
    await page.keyboard.press('End');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => listbox.locator('.future').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await onBody()).toBe(false);
    // The entry chosen stays in view as step mode's panels take room from the list.
    const chosenInView = `(() => {
      const box = document.querySelector('.timeline-box').getBoundingClientRect();
      const entry = document.querySelector('.timeline-box .tl-entry.active')?.getBoundingClientRect();
      return !!entry && entry.top >= box.top - 1 && entry.bottom <= box.bottom + 1;
    })()`;
    await page.waitForTimeout(500);
    await expect.poll(() => page.evaluate(chosenInView), { timeout: 5_000 }).toBe(true);
    expect(await page.evaluate('document.activeElement?.getAttribute("role")')).toBe('listbox');
    // Import run: a file chosen, the dialog asks, and through the replay and after it the focus
    // is on Import run (off while the replay runs, not disabled).
    const importButton = page.getByRole('button', { name: 'Import run', exact: true });
    // Export run and Import run are off while the jump above is replayed.
    await expect.poll(() => importButton.getAttribute('aria-disabled')).toBeNull();
    const run = await exported(page);
    await importButton.focus();
    // The file as the chooser that Import run opens gives it (waiting for the chooser itself
    // timed out in about half of the full runs of this file, never in a run of this test alone).
    await page.locator('input[type="file"]').setInputFiles({
      name: 'run.json',
      mimeType: 'application/json',
      buffer: Buffer.from(run),
    });
    const ask = page.getByRole('dialog', { name: 'Replace the current network?' });
    const columnTop = () => n5000.evaluate((column) => column.getBoundingClientRect().top);
    const before = await columnTop();
    await ask.getByRole('button', { name: 'Import and replace' }).click();
    await page.getByText(/^Run imported: \d+ steps replayed/).waitFor({ timeout: 30_000 });
    // What the import says is shown over the page: the chains do not move down.
    expect(await columnTop()).toBe(before);
    expect(await onBody()).toBe(false);
    expect(await focused()).toBe('Import run');
    expect(pageErrors(page)).toEqual([]);
  });

  it("keeps a timeline entry chosen at the list's lower edge in view as the jump's step mode takes room from it", async () => {
    const page = await open(1280, 800, 'en');
    const n5000 = region(page, 'en', 5000);
    await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
    for (const port of [5001, 5002, 5001]) await mined(region(page, 'en', port), 'en', 1);
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await n5000.getByRole('status').filter({ hasText: 'Our chain was replaced' }).waitFor({ timeout: 30_000 });
    const listbox = page.getByRole('region', { name: 'Timeline' }).getByRole('listbox');
    await listbox.focus();
    await page.keyboard.press('Home');
    const rows = await listbox.evaluate((box) => Math.floor(box.clientHeight / 26));
    for (let i = 0; i < rows - 1; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => listbox.locator('.future').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    const chosenInView = `(() => {
      const box = document.querySelector('.timeline-box').getBoundingClientRect();
      const entry = document.querySelector('.timeline-box .tl-entry.active')?.getBoundingClientRect();
      return !!entry && entry.top >= box.top - 1 && entry.bottom <= box.bottom + 1;
    })()`;
    await expect.poll(() => page.evaluate(chosenInView), { timeout: 5_000 }).toBe(true);
    expect(pageErrors(page)).toEqual([]);
  });

  it('gives the focus back after the block dialog, its editor, a shortcut dialog and a lesson start', async () => {
    const page = await open(1280, 800, 'en');
    const n5000 = region(page, 'en', 5000);
    const focused = () =>
      page.evaluate(
        '(() => { const a = document.activeElement; return a === document.body ? "BODY" : (a.getAttribute("aria-label") || a.textContent || a.tagName).trim(); })()',
      ) as Promise<string>;
    await mined(n5000, 'en', 1);
    const card = n5000.locator('.blocks > li').nth(1).getByRole('button');
    await card.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Details of block 2' });
    await dialog.waitFor();
    // Edit block gives way to its form: the focus goes to the first field, and back after Cancel.
    await dialog.getByRole('button', { name: 'Edit block' }).click();
    expect(await page.evaluate('document.activeElement?.id')).toBe(await dialog.getByLabel('Proof').getAttribute('id'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(focused).toBe('Edit block');
    await page.keyboard.press('Escape');
    await expect.poll(focused).toMatch(/^#2 /);
    // A dialog opened by its shortcut gives the focus back to where the key was pressed.
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).focus();
    await page.keyboard.press('Shift+Slash');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(focused).toBe('Resolve');
    // A lesson started from the Lessons dialog: the focus goes to its Next, and stays there when pressed.
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.getByRole('dialog', { name: 'Lessons' }).getByRole('button').first().click();
    const lesson = page.getByRole('region', { name: 'Lesson' });
    await lesson.waitFor();
    await expect.poll(focused).toBe('Next');
    await lesson.getByRole('button', { name: 'Do it for me' }).click();
    await expect.poll(focused).toBe('Do it for me');
    expect(pageErrors(page)).toEqual([]);
  });

  it('has shortcuts by physical key that never fire while typing, and a skip link to the chains', async () => {
    const page = await open(1280, 800, 'en');
    const n5001 = region(page, 'en', 5001);
    // 2 selects localhost:5001, M mines on it.
    await page.keyboard.press('Digit2');
    await expect.poll(() => n5001.getAttribute('class')).toContain('selected');
    // Heard too: a polite live region says which node is chosen.
    await page.getByText('localhost:5001 selected: M mines and R resolves on it').waitFor({ state: 'attached' });
    await page.keyboard.press('KeyM');
    await expect.poll(() => n5001.locator('.blocks > li').count(), { timeout: 60_000 }).toBe(2);
    // Typing "m" in a field mines nothing.
    const form = await nodeForm(n5001, 'New transaction');
    await form.getByRole('textbox', { name: 'Sender' }).pressSequentially('mmm');
    await page.waitForTimeout(300);
    expect(await n5001.locator('.blocks > li').count()).toBe(2);
    await page.keyboard.press('Escape');
    // Nothing fires behind a dialog (here a confirmation).
    await page.getByRole('button', { name: 'New network', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Start a new network?' });
    await confirm.waitFor();
    await page.keyboard.press('KeyM');
    await page.keyboard.press('KeyT');
    await page.waitForTimeout(300);
    expect(await n5001.locator('.blocks > li').count()).toBe(2);
    expect(await page.getByRole('switch', { name: 'Step mode' }).getAttribute('aria-checked')).toBe('false');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    // ? opens the list of shortcuts.
    await page.locator('body').press('Shift+Slash');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    // The focus is back where "?" was pressed (New network, which the confirmation gave it back to).
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('New network');
    // The skip link is the first Tab stop of the page and goes to the chains.
    await page.reload();
    await page.locator('section.node').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the chains' });
    expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('chains');
  });

  it('keeps the focus on the page when F or O folds away the control that had it, and between Play and Pause; refuses O in a lesson', async () => {
    const page = await open(1280, 800, 'en');
    const n5001 = region(page, 'en', 5001);
    const inColumn = `(() => { const a = document.activeElement; return a !== document.body && a.closest('section.node')?.dataset.address; })()`;
    // F from a node's Details (presentation mode folds it away): the focus stays in that column.
    await n5001.getByRole('button', { name: 'Details', exact: true }).focus();
    await page.keyboard.press('KeyF');
    await expect.poll(() => page.locator('.app.presenting').count()).toBe(1);
    await expect.poll(() => page.evaluate(inColumn)).toBe('localhost:5001');
    await page.keyboard.press('KeyF');
    // O from Mine (the overview folds every control away): the focus goes to a control still shown.
    await n5001.getByRole('button', { name: 'Mine', exact: true }).focus();
    await page.keyboard.press('KeyO');
    await expect.poll(() => page.evaluate('document.activeElement !== document.body')).toBe(true);
    expect(await page.evaluate('document.activeElement.getClientRects().length > 0')).toBe(true);
    await page.keyboard.press('KeyO');
    // Play and Pause hand the focus to each other (the one pressed turns itself off).
    await page.getByRole('switch', { name: 'Step mode' }).click();
    await n5001.getByRole('button', { name: 'Mine', exact: true }).click();
    const play = page.getByRole('button', { name: 'Play', exact: true });
    await expect.poll(() => play.getAttribute('aria-disabled')).toBeNull();
    await play.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Pause');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Play');
    // In a lesson, O says why it does nothing: the lesson's steps point at the controls it folds.
    await page.goto(`${session.url}#lesson=work`);
    await page.getByRole('region', { name: 'Lesson' }).waitFor();
    await page.locator('body').press('KeyO');
    await page.getByRole('alert').filter({ hasText: 'A lesson is running' }).waitFor();
    expect(await page.locator('.network.overview').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('passes axe on a fresh page, and in Korean', async () => {
    const page = await open(1280, 800, 'en');
    await axe(page, 'a fresh page');
    await page.getByRole('combobox', { name: /Language/ }).selectOption('ko');
    expect(await page.getByRole('combobox', { name: '언어 (Language)' }).count()).toBe(1);
    await axe(page, 'in Korean');
  });
});
