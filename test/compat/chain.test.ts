import { describe, expect, it } from 'vitest';
import { blockHash } from '../../src/core/block';
import { canonicalJson } from '../../src/core/json/canonical';
import { parseJson } from '../../src/core/json/read';
import { REFERENCE_RULES } from '../../src/core/rules';
import { validChain } from '../../src/core/validation';
import { haveVectors, list, object, readVector, text, vectorSuite } from '../support/vectors';

describe.skipIf(!haveVectors)(vectorSuite('the reference chain and its tampered variants'), () => {
  const head = haveVectors ? readVector('chain-dvf-head.json') : {};

  it('re-hashes every block of the GET /chain body exactly', () => {
    const body = object(parseJson(text(head.raw_http_body_of_GET_chain)));
    const chain = list(body.chain);
    const blocks = list(head.blocks).map(object);
    expect(chain).toHaveLength(5);
    blocks.forEach((b, i) => {
      expect(canonicalJson(chain[i] ?? null)).toBe(text(b.canonical_json));
      expect(blockHash(chain[i] ?? null)).toBe(text(b.hash));
    });
  });

  it('validates chain-dvf-head.json, with a proof check per block whose guess matches', () => {
    const chain = list(object(parseJson(text(head.raw_http_body_of_GET_chain))).chain);
    const verdict = validChain(chain, REFERENCE_RULES);
    expect(verdict.valid).toBe(true);
    const proofs = verdict.trace.filter((c) => c.check === 'proof');
    const blocks = list(head.blocks).map(object).slice(1);
    expect(proofs.map((c) => c.guess)).toEqual(blocks.map((b) => text(b.pow_guess_string)));
    expect(proofs.map((c) => c.digest)).toEqual(blocks.map((b) => text(b.pow_guess_sha256)));
  });

  const tampered = haveVectors ? list(readVector('tampered-chains.json').cases).map(object) : [];
  it('has all 32 tampered cases', () => expect(tampered).toHaveLength(32));

  it.each(tampered.map((c) => [text(c.name), c] as const))('%s: same verdict as the reference', (_name, c) => {
    const verdict = validChain(parseJson(text(c.chain_json_text)), REFERENCE_RULES);
    const reference = c.reference_valid_chain;
    // A reference exception (IndexError, KeyError) counts as invalid; ours says why instead.
    expect(verdict.valid).toBe(reference === true);
    if (!verdict.valid) expect(verdict.failure.reason).toMatch(/\S/);
  });

  it('reports the failing block the reference names', () => {
    const byName = new Map(tampered.map((c) => [text(c.name), c]));
    const failure = (name: string) => {
      const verdict = validChain(parseJson(text(byName.get(name)?.chain_json_text)), REFERENCE_RULES);
      return verdict.valid ? null : verdict.failure;
    };
    expect(failure('amount-changed-mid-chain')).toMatchObject({ check: 'previous_hash', position: 2 });
    expect(failure('proof-changed-mid-chain')).toMatchObject({ check: 'proof', position: 2 });
    expect(failure('proof-as-float-in-last-block')).toMatchObject({ check: 'proof', position: 4 });
    expect(failure('blocks-swapped')).toMatchObject({ check: 'previous_hash', position: 1 });
    expect(failure('empty-list')).toMatchObject({ check: 'chain', reason: 'the chain is empty' });
    expect(failure('previous-hash-key-missing')).toMatchObject({ check: 'previous_hash', position: 2 });
  });
});
