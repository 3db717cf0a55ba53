// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Chain } from '../core/block';
import { parseJson } from '../core/json/read';
import { createNode } from '../core/node';
import { Simulator } from '../store/simulator';
import type { NodeView, Replacement } from '../store/state';
import { initialState, store } from '../store/store';
import { ChainList } from './ChainList';
import { SimulatorProvider } from './simulator';

/** The list draws the store; opening a block is a store change too (no network is asked). */
const unused = new Simulator(
  { connect: () => undefined as never, now: () => 0, frame: () => {}, wallSeconds: () => 0, seed: () => 1 },
  store,
);
const renderList = (node: NodeView) =>
  render(
    <SimulatorProvider simulator={unused}>
      <ChainList node={node} column={0} />
    </SimulatorProvider>,
  );

afterEach(() => cleanup());

/** A node holding `chain`, as the store shows it (a chain adopted from a neighbour is kept verbatim). */
function nodeWith(
  chain: Chain,
  hashes = chain.map((_, i) => `${i}`.padStart(64, 'a')),
  replacement: Replacement | null = null,
): NodeView {
  const rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' } as const;
  const state = {
    ...createNode({ address: 'localhost:5000', nodeIdentifier: 'f'.repeat(32), rules, timestamp: 1 }),
    chain,
  };
  const node: NodeView = {
    address: state.address,
    snapshot: { state, hashes, length: chain.length },
    activity: null,
    progress: null,
    failure: null,
    log: [],
    announcement: null,
    resolution: null,
    replacement,
    continuous: false,
  };
  store.setState({ ...initialState(), nodes: [node] });
  return node;
}

