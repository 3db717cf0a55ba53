import { execFileSync, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash';
import { canonicalJson } from '../../src/core/json/canonical';
import { parseJson } from '../../src/core/json/read';

/**
 * Python's json module is the definition of the canonical form, so where python3 is installed we
 * ask it directly: random JSON texts (odd number lexemes, escapes, raw Unicode, duplicate keys)
 * go through json.dumps(json.loads(text), sort_keys=True) and hashlib, and must match ours.
 */
const python = spawnSync('python3', ['-c', 'import json, hashlib'], { encoding: 'utf8' }).status === 0;

const PYTHON_SIDE = `
import hashlib, json, sys
out = []
for text in json.load(sys.stdin):
    dumped = json.dumps(json.loads(text), sort_keys=True)
    out.append([dumped, hashlib.sha256(dumped.encode()).hexdigest()])
json.dump(out, sys.stdout)
`;

const numberLexeme = fc.oneof(
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => {
    if (!Number.isInteger(x)) return String(x);
    return Math.abs(x) < 1e15 ? `${x}.0` : x.toExponential();
  }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential().replace('e', 'E')),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => `${x.toFixed(6)}`),
  fc.constantFrom('-0', '-0.0', '1e400', '-1e400', 'NaN', 'Infinity', '-Infinity', '1E2', '2.50', '5e-324', '1e16'),
);

const stringLexeme = fc.string({ unit: 'binary', maxLength: 12 }).chain((s) =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((escapeFlags) => {
    let out = '"';
    for (let i = 0; i < s.length; i++) {
      const unit = s.charCodeAt(i);
      const mustEscape = unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff);
      out += mustEscape || escapeFlags[i] ? `\\u${unit.toString(16).padStart(4, '0')}` : s[i];
    }
    return `${out}"`;
  }),
);

const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberLexeme,
    stringLexeme,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(' ,\n')}]`),
    fc
      .array(fc.tuple(stringLexeme, tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([k, v]) => `${k}:${v}`).join(', ')}}`),
  ),
})).value;

describe.skipIf(!python)(python ? 'differential: ours against python3' : 'differential (skipped: no python3)', () => {
  it('writes and hashes 400 random JSON texts exactly as python3 does', () => {
    const texts = fc.sample(jsonText, { numRuns: 400, seed: 20261201 });
    const output = execFileSync('python3', ['-c', PYTHON_SIDE], { input: JSON.stringify(texts), encoding: 'utf8' });
    const expected = JSON.parse(output) as [string, string][];
    texts.forEach((text, i) => {
      const ours = canonicalJson(parseJson(text));
      expect({ text, ours }).toEqual({ text, ours: expected[i]?.[0] });
      expect(sha256Hex(ours)).toBe(expected[i]?.[1]);
    });
  });
});
