// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { description } from '../../test/support/a11y';
import { openedForm } from '../../test/support/forms';
import { renderApp } from '../../test/support/render-app';
import { store } from '../store/store';

beforeEach(() => {
  renderApp();
});
afterEach(() => cleanup());

const column = () => screen.getByRole('region', { name: /localhost:5000$/ });
const form = () => openedForm(column(), /^(New transaction|새 트랜잭션)$/);
const box = (name: RegExp) => within(form()).getByRole('textbox', { name });
const SENDER = /^(Sender|보내는 사람)$/;
const RECIPIENT = /^(Recipient|받는 사람)$/;
const AMOUNT = /^(Amount|금액)$/;

async function send(sender: string, recipient: string, amount: string) {
  for (const [name, text] of [
    [SENDER, sender],
    [RECIPIENT, recipient],
    [AMOUNT, amount],
  ] as const) {
    await userEvent.clear(box(name));
    await userEvent.click(box(name));
    await userEvent.paste(text);
  }
  await userEvent.click(within(form()).getByRole('button', { name: /^(Send|보내기)$/ }));
}

const pending = () => store.getState().nodes[0]?.snapshot.state.pendingTransactions;

/** That nothing was sent: a good transaction sent now is the node's first request and its only pending one. */
async function nothingSent() {
  await send('a', 'b', '1');
  await waitFor(() => expect(pending()).toEqual([{ sender: 'a', recipient: 'b', amount: 1n }]));
  expect(store.getState().nodes[0]?.log).toHaveLength(1);
}

describe('the transaction form', () => {
  it('refuses negative and zero amounts, on the Amount field', async () => {
    for (const amount of ['-5', '0', '0.0', '-0', '-1e-400']) {
      await send('alice', 'bob', amount);
      expect(within(form()).getByRole('alert').textContent).toBe(`Amount must be more than 0 (it is ${amount}).`);
      expect(box(AMOUNT).getAttribute('aria-invalid')).toBe('true');
      expect(description(box(AMOUNT))).toBe(`Amount must be more than 0 (it is ${amount}).`);
      expect(box(SENDER).getAttribute('aria-invalid')).toBeNull();
    }
    await nothingSent();
  });

  it('refuses an amount too large for a float, which Python reads as inf', async () => {
    await send('alice', 'bob', '1e400');
    expect(within(form()).getByRole('alert').textContent).toBe(
      '1e400 is too large: Python reads it as inf, which is not a JSON number.',
    );
    await nothingSent();
  });

  it('sends 1e-400 as 0.0, as Python reads it, and says so', async () => {
    await send('alice', 'bob', '1e-400');
    await waitFor(() => expect(pending()).toEqual([{ sender: 'alice', recipient: 'bob', amount: 0 }]));
    const note = '1e-400 is read as 0.0, as Python does: it is too small for a float.';
    expect(within(form()).getByText(note).getAttribute('aria-live')).toBe('polite');
    expect(description(box(AMOUNT))).toBe(note);
    expect(within(form()).queryByRole('alert')).toBeNull();
    // The next transaction clears the note.
    await send('carol', 'dan', '2');
    expect(within(form()).queryByText(note)).toBeNull();
  });

  it('refuses a sender or recipient longer than 100 characters, on that field', async () => {
    await send('x'.repeat(10_000), 'bob', '5');
    expect(within(form()).getByRole('alert').textContent).toBe(
      'Sender can be at most 100 characters long (it has 10000).',
    );
    expect(box(SENDER).getAttribute('aria-invalid')).toBe('true');
    expect(box(RECIPIENT).getAttribute('aria-invalid')).toBeNull();
    await send('alice', '멍'.repeat(101), '5');
    expect(description(box(RECIPIENT))).toBe('Recipient can be at most 100 characters long (it has 101).');
    await nothingSent();
    // One hundred characters, astral ones counted as one each, is fine.
    await send('🦀'.repeat(100), 'bob', '5');
    await waitFor(() => expect(pending()).toHaveLength(2));
  });

  it('says why in Korean too', async () => {
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Language/ }), 'ko');
    await send('alice', 'bob', '-5');
    expect(within(form()).getByRole('alert').textContent).toBe('금액은 0보다 커야 합니다(입력한 값: -5).');
    await send('x'.repeat(101), 'bob', '5');
    expect(within(form()).getByRole('alert').textContent).toBe(
      '보내는 사람은 최대 100자까지 입력할 수 있습니다(입력한 길이: 101자).',
    );
    await send('alice', 'bob', '1e-400');
    await waitFor(() =>
      expect(
        within(form()).getByText('1e-400은 파이썬과 마찬가지로 0.0으로 읽힙니다: float로 나타내기에 너무 작습니다.'),
      ).toBeTruthy(),
    );
  });
});
