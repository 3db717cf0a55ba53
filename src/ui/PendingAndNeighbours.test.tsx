// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDetails } from '../../test/support/forms';
import { renderApp } from '../../test/support/render-app';
import type { Simulator } from '../store/simulator';

let sim: Simulator;
beforeEach(() => {
  sim = renderApp();
});
afterEach(() => cleanup());

const column = () => screen.getByRole('region', { name: 'Node localhost:5000' });

/** A request straight to the node's HTTP API, which takes what the reference takes (the form is stricter). */
async function post(path: string, body: unknown) {
  const answered = sim.session.network.command('localhost:5000', {
    method: 'POST',
    path,
    contentType: 'application/json',
    body: JSON.stringify(body),
  });
  sim.session.wake();
  expect((await answered).status).toBe(201);
}

describe("a node's neighbours and pending transactions", () => {
  it('shows the first four of 500 neighbours, and all of them on demand', async () => {
    const nodes = Array.from({ length: 500 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}:5000`);
    await post('/nodes/register', { nodes });
    await waitFor(() => expect(within(column()).getByText('500 neighbours · 0 pending')).toBeTruthy());
    openDetails(column());
    const list = await within(column()).findByRole('list', { name: 'Neighbours' });
    await waitFor(() => expect(within(column()).getByRole('button', { name: 'and 496 more' })).toBeTruthy());
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(nodes.slice(0, 4));
    const more = within(column()).getByRole('button', { name: 'and 496 more' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(more.getAttribute('aria-controls')).toBe(list.id);

    await userEvent.click(more);
    expect(within(list).getAllByRole('listitem')).toHaveLength(500);
    const fewer = within(column()).getByRole('button', { name: 'Show fewer' });
    expect(fewer.getAttribute('aria-expanded')).toBe('true');
    await userEvent.click(fewer);
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
  });

  it('keeps a 10,000-character sender on one line, its whole text in the title', async () => {
    const sender = 'x'.repeat(10_000);
    await post('/transactions/new', { sender, recipient: 'bob', amount: 5 });
    await waitFor(() => expect(within(column()).getByText('0 neighbours · 1 pending')).toBeTruthy());
    openDetails(column());
    const list = await within(column()).findByRole('list', { name: 'Pending transactions' });
    const [item] = within(list).getAllByRole('listitem');
    // Cut to one line by CSS (test/e2e/long-lists.e2e.test.ts measures it in Chromium).
    expect(item?.getAttribute('title')).toBe(`"${sender}" → "bob": 5`);
  });

  it('names its "and N more" in Korean too', async () => {
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Language/ }), 'ko');
    await post('/nodes/register', { nodes: ['a:1', 'b:1', 'c:1', 'd:1', 'e:1', 'f:1'] });
    const region = screen.getByRole('region', { name: '노드 localhost:5000' });
    await waitFor(() => expect(within(region).getByText('이웃 6 · 대기 0')).toBeTruthy());
    openDetails(region);
    await waitFor(() => expect(within(region).getByRole('button', { name: '외 2개 더 보기' })).toBeTruthy());
    await userEvent.click(within(region).getByRole('button', { name: '외 2개 더 보기' }));
    expect(within(region).getByRole('button', { name: '접기' })).toBeTruthy();
  });
});
