// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openedForm } from '../../test/support/forms';
import { renderApp } from '../../test/support/render-app';
import type { Simulator } from '../store/simulator';
import { store } from '../store/store';

let sim: Simulator;
beforeEach(() => {
  sim = renderApp();
});
afterEach(() => cleanup());

const node = (address: string) => screen.getByRole('region', { name: `Node ${address}` });

/**
 * A block card's text as it is drawn (its button, not the hidden description): CSS puts each
 * field's label (data-label) before its value.
 */
function drawn(element: Element | undefined): string {
  const copy = element?.querySelector('.block-button')?.cloneNode(true) as Element | undefined;
  for (const field of copy?.querySelectorAll('[data-label]') ?? [])
    field.prepend(`${field.getAttribute('data-label')} `);
  return copy?.textContent ?? '';
}

describe('a node column', () => {
  it('shows the address, the state, the actions and a one-block chain', () => {
    const column = node('localhost:5000');
    expect(within(column).getByText('Idle')).toBeTruthy();
    expect(within(column).getByRole('button', { name: 'Mine' })).toBeTruthy();
    expect(within(column).getByRole('button', { name: 'Resolve' })).toBeTruthy();
    const chain = within(column).getByRole('list', { name: 'Chain of localhost:5000' });
    expect(within(chain).getAllByRole('listitem')).toHaveLength(1);
    expect(drawn(chain)).toMatch(/#1.*hash [0-9a-f]{8}.*proof 100.*previous_hash 1/);
  });

  it('mines a block and announces it in the status region', async () => {
    const column = node('localhost:5001');
    await userEvent.click(within(column).getByRole('button', { name: 'Mine' }));
    await waitFor(() => expect(within(column).getByRole('status').textContent).toContain('New Block Forged'));
    const chain = within(column).getByRole('list', { name: 'Chain of localhost:5001' });
    expect(within(chain).getAllByRole('listitem')).toHaveLength(2);
    expect(drawn(within(chain).getAllByRole('listitem')[1])).toMatch(/#2.*proof \d+.*previous_hash [0-9a-f]{8}/);
  });

  it('mines continuously while the switch is on, and stops after the block in hand', async () => {
    const column = node('localhost:5002');
    const chain = () => store.getState().nodes[2]?.snapshot.state.chain.length ?? 0;
    const toggle = within(column).getByRole('switch', { name: 'Mine continuously' });
    await userEvent.click(toggle);
    await waitFor(() => expect(chain()).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    await userEvent.click(toggle);
    await waitFor(() => expect(store.getState().nodes[2]?.activity).toBeNull());
    const stopped = chain();
    await new Promise((done) => setTimeout(done, 200));
    expect(chain()).toBe(stopped);
    // A busy column is drawn again a few times a second, not on every change.
    await waitFor(() => expect(within(column).getByRole('status').textContent).toContain('New Block Forged'));
  });

  it("slides in only the newest blocks of a long adopted fork, from the winner's side, and marks the others", async () => {
    const winner = node('localhost:5001');
    const toggle = within(winner).getByRole('switch', { name: 'Mine continuously' });
    await userEvent.click(toggle);
    await waitFor(() => expect(store.getState().nodes[1]?.snapshot.hashes.length).toBeGreaterThanOrEqual(12), {
      timeout: 10_000,
    });
    await userEvent.click(toggle);
    await waitFor(() => expect(store.getState().nodes[1]?.activity).toBeNull());
    const loser = node('localhost:5000');
    await userEvent.click(
      within(openedForm(loser, 'Register nodes')).getByRole('button', { name: '+ localhost:5001' }),
    );
    await userEvent.click(within(loser).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(within(loser).getByRole('status').textContent).toContain('Our chain was replaced'));
    const list = within(loser).getByRole('list', { name: 'Chain of localhost:5000' });
    // Every block came from the winner (its genesis block is its own): all those shown are marked.
    await waitFor(() => expect(list.querySelectorAll('.block.arrived').length).toBeGreaterThanOrEqual(12));
    expect(list.querySelectorAll('.block.arrived')).toHaveLength(list.querySelectorAll('.block').length);
    expect(list.querySelectorAll('.block.flying')).toHaveLength(8);
    expect(list.querySelector('.block:last-child')?.classList.contains('flying')).toBe(true);
    // They come in from the winner's side: its column is to the right.
    for (const block of list.querySelectorAll<HTMLElement>('.block.flying'))
      expect(block.style.getPropertyValue('--side')).toBe('1');
  });

  it('shows long chains as a window of heights, the same in every column', async () => {
    const column = node('localhost:5000');
    await userEvent.click(within(column).getByRole('switch', { name: 'Mine continuously' }));
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.hashes.length).toBeGreaterThanOrEqual(35), {
      timeout: 20_000,
    });
    await userEvent.click(within(column).getByRole('switch', { name: 'Mine continuously' }));
    await waitFor(() => expect(store.getState().nodes[0]?.activity).toBeNull());
    const total = store.getState().nodes[0]?.snapshot.hashes.length ?? 0;
    const items = () =>
      within(within(column).getByRole('list', { name: 'Chain of localhost:5000' })).getAllByRole('listitem');
    // Following the newest blocks: a window that moves a page at a time, ending at the newest.
    await waitFor(() => expect(items().at(-1)?.textContent).toContain(`#${total}`));
    const shown = items().length;
    expect(shown).toBeGreaterThanOrEqual(16);
    expect(shown).toBeLessThanOrEqual(45);
    expect(await screen.findByText(`Blocks ${total - shown + 1}–${total} of ${total}`)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Earlier blocks' }));
    expect(items()).toHaveLength(30);
    // The short chain of another column shows its one block at height 1, beside ours.
    const other = within(node('localhost:5001')).getByRole('list', { name: 'Chain of localhost:5001' });
    expect(within(other).getAllByRole('listitem')).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Earlier blocks' }));
    expect(items()[0]?.textContent).toContain('#1');
    const newest = screen.getByRole('button', { name: 'Newest blocks' }) as HTMLButtonElement;
    await userEvent.click(newest);
    expect(items().at(-1)?.textContent).toContain(`#${total}`);
    // At the end it is off, but not disabled under the focus (that drops the focus to the page).
    expect(newest.getAttribute('aria-disabled')).toBe('true');
    expect(newest.disabled).toBe(false);
    // Following the newest blocks, the short chain still shows its own newest block, out of line
    // with the long one, and says so.
    expect(
      within(other)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('.block-index')?.textContent),
    ).toEqual(['#1']);
    expect(
      within(node('localhost:5001')).getByText('Behind the longest chain: its newest blocks, not lined up by height.'),
    ).toBeTruthy();
  });

  it('opens a block to show its fields, its hash and what it was computed over', async () => {
    const column = node('localhost:5000');
    await userEvent.click(
      within(within(column).getByRole('list', { name: 'Chain of localhost:5000' })).getAllByRole(
        'button',
      )[0] as HTMLElement,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Details of block 1' });
    expect(dialog.textContent).toContain('{"index": 1, "previous_hash": "1", "proof": 100, "timestamp": 1800000000.25');
    expect(dialog.textContent).toMatch(/[0-9a-f]{64}/);
  });
});

describe('the transaction form', () => {
  it('refuses an amount that is not a number, inline, and sends nothing', async () => {
    const form = openedForm(node('localhost:5000'), 'New transaction');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Sender' }), 'alice');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Recipient' }), 'bob');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Amount' }), 'five');
    await userEvent.click(within(form).getByRole('button', { name: 'Send' }));
    expect(within(form).getByRole('alert').textContent).toContain('Amount must be a number');
    expect(store.getState().nodes[0]?.log).toEqual([]);
  });

  it('sends a transaction, which then waits in the pool', async () => {
    const column = node('localhost:5000');
    const form = openedForm(column, 'New transaction');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Sender' }), '멍개');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Recipient' }), 'bob');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Amount' }), '1.5');
    await userEvent.click(within(form).getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(within(column).getByRole('status').textContent).toContain('Transaction will be added to Block 2'),
    );
    expect(store.getState().nodes[0]?.snapshot.state.pendingTransactions).toEqual([
      { sender: '멍개', recipient: 'bob', amount: 1.5 },
    ]);
    expect(within(form).queryByRole('alert')).toBeNull();
  });
});

