import { describe, expect, it } from 'vitest';
import { REFERENCE_RULES } from '../src/core/rules';
import { removeRealNode, showPastedChain } from '../src/store/real-actions';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { haveVectors, readVector, text, vectorSuite } from './support/vectors';

/** "Check a chain": a GET /chain body pasted (or loaded), shown and checked with valid_chain, no server. */
describe.skipIf(!haveVectors)(vectorSuite('a pasted GET /chain body'), () => {
  const body = haveVectors ? text(readVector('chain-dvf-head.json').raw_http_body_of_GET_chain) : '';

  it("shows the reference's own chain as valid under its rules, and says which rule it needs under the other", () => {
    const sim = startTestNetwork(REFERENCE_RULES);
    expect(showPastedChain(sim, body)).toBeNull();
    const [view] = store.getState().real;
    expect(view?.kind).toBe('pasted');
    expect(view?.chain).toHaveLength(5);
    expect(view?.problems).toEqual([]);

    const seed = startTestNetwork({ ...REFERENCE_RULES, proofRule: 'seed' });
    expect(showPastedChain(seed, body)).toBeNull();
    const [underSeed] = store.getState().real;
    expect(underSeed?.problems.length).toBeGreaterThan(0);
    expect(underSeed?.otherRule).toBe('reference');
    removeRealNode(seed, underSeed?.url ?? '');
    expect(store.getState().real).toEqual([]);
  });

  it('marks a tampered chain invalid at the broken link, and refuses what is not a chain, changing nothing', () => {
    const sim = startTestNetwork(REFERENCE_RULES);
    const tampered = body.replace('"amount":1,', '"amount":100,');
    expect(tampered).not.toBe(body);
    expect(showPastedChain(sim, tampered)).toBeNull();
    expect(store.getState().real[0]?.problems[0]?.check).toBe('previous_hash');
    const before = store.getState().real;
    expect(showPastedChain(sim, '')?.key).toBe('paste.empty');
    expect(showPastedChain(sim, '{"chain": ')?.key).toBe('chainBody.notJson');
    expect(showPastedChain(sim, '{"length": 3}')?.key).toBe('chainBody.noChain');
    expect(showPastedChain(sim, '{"chain": []}')?.key).toBe('chainBody.empty');
    expect(showPastedChain(sim, 'x'.repeat(1_000_001))?.key).toBe('paste.tooLong');
    expect(store.getState().real).toBe(before);
  });
});
