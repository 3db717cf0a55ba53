import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { haveVectors, list, object, readVector, text } from '../../test/support/vectors';
import { type ProofSearch, proofOfWork } from '../core/proof';
import { hasSimd, type Kernel, scalarKernel } from './kernels';
import { nodeKernel } from './node-kernel';
import { LANES } from './sha256x4-wat';

let simd: Kernel;
beforeAll(async () => {
  simd = await nodeKernel();
});

const searches = fc.record({
  rule: fc.constantFrom('seed' as const, 'reference' as const),
  difficulty: fc.integer({ min: 1, max: 2 }),
  lastProof: fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
    fc.string({ maxLength: 90 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
  ),
  lastHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe('the kernels', () => {
  it('picks the SIMD kernel in Node 20', () => {
    expect(hasSimd()).toBe(true);
    expect(simd.name).toBe('simd');
  });

  it('find exactly what the straightforward search (@noble/hashes) finds, from anywhere', () => {
    fc.assert(
      fc.property(searches, fc.integer({ min: 0, max: 120_000 }), (search: ProofSearch, from) => {
        const expected = proofOfWork(search, from);
        for (const kernel of [simd, scalarKernel]) {
          expect(kernel.search(search, from, 1_000_000), kernel.name).toEqual({
            proof: expected,
            tried: expected - from + 1,
          });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('find the same whichever word of the first block the digits start in', () => {
    // The SIMD kernel leaves the rounds before the word with the first digit to JS: rounds 0..skip
    // for digits from word skip < 8 (the word added in the kernel), rounds 0..7 from word 8 on.
    for (let length = 0; length <= 72; length++) {
      const lastProof = Array.from({ length }, (_, i) => String((i * 7 + length) % 10)).join('');
      for (const rule of ['reference', 'seed'] as const) {
        const search: ProofSearch = { rule, difficulty: 2, lastProof, lastHash: 'c0ffee'.repeat(10).concat('0123') };
        for (const from of [0, 9_990]) {
          const expected = proofOfWork(search, from);
          expect(simd.search(search, from, 1_000_000), `${rule} ${length} ${from}`).toEqual({
            proof: expected,
            tried: expected - from + 1,
          });
        }
      }
    }
  });

  it('find a proof in whichever lane of a pass it falls, and the lowest of two in one pass', () => {
    for (const rule of ['seed', 'reference'] as const) {
      for (const difficulty of [1, 2]) {
        const search: ProofSearch = { rule, difficulty, lastProof: '7', lastHash: 'ab'.repeat(32) };
        const first = proofOfWork(search, 1_000);
        // Starting `lane` proofs before it puts it in that lane of the first pass.
        for (let lane = 0; lane < LANES; lane++) {
          expect(simd.search(search, first - lane, 1_000_000), `${rule} ${difficulty} ${lane}`).toEqual({
            proof: first,
            tried: lane + 1,
          });
        }
      }
    }
    // Two proofs in one pass: the smaller one is the answer, whichever lanes they fall in.
    for (const rule of ['seed', 'reference'] as const) {
      const search: ProofSearch = { rule, difficulty: 1, lastProof: '42', lastHash: 'cd'.repeat(32) };
      let starts = 0;
      let after = 100_000;
      let proof = proofOfWork(search, after);
      while (starts < 40) {
        const next = proofOfWork(search, proof + 1);
        for (let start = Math.max(after, next - LANES + 1); start <= proof; start++) {
          expect(simd.search(search, start, LANES), `${rule} ${start}`).toEqual({ proof, tried: proof - start + 1 });
          starts++;
        }
        after = proof + 1;
        proof = next;
      }
    }
  });

  it('cross into one digit more at every power of ten up to 10^7, and stop at any count', () => {
    for (const rule of ['seed', 'reference'] as const) {
      for (const difficulty of [1, 2, 3]) {
        const search: ProofSearch = { rule, difficulty, lastProof: '31', lastHash: '9f'.repeat(32) };
        for (let digits = 1; digits <= 7; digits++) {
          const from = Math.max(0, 10 ** digits - 13);
          const expected = proofOfWork(search, from);
          expect(simd.search(search, from, 1_000_000), `${rule} ${difficulty} ${from}`).toEqual({
            proof: expected,
            tried: expected - from + 1,
          });
          // Any count short of the proof: every proof of the range is tried, and no more.
          for (const count of [1, LANES - 1, LANES, LANES + 3, 3 * LANES + 5].filter((n) => n <= expected - from)) {
            expect(simd.search(search, from, count), `${rule} ${difficulty} ${from} ${count}`).toEqual({
              proof: null,
              tried: count,
            });
          }
        }
      }
    }
  });

  it('go on from one call of the kernel to the next (2^18 guesses each) without a gap', () => {
    const search: ProofSearch = { rule: 'reference', difficulty: 8, lastProof: '5', lastHash: 'e1'.repeat(32) };
    expect(simd.search(search, 123_457, 600_003)).toEqual({ proof: null, tried: 600_003 });
    // A first proof past the first call; the scalar kernel (checked against proofOfWork above) is
    // the reference here, as proofOfWork itself takes seconds for half a million guesses.
    const hard: ProofSearch = { rule: 'seed', difficulty: 4, lastProof: '64', lastHash: '' };
    const expected = scalarKernel.search(hard, 0, 1_000_000);
    expect(expected.proof).toBeGreaterThan(1 << 18);
    expect(simd.search(hard, 0, 1_000_000)).toEqual(expected);
  });

  it('carry into a new digit and stop at the end of their range', () => {
    const search: ProofSearch = { rule: 'seed', difficulty: 4, lastProof: '100', lastHash: '' };
    expect(simd.search(search, 0, 35293)).toEqual({ proof: null, tried: 35293 });
    expect(simd.search(search, 9_997, 100_000)).toEqual({ proof: 35293, tried: 35293 - 9_997 + 1 });
    expect(simd.search(search, 35290, 3)).toEqual({ proof: null, tried: 3 });
    expect(simd.search(search, 35290, 4)).toEqual({ proof: 35293, tried: 4 });
  });

  it.skipIf(!haveVectors)('find every proof of the reference vectors', () => {
    const file = readVector('proofs.json');
    const cases = [
      ...list(file.three_arg_difficulty4).map((c) => ({ c: object(c), rule: 'reference' as const })),
      ...list(file.two_arg_difficulty4).map((c) => ({ c: object(c), rule: 'seed' as const })),
      ...list(file.generalised_difficulty_3_and_5_NOT_in_reference).map((c) => ({
        c: object(c),
        rule: text(object(c).rule) === '2-arg' ? ('seed' as const) : ('reference' as const),
      })),
    ];
    for (const { c, rule } of cases) {
      const search: ProofSearch = {
        rule,
        difficulty: Number(c.difficulty),
        lastProof: String(c.last_proof),
        lastHash: typeof c.last_hash === 'string' ? c.last_hash : '',
      };
      expect(simd.search(search, 0, Number.MAX_SAFE_INTEGER)).toEqual({
        proof: Number(c.proof),
        tried: Number(c.guesses_tried),
      });
    }
  });
});
