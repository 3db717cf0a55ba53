import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AppServer, startAppServer } from '../../src/cli/serve';

/**
 * End-to-end tests run the built app (dist/) in Debian's Chromium, with real Web Workers.
 * The app is served on 127.0.0.1 only, by `chainscope serve`'s server (the app and the relay).
 */
const root = resolve(import.meta.dirname, '../..');
/** The built app: dist/, or another build (CHAINSCOPE_DIST) beside it. */
const dist = process.env.CHAINSCOPE_DIST ?? join(root, 'dist');
export const artifacts = join(root, 'test-results', 'e2e');

/** The built app and its relay, as `chainscope serve` serves them, on a free port of 127.0.0.1. */
function serve(): Promise<AppServer> {
  return startAppServer({ root: dist, port: 0, host: '127.0.0.1' });
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    // Playwright gives every launch a fresh, empty --user-data-dir of its own (and refuses ours).
  });
}

export interface Session {
  readonly url: string;
  readonly browser: Browser;
  newPage(options?: { width?: number; height?: number; reducedMotion?: boolean; locale?: string }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  const server = await serve();
  const { url } = server;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  mkdirSync(artifacts, { recursive: true });
  return {
    url,
    browser,
    async newPage({ width = 1280, height = 800, reducedMotion = false, locale = 'en-US' } = {}) {
      const context = await browser.newContext({
        viewport: { width, height },
        reducedMotion: reducedMotion ? 'reduce' : 'no-preference',
        locale,
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        // Warnings too: Chromium says so when the page misuses it (a form sent while not on the page).
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      (page as Page & { errors: string[] }).errors = errors;
      await page.goto(url);
      return page;
    },
    async screenshot(page, name) {
      const path = join(artifacts, `${name}.png`);
      await page.screenshot({ path, fullPage: false });
      return path;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await server.close();
    },
  };
}

/** Errors the page logged or threw; a test fails if there are any it did not expect. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

/**
 * A node's form ("New transaction", "Register nodes"), opened if it is tucked away behind the
 * button named like it (DESIGN.md's accessible contract): the fields keep their names.
 */
export async function nodeForm(region: Locator, name: string): Promise<Locator> {
  const form = region.getByRole('form', { name, exact: true });
  if (!(await form.isVisible())) await region.getByRole('button', { name, exact: true }).click();
  await form.waitFor();
  return form;
}

/** A node's region, by the accessible contract: "Node localhost:5000". */
export function nodeRegion(page: Page, address: string): Locator {
  return page.getByRole('region', { name: `Node ${address}`, exact: true });
}

/** The list item of block `index` (from 1) in a node's chain ("Chain of localhost:5000"). */
export function blockItem(region: Locator, address: string, index: number): Locator {
  return region
    .getByRole('list', { name: `Chain of ${address}`, exact: true })
    .getByRole('listitem')
    .filter({ has: region.page().locator('.block-index', { hasText: new RegExp(`^#${index}$`) }) });
}

/** Opens block `index`'s dialog ("Details of block N"). */
export async function openBlock(region: Locator, address: string, index: number): Promise<Locator> {
  await blockItem(region, address, index).getByRole('button').click();
  const dialog = region.page().getByRole('dialog', { name: `Details of block ${index}` });
  await dialog.waitFor();
  return dialog;
}

/** The lab's names, as the accessible contract has them. */
export const LAB = {
  edit: 'Edit block',
  proof: 'Proof',
  previousHash: 'Previous hash',
  sender: (n: number) => `Sender ${n}`,
  recipient: (n: number) => `Recipient ${n}`,
  amount: (n: number) => `Amount ${n}`,
  save: 'Save changes',
  remine: 'Re-mine from here',
  invalid: 'invalid',
  behaviour: 'Behaviour',
  behaviours: {
    honest: 'Honest',
    lies: 'Lies about its length',
    offline: 'Offline',
    forged: 'Serves a forged chain',
    private: 'Mines in private',
  },
  release: 'Release',
  hashPower: 'Hash power',
  automatic: 'Automatic mode',
  loss: 'Message loss',
  heal: 'Heal partition',
  partition: 'Partition…',
  partitionForm: 'Cut the network in two',
} as const;

/** Sets a node's "Behaviour" by the option's name. */
export async function setBehaviour(region: Locator, name: keyof typeof LAB.behaviours): Promise<void> {
  await region
    .getByRole('combobox', { name: LAB.behaviour, exact: true })
    .selectOption({ label: LAB.behaviours[name] });
}

/** Cuts the network in two by "Partition…": the nodes of side A, then "Cut". */
export async function cutInTwo(page: Page, side: readonly string[]): Promise<void> {
  await page.getByRole('button', { name: LAB.partition, exact: true }).click();
  const form = page.getByRole('form', { name: LAB.partitionForm, exact: true });
  for (const address of side)
    await form.getByRole('group', { name: 'Side A' }).getByRole('checkbox', { name: address }).check();
  await form.getByRole('button', { name: 'Cut', exact: true }).click();
}

/**
 * Edits a block by its dialog: "Edit block", the fields given (by their names: "Proof",
 * "Amount 1", ...), then "Save changes". The dialog stays open.
 */
export async function editBlock(dialog: Locator, fields: Readonly<Record<string, string>>): Promise<void> {
  await dialog.getByRole('button', { name: LAB.edit, exact: true }).click();
  for (const [name, value] of Object.entries(fields)) {
    await dialog.getByRole('textbox', { name, exact: true }).fill(value);
  }
  await dialog.getByRole('button', { name: LAB.save, exact: true }).click();
}

/** The hashes of a node's chain as its list shows them ("Chain of localhost:5000"). */
export function chainHashes(region: Locator, address: string): Promise<(string | null)[]> {
  return region
    .getByRole('list', { name: `Chain of ${address}`, exact: true })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-hash')));
}

/** Waits until a node's status region says `text`. */
export async function said(region: Locator, text: string, timeout = 60_000): Promise<void> {
  // The first: a block's dialog, open in the column, may say the same in a status of its own.
  await region.getByRole('status').filter({ hasText: text }).first().waitFor({ timeout });
}

/** No accessibility violation axe-core finds on the page in this state. */
export async function axe(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, state).toEqual([]);
}
