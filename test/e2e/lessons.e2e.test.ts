import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB, nodeForm, nodeRegion, pageErrors, type Session, startSession } from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const WORDS = {
  en: { lessons: 'Lessons', lesson: 'Lesson', next: 'Next', doIt: 'Do it for me', complete: 'Lesson complete' },
  ko: { lessons: '수업', lesson: '수업', next: '다음', doIt: '대신 해 주기', complete: '수업 완료' },
} as const;

const TITLES = {
  en: [
    '1. The tutorial, step by step',
    '2. What proof of work costs',
    '3. A fork, and the longest chain',
    '4. A tampered block is rejected, and mined again',
    '5. A neighbour that lies',
    '6. A partition, its fork, and the heal',
    '7. A majority attacker rewrites history',
  ],
  ko: [
    '1. 튜토리얼 따라 하기',
    '2. 작업 증명의 비용',
    '3. 포크와 가장 긴 체인',
    '4. 위조된 블록은 거부되고, 다시 채굴된다',
    '5. 거짓말하는 이웃',
    '6. 네트워크 분할, 포크, 그리고 복구',
    '7. 다수 공격자가 역사를 다시 쓴다',
  ],
} as const;

async function openLesson(page: Page, language: 'en' | 'ko', title: string): Promise<void> {
  const w = WORDS[language];
  await page.getByRole('button', { name: w.lessons, exact: true }).click();
  await page.getByRole('dialog', { name: w.lessons }).getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('region', { name: w.lesson, exact: true }).waitFor();
}

/**
 * What the lesson's panel leaves out of view, if anything: its buttons, the block tree and the
 * timeline (a usable height each), each column's newest block (above the panel).
 */
function crowded(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const panel = document.querySelector('section.lesson');
    if (!panel) return ['no lesson panel'];
    const box = panel.getBoundingClientRect();
    if (panel.scrollHeight > panel.clientHeight + 1) problems.push('the panel scrolls');
    for (const button of panel.querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      if (r.top < box.top || r.bottom > box.bottom || r.bottom > innerHeight)
        problems.push(`${button.textContent} cut`);
    }
    for (const selector of ['section.block-tree', 'section.timeline']) {
      const height = document.querySelector(selector)?.getBoundingClientRect().height ?? 0;
      if (height < 100) problems.push(`${selector} ${Math.round(height)} px`);
    }
    for (const column of document.querySelectorAll('section.node')) {
      const cards = column.querySelectorAll('li[data-hash]');
      const newest = cards[cards.length - 1]?.getBoundingClientRect();
      const over = newest && newest.left < box.right && newest.right > box.left;
      if (newest && over && newest.bottom > box.top + 1)
        problems.push(`${column.getAttribute('data-address')}'s newest block under the panel`);
    }
    return problems;
  });
}

/** Runs the open lesson to its end by "Do it for me" and Next, checking at each step what is in view. */
async function doItAll(page: Page, language: 'en' | 'ko'): Promise<number> {
  const w = WORDS[language];
  const lesson = page.getByRole('region', { name: w.lesson, exact: true });
  const next = lesson.getByRole('button', { name: w.next, exact: true });
  const doIt = lesson.getByRole('button', { name: w.doIt, exact: true });
  let steps = 0;
  for (; steps < 20 && (await lesson.getByText(w.complete).count()) === 0; steps++) {
    for (let tries = 0; !(await next.isEnabled()); tries++) {
      if (tries > 60) throw new Error(`step ${steps + 1} never became done: ${await lesson.textContent()}`);
      if ((await doIt.isEnabled()) && tries % 10 === 0) await doIt.click();
      await page.waitForTimeout(250);
    }
    // A step that opened a block's details: they are closed, as a person would, before Next.
    if ((await page.locator('dialog[open]').count()) > 0) await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await crowded(page), `step ${steps + 1}: ${await lesson.getByRole('heading').textContent()}`).toEqual([]);
    await next.click();
  }
  return steps;
}