describe('a chain list', () => {
  it('shows a previous_hash that is an object with its own "toString" key as its JSON', () => {
    // A one-block chain is always valid, so a neighbour that claims a greater length can make a
    // node adopt any first block at all.
    const chain = [parseJson('{"index": 1, "previous_hash": {"toString": 1}, "proof": 100}')];
    renderList(nodeWith(chain));
    const list = screen.getByRole('list', { name: 'Chain of localhost:5000' });
    const block = within(list).getAllByRole('button')[0] as HTMLElement;
    expect(block.textContent).toContain('{"toStri');
    expect(document.getElementById(block.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'previous_hash {"toString": 1}',
    );
  });

  it('opens a block by the store, so a lesson can ask for it and do it, and remembers it after closing', async () => {
    const chain = [parseJson('{"index": 1, "previous_hash": "1", "proof": 100, "timestamp": 1.0, "transactions": []}')];
    renderList(nodeWith(chain));
    const list = screen.getByRole('list', { name: 'Chain of localhost:5000' });
    (within(list).getAllByRole('button')[0] as HTMLElement).click();
    expect(store.getState().openedBlock).toEqual({ address: 'localhost:5000', position: 0 });
    expect(await screen.findByRole('dialog', { name: 'Details of block 1' })).toBeTruthy();
    store.setState({ openedBlock: null });
    expect(store.getState().seenBlock).toEqual({ address: 'localhost:5000', position: 0 });
  });

  it('shows the blocks a resolve replaced leaving only when the chain it replaced was the one on screen', () => {
    const blocks = (n: number) =>
      Array.from({ length: n }, (_, i) => parseJson(`{"index": ${i + 1}, "previous_hash": "1", "proof": 100}`));
    const hashes = (letter: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${letter}${i}`.padStart(64, '0'));
    const leaving = () => screen.queryByRole('list', { name: 'replaced' });
    // Drawn with a replacement it already had: nothing arrives.
    const { rerender } = renderList(
      nodeWith(blocks(3), hashes('a', 3), { seq: 1, previousHashes: hashes('z', 2), winner: null, length: 3 }),
    );
    expect(leaving()).toBeNull();
    const draw = (node: NodeView) =>
      rerender(
        <SimulatorProvider simulator={unused}>
          <ChainList node={node} column={0} />
        </SimulatorProvider>,
      );
    // A resolve replaces the chain on screen: its blocks that the new one lacks leave.
    const replaced = { seq: 2, previousHashes: hashes('a', 3), winner: null, length: 4 };
    draw(nodeWith(blocks(4), [...hashes('a', 1), ...hashes('b', 3)], replaced));
    expect(within(leaving() as HTMLElement).getAllByRole('listitem')).toHaveLength(2);
    // A jump elsewhere in time: the replacement shown then happened to another chain than this one.
    draw(nodeWith(blocks(5), hashes('c', 5), { seq: 3, previousHashes: hashes('d', 4), winner: null, length: 5 }));
    expect(leaving()).toBeNull();
  });
});

describe('a chain far behind the longest', () => {
  const chainOf = (n: number): Chain =>
    Array.from({ length: n }, (_, i) => parseJson(`{"index": ${i + 1}, "previous_hash": "${i}", "proof": 100}`));
  const shownIndexes = () =>
    within(screen.getByRole('list', { name: 'Chain of localhost:5000' }))
      .getAllByRole('listitem')
      .map((item) => item.querySelector('.block-index')?.textContent);

  it('shows its own newest blocks while the window follows the longest chain, and says why', () => {
    const short = nodeWith(chainOf(40));
    const long = { ...short, address: 'localhost:5001', snapshot: { ...short.snapshot, length: 100 } };
    store.setState({ nodes: [short, long] });
    renderList(short);
    // The shared window shows heights 71-100 here; the 40-block chain would show none of its own.
    expect(shownIndexes()).toEqual(['#36', '#37', '#38', '#39', '#40']);
    expect(screen.getByText('Behind the longest chain: its newest blocks, not lined up by height.')).toBeTruthy();
  });

  it('shows none of them where the person paged to heights past its end', () => {
    const short = nodeWith(chainOf(40));
    const long = { ...short, address: 'localhost:5001', snapshot: { ...short.snapshot, length: 100 } };
    store.setState({ nodes: [short, long], chainEnd: 100 });
    renderList(short);
    expect(within(screen.getByRole('list', { name: 'Chain of localhost:5000' })).queryAllByRole('listitem')).toEqual(
      [],
    );
    expect(screen.getByText('This chain ends at block 40, before the heights shown.')).toBeTruthy();
  });
});

describe('a block card', () => {
  const block = (index: number, transactions: string) =>
    parseJson(
      `{"index": ${index}, "previous_hash": "${'e'.repeat(64)}", "proof": 35293, "transactions": [${transactions}]}`,
    );
  const transaction = '{"amount": 1, "recipient": "b", "sender": "a"}';
  /** The card's two lines of text, as a person reads them. */
  const lines = (index: number) => {
    const item = within(screen.getByRole('list', { name: 'Chain of localhost:5000' }))
      .getAllByRole('listitem')
      .find((li) => li.querySelector('.block-index')?.textContent === `#${index}`);
    const text = item?.querySelector('.block-text') as HTMLElement;
    return text.innerHTML.split('<br>').map((part) => {
      const holder = document.createElement('div');
      holder.innerHTML = part;
      return holder.textContent?.trim();
    });
  };
  const draw = (node: NodeView) => (
    <SimulatorProvider simulator={unused}>
      <ChainList node={node} column={0} />
    </SimulatorProvider>
  );

  it('has its hash and transaction count on one line, its proof and previous hash on the next', () => {
    renderList(nodeWith([block(1, ''), block(2, transaction)]));
    expect(lines(1)).toEqual(['aaaaaaaa 0 transactions', '35293 eeeeeeee']);
    expect(lines(2)).toEqual(['aaaaaaaa 1 transaction', '35293 eeeeeeee']);
    // A screen reader hears the fields as separate words (the labels, drawn by CSS, are not in jsdom).
    expect(screen.getByRole('button', { name: '#1 aaaaaaaa 0 transactions 35293 eeeeeeee' })).toBeTruthy();
  });

  it("shows an adopted block's badge in the place of its transaction count", () => {
    const hashes = ['a', 'b', 'c'].map((letter) => letter.repeat(64));
    const adopted = { seq: 1, previousHashes: hashes.slice(0, 1), winner: 'localhost:5001', length: 3 };
    const { rerender } = renderList(nodeWith([block(1, '')], hashes.slice(0, 1)));
    rerender(draw(nodeWith([block(1, ''), block(2, ''), block(3, transaction)], hashes, adopted)));
    expect(lines(1)).toEqual(['aaaaaaaa 0 transactions', '35293 eeeeeeee']);
    expect(lines(3)).toEqual(['cccccccc from :5001', '35293 eeeeeeee']);
    // A block the node mines itself right after, while the adopted ones are still marked: not from :5001.
    const mined = [block(1, ''), block(2, ''), block(3, transaction), block(4, '')];
    rerender(draw(nodeWith(mined, [...hashes, 'd'.repeat(64)], adopted)));
    expect(lines(3)).toEqual(['cccccccc from :5001', '35293 eeeeeeee']);
    expect(lines(4)).toEqual(['dddddddd 0 transactions', '35293 eeeeeeee']);
  });
});
