import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockHash, genesisBlock } from './block';
import { checkProof, type ProofSearch, proofOfWork, proofText, tryProof } from './proof';
import { searchProofs } from './search';

// Known facts of the tutorial and its reference, so the suite stands without ../shared.
const genesis = genesisBlock(1795462490.1522536);
const afterGenesis = (rule: ProofSearch['rule']): ProofSearch => ({
  rule,
  difficulty: 4,
  lastProof: '100',
  lastHash: blockHash(genesis),
});

describe('proof of work', () => {
  it('hashes the reference genesis block to its known hash', () => {
    expect(blockHash(genesis)).toBe('5e45787f1eef90c202df425e2073a3586cf6187064c8ad407c0b6c140ebf0dc0');
  });

  it('finds 35293 after genesis under the seed rule, and 104319 under the reference rule', () => {
    expect(proofOfWork(afterGenesis('seed'))).toBe(35293);
    expect(tryProof(afterGenesis('seed'), 35293).guess).toBe('10035293');
    expect(searchProofs(afterGenesis('reference'), 0, 200_000)).toEqual({ proof: 104319, tried: 104320 });
  });

  it('checkProof, which remembers digests, answers what tryProof answers, asked once or again', () => {
    const search = fc.record({
      rule: fc.constantFrom('seed' as const, 'reference' as const),
      difficulty: fc.integer({ min: 1, max: 3 }),
      lastProof: fc.bigInt({ min: 0n, max: 10n ** 6n }).map(String),
      lastHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(
      fc.property(search, fc.integer({ min: 0, max: 100_000 }), (s, proof) => {
        const fresh = tryProof(s, proof);
        expect(checkProof(s, proof)).toEqual(fresh);
        expect(checkProof(s, proof)).toEqual(fresh);
        // The same guess under a stricter difficulty is judged by that difficulty, not remembered as ok.
        expect(checkProof({ ...s, difficulty: 8 }, proof).ok).toBe(tryProof({ ...s, difficulty: 8 }, proof).ok);
      }),
    );
    expect(checkProof(afterGenesis('seed'), 35293).ok).toBe(true);
    expect(checkProof(afterGenesis('seed'), 35292).ok).toBe(false);
  });

  it('formats proofs as Python str() does', () => {
    expect([5n, '5', 5, true, null, [1n]].map((v) => proofText(v))).toEqual(['5', '5', '5.0', 'True', 'None', null]);
  });

  it('the fast search finds exactly what the straightforward one finds', () => {
    const search = fc.record({
      rule: fc.constantFrom('seed' as const, 'reference' as const),
      difficulty: fc.integer({ min: 1, max: 2 }),
      lastProof: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.string({ maxLength: 70 })),
      lastHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    fc.assert(
      fc.property(search, fc.integer({ min: 0, max: 10_000 }), (s, from) => {
        const found = searchProofs(s, from, 100_000);
        expect(found.proof).toBe(proofOfWork(s, from));
        expect(found.tried).toBe((found.proof as number) - from + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('stops at the end of its range, and carries into a new digit', () => {
    const s = afterGenesis('seed');
    expect(searchProofs(s, 0, 35293)).toEqual({ proof: null, tried: 35293 });
    expect(searchProofs(s, 9_990, 100_000)).toEqual({ proof: 35293, tried: 35293 - 9_990 + 1 });
  });
});
