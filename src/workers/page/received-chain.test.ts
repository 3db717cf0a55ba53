import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '../../core/connection';
import { ReceivedChain } from './received-chain';

/** A change as a node sends it: keep the first `keep` blocks, then add `added` new ones. */
const change = fc.record({
  keep: fc.nat({ max: 700 }),
  // Past a chunk (64) many times, so that versions share full chunks.
  added: fc.nat({ max: 300 }),
  // Which earlier snapshot to read after this change (a column drawing a chain), if any.
  read: fc.option(fc.nat(), { nil: null }),
});

const block = (n: number) => ({ index: BigInt(n), proof: n });

describe('ReceivedChain', () => {
  it('gives every snapshot the chain a copy per change would, whenever it is read, and never alters one', () => {
    fc.assert(
      fc.property(fc.nat({ max: 400 }), fc.array(change, { maxLength: 40 }), (start, changes) => {
        let counter = 0;
        const fresh = (count: number) => Array.from({ length: count }, () => block(counter++));
        const first = fresh(start + 1);
        let expected = { chain: first, hashes: first.map((b) => `h${b.proof}`) };
        let chain = ReceivedChain.of(first, expected.hashes);
        const versions: { snapshot: NodeSnapshot; kept: ReceivedChain; expected: typeof expected }[] = [];
        for (const { keep, added, read } of changes) {
          const blocks = fresh(added);
          const hashes = blocks.map((b) => `h${b.proof}`);
          chain = chain.changed(keep, blocks, hashes);
          expected = {
            chain: expected.chain.slice(0, keep).concat(blocks),
            hashes: expected.hashes.slice(0, keep).concat(hashes),
          };
          versions.push({ snapshot: chain.snapshot({} as never), kept: chain.kept(), expected });
          if (read !== null) {
            const earlier = versions[read % versions.length];
            expect(earlier?.snapshot.hashes).toEqual(earlier?.expected.hashes);
            // A version kept for a checkpoint reads the same, whether or not its arrays were made.
            expect(earlier?.kept.arrays().chain).toEqual(earlier?.expected.chain);
          }
        }
        for (const { snapshot, expected: want } of versions) {
          expect(snapshot.length).toBe(want.chain.length);
          expect(snapshot.state.chain).toEqual(want.chain);
          expect(snapshot.hashes).toEqual(want.hashes);
          // Read twice, the same arrays: what the page draws keeps its identity.
          expect(snapshot.state.chain).toBe(snapshot.state.chain);
        }
      }),
    );
  });

  it('keeps the arrays it was given while nothing changes, and copies nothing for a read', () => {
    const blocks = [block(1), block(2)];
    const hashes = ['a', 'b'];
    const chain = ReceivedChain.of(blocks, hashes);
    expect(chain.snapshot({} as never).state.chain).toBe(blocks);
    expect(chain.changed(2, [], []).snapshot({} as never).hashes).toBe(hashes);
  });

  it('keeps the state it is given beside the chain', () => {
    const snapshot = ReceivedChain.of([block(0)], ['h0']).snapshot({
      address: 'localhost:5000',
      nodeIdentifier: 'id',
      pendingTransactions: [],
      neighbours: ['localhost:5001'],
      rules: { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' },
    });
    expect({ ...snapshot.state }).toEqual({
      address: 'localhost:5000',
      nodeIdentifier: 'id',
      pendingTransactions: [],
      neighbours: ['localhost:5001'],
      rules: { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' },
      chain: [block(0)],
    });
  });
});
