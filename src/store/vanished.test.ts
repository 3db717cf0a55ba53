import { describe, expect, it } from 'vitest';
import { minedNode } from '../../test/support/chains';
import { blockHash, type Chain } from '../core/block';
import type { NodeSnapshot } from '../core/connection';
import { vanishedTransactions } from './vanished';

const snapshot = (chain: Chain): NodeSnapshot => {
  const state = { ...minedNode(0), chain };
  return { state, hashes: chain.map(blockHash), length: chain.length };
};

describe('the transactions a resolve takes away', () => {
  it('are those of the lost blocks that no gained block holds, rewards aside', () => {
    const honest = minedNode(3).chain; // blocks 2-4 hold s0→r0 1, s1→r1 2, s2→r2 3, each with a reward
    const block = (index: number, sender: string) => ({
      index: BigInt(index),
      timestamp: 1.5,
      transactions: [
        { sender, recipient: 'r1', amount: 2n },
        { sender: '0', recipient: 'attacker', amount: 1n },
      ],
      proof: 7n,
      previous_hash: 'x',
    });
    // The winner shares blocks 1 and 2, then holds s1→r1 2 again (so it did not vanish), and other blocks.
    const winning = [honest[0], honest[1], block(3, 's1'), block(4, 'm'), block(5, 'm')] as Chain;
    const gone = vanishedTransactions(snapshot(honest), snapshot(winning));
    expect(gone).toEqual([{ sender: 's2', recipient: 'r2', amount: 3n, index: 4 }]);
  });

  it('are none when the new chain only extends the old one', () => {
    const chain = minedNode(4).chain;
    expect(vanishedTransactions(snapshot(chain.slice(0, 2)), snapshot(chain))).toEqual([]);
  });
});