describe('the register form', () => {
  it('refuses an empty list and a bad URL, and registers good ones one way', async () => {
    const form = openedForm(node('localhost:5000'), 'Register nodes');
    await userEvent.click(within(form).getByRole('button', { name: 'Register' }));
    expect(within(form).getByRole('alert').textContent).toContain('Enter at least one node URL');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Node URLs' }), 'http://');
    await userEvent.click(within(form).getByRole('button', { name: 'Register' }));
    expect(within(form).getByRole('alert').textContent).toBe(
      'http:// has no host: a node address is host:port, such as localhost:5001.',
    );
    await userEvent.clear(within(form).getByRole('textbox', { name: 'Node URLs' }));
    await userEvent.type(
      within(form).getByRole('textbox', { name: 'Node URLs' }),
      'http://localhost:5001, localhost:5002',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Register' }));
    await waitFor(() =>
      expect(within(node('localhost:5000')).getByRole('status').textContent).toContain('New nodes have been added'),
    );
    const [n5000, n5001] = store.getState().nodes;
    expect(n5000?.snapshot.state.neighbours).toEqual(['localhost:5001', 'localhost:5002']);
    expect(n5001?.snapshot.state.neighbours).toEqual([]);
  });

  it('registers another node with one click', async () => {
    const form = openedForm(node('localhost:5001'), 'Register nodes');
    await userEvent.click(within(form).getByRole('button', { name: '+ localhost:5002' }));
    await waitFor(() => expect(store.getState().nodes[1]?.snapshot.state.neighbours).toEqual(['localhost:5002']));
  });
});

describe('the settings', () => {
  it('asks before a consensus change starts a fresh network, and keeps everything on cancel', async () => {
    const settings = screen.getByRole('form', { name: 'Settings' });
    const before = store.getState().generation;
    await userEvent.selectOptions(within(settings).getByRole('combobox', { name: 'Difficulty' }), '3');
    const dialog = screen.getByRole('dialog', { name: 'Start a fresh network?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().generation).toBe(before);
    expect(store.getState().settings.rules.difficulty).toBe(2);

    await userEvent.selectOptions(within(settings).getByRole('combobox', { name: 'Proof rule' }), 'reference');
    await userEvent.click(screen.getByRole('button', { name: 'Start a fresh network' }));
    expect(store.getState().generation).toBe(before + 1);
    expect(store.getState().settings.rules.proofRule).toBe('reference');
    expect(screen.getAllByRole('region', { name: /^Node localhost:500\d$/ })).toHaveLength(3);
  });

  it('takes no change while a run is imported', () => {
    act(() => store.setState({ replaying: 'import' }));
    const settings = screen.getByRole('form', { name: 'Settings' });
    const selects = within(settings).getAllByRole('combobox');
    expect(selects).toHaveLength(5);
    for (const select of selects) expect((select as HTMLSelectElement).disabled).toBe(true);
    act(() => store.setState({ replaying: null }));
    for (const select of selects) expect((select as HTMLSelectElement).disabled).toBe(false);
  });

  it('says in its confirmations that a lesson under way ends with the network', async () => {
    act(() => store.setState({ lesson: { id: 'work', step: 1 } }));
    await userEvent.click(screen.getByRole('button', { name: 'New network' }));
    const ask = screen.getByRole('dialog', { name: 'Start a new network?' });
    expect(ask.textContent).toContain('The lesson “2. What proof of work costs” ends with it.');
    await userEvent.click(within(ask).getByRole('button', { name: 'Cancel' }));
    const settings = screen.getByRole('form', { name: 'Settings' });
    await userEvent.selectOptions(within(settings).getByRole('combobox', { name: 'Difficulty' }), '3');
    const reset = screen.getByRole('dialog', { name: 'Start a fresh network?' });
    expect(reset.textContent).toContain('ends with it.');
    await userEvent.click(within(reset).getByRole('button', { name: 'Cancel' }));
    act(() => store.setState({ lesson: null }));
    await userEvent.click(screen.getByRole('button', { name: 'New network' }));
    expect(screen.getByRole('dialog', { name: 'Start a new network?' }).textContent).not.toContain('lesson');
  });

  it('changes the link latency without a fresh network', async () => {
    const before = store.getState().generation;
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Link latency' }), '1000');
    expect(store.getState().settings.latencyMs).toBe(1000);
    expect(store.getState().generation).toBe(before);
    expect(screen.getByRole('combobox', { name: 'Resolve rule' })).toBeTruthy();
  });
});

describe('the page', () => {
  it('adds and removes nodes', async () => {
    await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Node localhost:5003' })).toBeTruthy());
    await userEvent.click(screen.getByRole('button', { name: 'Remove node' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Node localhost:5003' })).toBeNull());
  });

  it('says how to start one when the last node is removed', async () => {
    for (let i = 0; i < 3; i++) await userEvent.click(screen.getByRole('button', { name: 'Remove node' }));
    await waitFor(() => expect(store.getState().nodes).toHaveLength(0));
    expect(screen.getByText('The network has no nodes. Press “Add node” to start one.')).toBeTruthy();
    expect(screen.queryByText(/^Start here/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    await waitFor(() => expect(screen.getByRole('region', { name: 'Node localhost:5000' })).toBeTruthy());
    expect(screen.queryByText(/has no nodes/)).toBeNull();
  });

  it('offers the overview once the columns are more than six, and O turns it on and off', async () => {
    expect(screen.queryByRole('switch', { name: 'Overview' })).toBeNull();
    for (let i = 0; i < 4; i++) await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    await waitFor(() => expect(store.getState().nodes).toHaveLength(7));
    const overview = screen.getByRole('switch', { name: 'Overview' });
    expect(overview.getAttribute('aria-checked')).toBe('false');
    await userEvent.click(overview);
    expect(store.getState().overview).toBe(true);
    expect(document.querySelector('.network')?.classList.contains('overview')).toBe(true);
    // Every column's heading keeps its whole address for screen readers.
    expect(screen.getByRole('heading', { name: 'localhost:5006' })).toBeTruthy();
    // The Behaviour select is folded away: a node that does not play by the rules has a mark.
    expect(node('localhost:5001').querySelector('.behaviour-mark')).toBeNull();
    await userEvent.selectOptions(within(node('localhost:5001')).getByRole('combobox', { name: 'Behaviour' }), 'lies');
    await waitFor(() =>
      expect(node('localhost:5001').querySelector('.behaviour-mark')?.textContent).toBe('⚠Lies about its length'),
    );
    // (Not while the focus is on the select, where a key chooses an option.)
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('o');
    expect(store.getState().overview).toBe(false);
    expect(screen.getByRole('switch', { name: 'Overview' }).getAttribute('aria-checked')).toBe('false');
  });

  it('switches to Korean and back', async () => {
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Language/ }), 'ko');
    expect(screen.getByRole('region', { name: '노드 localhost:5000' })).toBeTruthy();
    expect(screen.getAllByRole('button', { name: '채굴' })).toHaveLength(3);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: /Language/ }), 'en');
    expect(screen.getAllByRole('button', { name: 'Mine' })).toHaveLength(3);
  });
});

describe('the first-load hint', () => {
  it('says what to do first until the person acts, and stays away after a jump back to the start', async () => {
    expect(screen.getByText(/^Start here: pick Mine/)).toBeTruthy();
    await userEvent.click(within(node('localhost:5000')).getByRole('button', { name: 'Mine' }));
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.length).toBe(2));
    expect(screen.queryByText(/^Start here/)).toBeNull();
    await userEvent.click(screen.getByRole('switch', { name: 'Step mode' }));
    // Back, step by step, to before the block was forged.
    while (store.getState().nodes[0]?.snapshot.length !== 1) {
      const back = screen.getByRole('button', { name: 'Step back' }) as HTMLButtonElement;
      await waitFor(() => expect(back.disabled).toBe(false));
      await userEvent.click(back);
      await waitFor(() => expect(store.getState().replaying).toBeNull());
    }
    expect(store.getState().pastNext).not.toBeNull();
    expect(screen.queryByText(/^Start here/)).toBeNull();
  });

  it('goes away when the person puts it away', async () => {
    await userEvent.click(screen.getByRole('button', { name: 'Got it' }));
    expect(screen.queryByText(/^Start here/)).toBeNull();
  });
});

