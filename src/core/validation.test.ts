import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minedChain, QUICK_RULES } from '../../test/support/chains';
import { canonicalJson } from './json/canonical';
import { parseJson } from './json/read';
import { type Json, type JsonObject, objectFromEntries } from './json/value';
import type { Rules } from './rules';
import { validChain } from './validation';

const SEED_RULES: Rules = { ...QUICK_RULES, proofRule: 'seed' };
const chains = { reference: minedChain(5, QUICK_RULES), seed: minedChain(5, SEED_RULES) };

function clone(chain: Json[]): JsonObject[] {
  return structuredClone(chain) as JsonObject[];
}

describe('validChain', () => {
  it('accepts a mined chain, with one previous_hash and one proof check per block after the first', () => {
    const verdict = validChain(chains.reference, QUICK_RULES);
    expect(verdict.valid).toBe(true);
    expect(verdict.trace.map((c) => `${c.check}@${c.position}`)).toEqual(
      [1, 2, 3, 4, 5].flatMap((p) => [`previous_hash@${p}`, `proof@${p}`]),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const verdict = validChain(value as Json, QUICK_RULES);
        expect(typeof verdict.valid).toBe('boolean');
      }),
    );
  });

  it('says what a previous_hash that is not a string holds, even an object with its own toString (seed profile)', () => {
    const bare: JsonObject = Object.create(null);
    bare.a = 1n;
    for (const [previousHash, shown] of [
      [parseJson('{"toString": 1}'), '{"toString": 1}'],
      [parseJson('{"valueOf": [], "toString": {}}'), '{"toString": {}, "valueOf": []}'],
      [parseJson('[{"toString": null}]'), '[{"toString": null}]'],
      [bare, '{"a": 1}'],
      [1.0, '1.0'],
    ] as const) {
      const chain = clone(chains.seed);
      (chain[1] as JsonObject).previous_hash = previousHash;
      const verdict = validChain(chain, SEED_RULES);
      expect(verdict.valid).toBe(false);
      if (verdict.valid) continue;
      expect(verdict.failure).toMatchObject({ check: 'previous_hash', position: 1, actual: shown });
      expect(verdict.failure.reason).toBe(
        `block 2: previous_hash ${shown} is not the hash of block 1 (${verdict.failure.expected})`,
      );
    }
  });

  it('never throws on blocks whose values have keys named after Object.prototype members', () => {
    const key = fc.constantFrom('toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'proof');
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom<Json>(null, true, 1n, 1.5, 'x'),
        fc.array(tie('value')),
        fc.array(fc.tuple(key, tie('value'))).map((entries) => objectFromEntries(entries as [string, Json][])),
      ),
    })).value as fc.Arbitrary<Json>;
    fc.assert(
      fc.property(value, value, (previousHash, proof) => {
        const chain = clone(chains.seed);
        Object.assign(chain[1] as JsonObject, { previous_hash: previousHash, proof });
        expect(validChain(chain, SEED_RULES).valid).toBe(false);
      }),
    );
  });

  for (const [rule, rules] of [
    ['reference', QUICK_RULES],
    ['seed', SEED_RULES],
  ] as const) {
    it(`rejects any change to a transaction, proof or link of a block with a successor (${rule} rule)`, () => {
      const original = chains[rule];
      const mutation = fc.record({
        position: fc.integer({ min: 0, max: original.length - 2 }),
        kind: fc.constantFrom('transaction', 'proof', 'link'),
        amount: fc.oneof(fc.bigInt(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string()),
        delta: fc.bigInt({ min: 1n, max: 1000n }),
      });
      fc.assert(
        fc.property(mutation, ({ position, kind, amount, delta }) => {
          const chain = clone(original);
          const block = chain[position] as JsonObject;
          if (kind === 'proof') block.proof = (block.proof as bigint) + delta;
          else if (kind === 'link') {
            if (position === 0) block.previous_hash = `${block.previous_hash}0`;
            else block.previous_hash = (block.previous_hash as string).replace(/^./, (c) => (c === 'f' ? 'e' : 'f'));
          } else {
            const transactions = block.transactions as JsonObject[];
            if (transactions.length === 0) transactions.push({ sender: 'x', recipient: 'y', amount });
            else {
              const first = transactions[0] as JsonObject;
              if (canonicalJson(first.amount ?? null) === canonicalJson(amount)) return;
              first.amount = amount;
            }
          }
          expect(validChain(chain, rules).valid).toBe(false);
        }),
      );
    });
  }

  it('names the first failing check with what it expected and found', () => {
    const chain = clone(chains.reference);
    (chain[2] as JsonObject).timestamp = 1;
    const verdict = validChain(chain, QUICK_RULES);
    expect(verdict.valid).toBe(false);
    if (verdict.valid) return;
    expect(verdict.failure).toMatchObject({ check: 'previous_hash', position: 3, ok: false });
    expect(verdict.failure.expected).not.toBe(verdict.failure.actual);
    expect(verdict.failure.reason).toMatch(/^block 4: previous_hash [0-9a-f]{64} is not the hash of block 3/);
  });

  it('checks the shape of every block only under the hardened profile', () => {
    const chain = clone(chains.reference);
    (chain[5] as JsonObject).index = 99n; // the last block's contents are not covered by any hash
    expect(validChain(chain, QUICK_RULES).valid).toBe(true);
    const hardened = validChain(chain, { ...QUICK_RULES, resolveRule: 'hardened' });
    expect(hardened.valid).toBe(false);
    if (!hardened.valid) expect(hardened.failure).toMatchObject({ check: 'shape', position: 5 });
    expect(validChain(chains.reference, { ...QUICK_RULES, resolveRule: 'hardened' }).valid).toBe(true);
  });

  it('treats a one-block chain as valid, whatever the block, as the reference does', () => {
    expect(validChain([{ anything: 'goes' }], QUICK_RULES).valid).toBe(true);
    expect(validChain([], QUICK_RULES).valid).toBe(false);
    expect(validChain({ chain: [] }, QUICK_RULES).valid).toBe(false);
  });
});
