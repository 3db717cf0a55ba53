/**
 * The load that bench:ui and bench:travel share: sixteen nodes on a ring (each registers the
 * next two), all mining continuously, and a script that presses Resolve as a person's click does.
 */
import type { Page } from 'playwright-core';
import { nodeForm } from '../test/e2e/harness';

export const NODES = 16;

export const region = (page: Page, i: number) =>
  page.getByRole('region', { name: `Node localhost:${5000 + i}`, exact: true });

/** A fresh network of sixteen nodes on a ring (each knows the next two), all mining continuously. */
export async function sixteenMining(page: Page, difficulty: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Difficulty' }).selectOption(difficulty);
  await page.getByRole('button', { name: 'Start a fresh network' }).click();
  for (let i = 3; i < NODES; i++) await page.getByRole('button', { name: 'Add node' }).click();
  await region(page, NODES - 1).waitFor();
  for (let i = 0; i < NODES; i++) {
    const urls = [1, 2].map((d) => `http://localhost:${5000 + ((i + d) % NODES)}`).join(' ');
    const form = await nodeForm(region(page, i), 'Register nodes');
    await form.getByRole('textbox', { name: 'Node URLs' }).fill(urls);
    await form.getByRole('button', { name: 'Register', exact: true }).click();
  }
  for (let i = 0; i < NODES; i++) await region(page, i).getByRole('switch', { name: 'Mine continuously' }).click();
}

/**
 * A script that presses Resolve on the given nodes, as a person's click does. Not a Playwright
 * locator: a role query walks the accessibility of the whole page inside the page's own thread
 * (40-70 ms with sixteen long chains), a cost of the measuring and not of the app, and a locator
 * click scrolls the button into view. Pressing a disabled button (a resolve still running) does
 * nothing, as for a person.
 */
export function pressResolve(nodes: number[]): string {
  const addresses = JSON.stringify(nodes.map((i) => `localhost:${5000 + i}`));
  return `for (const address of ${addresses}) {
    const actions = document.querySelector('section.node[data-address="' + address + '"] .node-actions');
    const button = [...(actions?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Resolve');
    if (!button) throw new Error('no Resolve button on ' + address);
    button.click();
  }`;
}