describe('guided lessons in Chromium', () => {
  for (const language of ['en', 'ko'] as const) {
    // At a projector's sizes: the panel runs along the foot of the chains, out of the dock's way.
    const [width, height] = language === 'en' ? [1024, 768] : [1280, 800];
    it(`runs every lesson to "Lesson complete" by "Do it for me", in ${language} at ${width}x${height}, all in view`, async () => {
      const page = await session.newPage({ width, height });
      if (language === 'ko') await page.getByRole('combobox', { name: /Language/ }).selectOption('ko');
      for (const title of TITLES[language]) {
        await openLesson(page, language, title);
        const steps = await doItAll(page, language);
        expect(steps, title).toBeGreaterThanOrEqual(3);
        await page.getByRole('region', { name: WORDS[language].lesson, exact: true }).getByRole('status').waitFor();
      }
      expect(pageErrors(page)).toEqual([]);
    });
  }

  it('runs lesson 1 by pressing the highlighted controls, and opens from a link', async () => {
    const page = await session.newPage();
    await page.goto(`${session.url}#lesson=walkthrough`);
    const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
    await lesson.waitFor();
    const next = lesson.getByRole('button', { name: 'Next', exact: true });
    const highlighted = page.locator('.lesson-target');
    // 1: Register nodes on 5000 (the highlighted button opens the form).
    await expect.poll(() => highlighted.textContent()).toBe('Register nodes');
    expect(await next.isEnabled()).toBe(false);
    await highlighted.click();
    await page.getByRole('form', { name: 'Register nodes' }).getByRole('button', { name: '+ localhost:5001' }).click();
    await expect.poll(() => next.isEnabled()).toBe(true);
    await next.click();
    // 2: a transaction on 5001.
    await expect.poll(() => highlighted.textContent()).toBe('New transaction');
    await highlighted.click();
    const form = page.getByRole('form', { name: 'New transaction' });
    await form.getByRole('textbox', { name: 'Sender' }).fill('alice');
    await form.getByRole('textbox', { name: 'Recipient' }).fill('bob');
    await form.getByRole('textbox', { name: 'Amount' }).fill('5');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => next.isEnabled()).toBe(true);
    await next.click();
    // 3: Mine on 5001; 4: Resolve on 5000.
    for (const label of ['Mine', 'Resolve']) {
      await expect.poll(() => highlighted.textContent()).toBe(label);
      await highlighted.click();
      await expect.poll(() => next.isEnabled(), { timeout: 30_000 }).toBe(true);
      await next.click();
    }
    await lesson.getByText('Lesson complete').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps what a step points at in presentation mode, folds, refuses Remove node and Add node, and ends with the focus on Lessons', async () => {
    const page = await session.newPage({ width: 1280, height: 800 });
    await page.getByRole('switch', { name: 'Presentation mode' }).click();
    await openLesson(page, 'en', TITLES.en[0]);
    const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
    // The step points at Register nodes on 5000: there, highlighted, in presentation mode too.
    const highlighted = page.locator('.lesson-target');
    await expect.poll(() => highlighted.textContent()).toBe('Register nodes');
    expect(await highlighted.isVisible()).toBe(true);
    // The first-load hint would say another first step: not while a lesson says one.
    expect(await page.getByText(/^Start here/).count()).toBe(0);
    // The panel floats over the dock's foot, and the dock keeps that room: no node of the map under it.
    const covered = () =>
      page.evaluate(`(() => {
        const panel = document.querySelector('section.lesson').getBoundingClientRect();
        return [...document.querySelectorAll('.map-node')].filter((n) => n.getBoundingClientRect().bottom > panel.top).length;
      })()`);
    await expect.poll(covered).toBe(0);
    // Folded, the panel is short and its words are gone; unfolded, back.
    const tall = (await lesson.boundingBox())?.height ?? 0;
    await lesson.getByRole('button', { name: 'Fold' }).click();
    expect((await lesson.boundingBox())?.height ?? 0).toBeLessThan(tall);
    expect(await lesson.locator('.lesson-text').isVisible()).toBe(false);
    await lesson.getByRole('button', { name: 'Unfold' }).click();
    expect(await lesson.getByRole('button', { name: 'Fold' }).getAttribute('aria-expanded')).toBe('true');
    // Remove node would take a node the steps name: refused, with the reason.
    await page.getByRole('button', { name: 'Remove node' }).click();
    await page.getByText('A lesson is running: its steps need the nodes it started with.', { exact: false }).waitFor();
    expect(await page.locator('section.node').count()).toBe(3);
    // So would Add node (lesson 7's shares of hash power are of three nodes).
    await page.getByRole('button', { name: 'Add node' }).click();
    await page.getByText('A lesson is running: its steps count the nodes it started with.', { exact: false }).waitFor();
    expect(await page.locator('section.node').count()).toBe(3);
    await lesson.getByRole('button', { name: 'End lesson' }).click();
    expect(await page.evaluate(`document.activeElement?.textContent`)).toBe('Lessons');
    expect(pageErrors(page)).toEqual([]);
  });

  it('comes back at the same step after a reload, right after Next', async () => {
    const page = await session.newPage({ width: 1280, height: 800 });
    await openLesson(page, 'en', TITLES.en[2]);
    const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
    await lesson.getByRole('button', { name: 'Do it for me' }).click();
    const next = lesson.getByRole('button', { name: 'Next', exact: true });
    await expect.poll(() => next.getAttribute('aria-disabled'), { timeout: 30_000 }).toBeNull();
    await next.click();
    expect(await lesson.getByText('Step 2 of 5').count()).toBe(1);
    await page.waitForTimeout(300);
    await page.reload();
    await page
      .getByRole('region', { name: 'Lesson', exact: true })
      .getByText('Step 2 of 5')
      .waitFor({ timeout: 30_000 });
    expect(pageErrors(page)).toEqual([]);
  });

  it('runs lesson 4 by pressing the highlighted controls: tamper, reject, re-mine, adopt', async () => {
    const page = await session.newPage();
    await openLesson(page, 'en', TITLES.en[3]);
    const lesson = page.getByRole('region', { name: 'Lesson', exact: true });
    const next = lesson.getByRole('button', { name: 'Next', exact: true });
    const highlighted = page.locator('.lesson-target');
    const n5000 = nodeRegion(page, 'localhost:5000');
    const n5001 = nodeRegion(page, 'localhost:5001');
    const step = async (act: () => Promise<void>) => {
      await act();
      await expect.poll(() => next.isEnabled(), { timeout: 30_000 }).toBe(true);
      await next.click();
    };
    await step(async () => {
      await highlighted.click();
      const form = page.getByRole('form', { name: 'New transaction' });
      await form.getByRole('textbox', { name: 'Sender' }).fill('alice');
      await form.getByRole('textbox', { name: 'Recipient' }).fill('bob');
      await form.getByRole('textbox', { name: 'Amount' }).fill('5');
      await form.getByRole('button', { name: 'Send' }).click();
    });
    await step(async () => {
      await highlighted.click();
      await expect.poll(() => n5001.getByRole('listitem').count(), { timeout: 30_000 }).toBe(2);
      await highlighted.click();
    });
    await step(async () => {
      await highlighted.click(); // block 2 of 5001
      const dialog = page.getByRole('dialog', { name: 'Details of block 2' });
      await dialog.getByRole('button', { name: LAB.edit, exact: true }).click();
      await dialog.getByRole('textbox', { name: LAB.amount(1), exact: true }).fill('500');
      await dialog.getByRole('button', { name: LAB.save, exact: true }).click();
      await dialog.getByRole('button', { name: 'Close' }).click();
    });
    await step(async () => {
      await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
      await page.keyboard.press('Escape');
      await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    });
    await step(async () => {
      await highlighted.click(); // block 2 of 5001 again
      await page.getByRole('dialog', { name: 'Details of block 2' }).getByRole('button', { name: LAB.remine }).click();
    });
    await step(async () => {
      await expect.poll(() => highlighted.textContent()).toBe('Resolve');
      await highlighted.click();
    });
    await lesson.getByText('Lesson complete').waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
