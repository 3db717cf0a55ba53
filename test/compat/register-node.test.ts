import { describe, expect, it } from 'vitest';
import { chainUrl, normaliseAddress } from '../../src/core/address';
import { haveVectors, list, object, readVector, text, vectorSuite } from '../support/vectors';

/** Where we deliberately differ: "host:port" without a scheme keeps its host (Python 3.9+ drops it). */
const KEEPS_HOST: Record<string, string> = {
  'localhost:5001': 'localhost:5001',
  'example.com:80': 'example.com:80',
  'node-a:5000': 'node-a:5000',
};

describe.skipIf(!haveVectors)(vectorSuite('register_node address normalisation'), () => {
  const cases = haveVectors ? list(readVector('register-node.json').cases).map(object) : [];
  it('has all 21 cases', () => expect(cases).toHaveLength(21));

  it.each(cases.map((c) => [JSON.stringify(text(c.input)), c] as const))('%s', (_title, c) => {
    const input = text(c.input);
    const result = normaliseAddress(input);
    if (c.exception !== undefined) {
      expect(result.ok).toBe(false);
      return;
    }
    const expected = KEEPS_HOST[input] ?? text(c.stored_node);
    expect(result).toEqual({ ok: true, node: expected });
    if (!(input in KEEPS_HOST)) expect([chainUrl(expected)]).toEqual(list(c.resolve_would_GET));
  });
});
