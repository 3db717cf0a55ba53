import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash';
import { canonicalJson } from '../../src/core/json/canonical';
import { parseJson } from '../../src/core/json/read';
import { haveVectors, list, object, readVector, text, vectorSuite } from '../support/vectors';

describe.skipIf(!haveVectors)(vectorSuite('canonical JSON against the reference vectors'), () => {
  const cases = haveVectors ? list(readVector('canonical-json.json').cases).map(object) : [];

  it('has all 42 cases', () => {
    expect(cases).toHaveLength(42);
  });

  it.each(cases.map((c) => [text(c.name), c] as const))('%s', (_name, c) => {
    const out = canonicalJson(parseJson(text(c.input_json)));
    expect(out).toBe(text(c.python_json_dumps_sort_keys));
    expect(sha256Hex(out)).toBe(text(c.sha256));
  });
});
