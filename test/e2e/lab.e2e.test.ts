import { AxeBuilder } from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockItem,
  chainHashes,
  editBlock,
  LAB,
  nodeForm,
  nodeRegion,
  openBlock,
  pageErrors,
  type Session,
  said,
  startSession,
} from './harness';

let session: Session;
beforeAll(async () => {
  session = await startSession();
});
afterAll(async () => session?.close());

const hashes = chainHashes;
const status = said;

/** Two nodes at difficulty 3; 5001 has mined three blocks (one with a transaction), 5000 knows 5001. */
async function stage(page: Page, proofRule = 'seed'): Promise<{ n5000: Locator; n5001: Locator }> {
  // Each change of a consensus setting starts a fresh network, after a confirmation.
  const settings: [string, string][] = [
    ['Difficulty', '3'],
    ['Proof rule', proofRule],
  ];
  for (const [name, value] of settings) {
    const select = page.getByRole('combobox', { name, exact: true });
    if ((await select.inputValue()) === value) continue;
    await select.selectOption(value);
    await page.getByRole('button', { name: 'Start a fresh network' }).click();
    await expect.poll(() => select.inputValue()).toBe(value);
  }
  const n5000 = nodeRegion(page, 'localhost:5000');
  const n5001 = nodeRegion(page, 'localhost:5001');
  const form = await nodeForm(n5001, 'New transaction');
  await form.getByRole('textbox', { name: 'Sender' }).fill('alice');
  await form.getByRole('textbox', { name: 'Recipient' }).fill('bob');
  await form.getByRole('textbox', { name: 'Amount' }).fill('5');
  await form.getByRole('button', { name: 'Send' }).click();
  await status(n5001, 'Transaction will be added to Block 2');
  for (let i = 0; i < 3; i++) {
    await n5001.getByRole('button', { name: 'Mine', exact: true }).click();
    await expect.poll(async () => (await hashes(n5001, 'localhost:5001')).length, { timeout: 30_000 }).toBe(i + 2);
  }
  await (await nodeForm(n5000, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }).click();
  await status(n5000, 'New nodes have been added');
  return { n5000, n5001 };
}

describe('the lab in Chromium: tamper, reject, re-mine, adopt', () => {
  it('marks the broken blocks in words, is refused by a neighbour, mines again and is adopted', async () => {
    const page = await session.newPage();
    const { n5000, n5001 } = await stage(page, 'reference');
    const honest = await hashes(n5001, 'localhost:5001');

    // Alice paid bob 5 in block 2; make it 500.
    const dialog = await openBlock(n5001, 'localhost:5001', 2);
    await editBlock(dialog, { [LAB.amount(1)]: '500' });
    await status(n5001, 'Block 2 changed');
    await dialog.getByRole('button', { name: LAB.remine }).waitFor();
    expect(await dialog.textContent()).toContain('its hash no longer matches block 3’s previous_hash');
    // Axe on the dialog, the edit form open.
    await dialog.getByRole('button', { name: LAB.edit, exact: true }).click();
    const axe = await new AxeBuilder({ page }).include('.block-dialog').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // In words, on the list items: block 2 and block 3 (whose previous_hash no longer matches).
    const item2 = blockItem(n5001, 'localhost:5001', 2);
    const item3 = blockItem(n5001, 'localhost:5001', 3);
    await expect.poll(() => item2.textContent()).toContain(LAB.invalid);
    expect(await item2.textContent()).toContain('its hash no longer matches block 3’s previous_hash');
    expect(await item3.textContent()).toContain('its previous_hash is not the hash of block 2');
    expect(await blockItem(n5001, 'localhost:5001', 4).textContent()).not.toContain(LAB.invalid);
    expect(await n5001.getByRole('note').textContent()).toContain('This chain is invalid');
    const tampered = await hashes(n5001, 'localhost:5001');
    expect(tampered[1]).not.toBe(honest[1]);

    // The neighbour refuses it, and says which check failed.
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await status(n5000, 'Our chain is authoritative');
    const panel = n5000.getByRole('region', { name: /^Resolve on/ });
    await expect.poll(() => panel.textContent()).toContain('the previous_hash of block 3 is not the hash of block 2');
    expect(await hashes(n5000, 'localhost:5000')).toHaveLength(1);

    // Re-mine from the broken block: the reference rule's guess holds the last hash, so blocks 3 and 4 get new proofs.
    await (await openBlock(n5001, 'localhost:5001', 2)).getByRole('button', { name: LAB.remine }).click();
    await status(n5001, 'Mined again from block 2');
    await expect.poll(() => n5001.getByRole('note').count()).toBe(0);
    expect(await item2.textContent()).not.toContain(LAB.invalid);
    const mended = await hashes(n5001, 'localhost:5001');
    expect(mended[1]).toBe(tampered[1]);
    expect(mended[2]).not.toBe(honest[2]);

    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    await status(n5000, 'Our chain was replaced');
    await expect.poll(() => hashes(n5000, 'localhost:5000')).toEqual(mended);
    expect(pageErrors(page)).toEqual([]);
  });

  it("says so when the newest block's transactions are changed, which no link checks; the Algorithm panel shows a failing check", async () => {
    const page = await session.newPage();
    const { n5000, n5001 } = await stage(page);
    let dialog = await openBlock(n5001, 'localhost:5001', 4);
    await dialog.getByRole('button', { name: LAB.edit, exact: true }).click();
    expect(await dialog.textContent()).toContain('This is the newest block');
    await dialog.getByRole('textbox', { name: LAB.recipient(1), exact: true }).fill('mallory');
    await dialog.getByRole('button', { name: LAB.save, exact: true }).click();
    await status(n5001, 'Block 4 changed, and no check notices');
    // The dialog says it too: the column that says it is behind the dialog's backdrop.
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toContain('Block 4 changed, and no check notices');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await n5001.getByRole('note').count()).toBe(0);

    // A bad proof is refused by the form, and nothing is sent.
    dialog = await openBlock(n5001, 'localhost:5001', 3);
    await dialog.getByRole('button', { name: LAB.edit, exact: true }).click();
    await dialog.getByRole('textbox', { name: LAB.proof, exact: true }).fill('-5');
    await dialog.getByRole('button', { name: LAB.save, exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'The proof must be a whole number' }).waitFor();
    // Then a proof that breaks: under the tutorial's rule the guess is last_proof and proof.
    await dialog.getByRole('textbox', { name: LAB.proof, exact: true }).fill('1');
    await dialog.getByRole('button', { name: LAB.save, exact: true }).click();
    await status(n5001, 'Block 3 changed');
    expect(await dialog.textContent()).toContain('proof 1 no longer gives 3 leading zeros');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Step mode: the Algorithm panel shows valid_chain's failing check, in words.
    await page.getByRole('switch', { name: 'Step mode' }).click();
    await n5000.getByRole('button', { name: 'Resolve', exact: true }).click();
    const algorithm = page.getByRole('region', { name: 'Algorithm' });
    const step = page.getByRole('button', { name: 'Step', exact: true });
    for (let i = 0; i < 60 && !((await algorithm.textContent()) ?? '').includes('cannot win'); i++) {
      await expect.poll(() => step.isEnabled(), { timeout: 10_000 }).toBe(true);
      await step.click();
      await page.waitForTimeout(40);
    }
    expect(await algorithm.textContent()).toContain('the proof of block 3 is not valid');
    expect(pageErrors(page)).toEqual([]);
  });
});