describe('importing a run from a file', () => {
  const choose = (text: string) =>
    userEvent.upload(
      screen.getByLabelText('Import run', { selector: 'input' }),
      new File([text], 'run.json', { type: 'application/json' }),
    );

  it('says at once why a file is refused, and asks nothing', async () => {
    await choose('{"version": 1, "junk"');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/not JSON|JSON/));
    expect(screen.queryByRole('dialog', { name: 'Replace the current network?' })).toBeNull();
    // It stays until put away; then the focus goes to Import run, not to the page.
    const dismiss = screen.getByRole('button', { name: 'Dismiss' });
    dismiss.focus();
    await userEvent.click(dismiss);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement?.textContent).toBe('Import run');
  });

  it('asks before a file that reads well replaces the network, and replaces it when told to', async () => {
    await userEvent.click(within(node('localhost:5001')).getByRole('button', { name: 'Mine' }));
    await waitFor(() => expect(store.getState().nodes[1]?.snapshot.length).toBe(2));
    await choose(sim.exportRun());
    const ask = await screen.findByRole('dialog', { name: 'Replace the current network?' });
    await userEvent.click(within(ask).getByRole('button', { name: 'Import and replace' }));
    await waitFor(() => expect(store.getState().transferDone?.key).toBe('run.imported'));
    expect(store.getState().nodes[1]?.snapshot.length).toBe(2);
  });
});
