import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPACT_SEPARATORS, canonicalJson, compareCodePoints, quote } from './canonical';
import { parseJson } from './read';

describe('canonicalJson', () => {
  it('sorts keys by code point, recursively, and uses Python separators', () => {
    expect(canonicalJson({ b: { z: 1n, a: 2n }, a: [{ d: 1n, c: 2n }], A: null })).toBe(
      '{"A": null, "a": [{"c": 2, "d": 1}], "b": {"a": 2, "z": 1}}',
    );
  });

  it('keeps integer-like keys in string order, unlike a JS object', () => {
    expect(canonicalJson({ '10': 1n, '9': 2n, '1': 3n, b: 4n, '-1': 5n })).toBe(
      '{"-1": 5, "1": 3, "10": 1, "9": 2, "b": 4}',
    );
  });

  it('puts U+FFFF before an astral character, as Python does', () => {
    expect(canonicalJson({ '\uffff': 1n, '😀': 2n })).toBe('{"\\uffff": 1, "\\ud83d\\ude00": 2}');
    expect(compareCodePoints('\uffff', '😀')).toBeLessThan(0);
  });

  it('tells ints from floats and keeps big ints exact', () => {
    expect(canonicalJson([1n, 1, 12345678901234567890n, -0, 1e16])).toBe('[1, 1.0, 12345678901234567890, -0.0, 1e+16]');
  });

  it('escapes like ensure_ascii', () => {
    expect(quote('멍개 🦀 "\\ </script> \u007f\t')).toBe(
      '"\\uba4d\\uac1c \\ud83e\\udd80 \\"\\\\ </script> \\u007f\\t"',
    );
    expect(quote('\ud800x')).toBe('"\\ud800x"');
  });

  it('writes the compact form Flask uses', () => {
    expect(canonicalJson({ b: [1n, 2n], a: 'x' }, COMPACT_SEPARATORS)).toBe('{"a":"x","b":[1,2]}');
  });

  it('reads back to the same value (any JSON value)', () => {
    const value = fc.letrec<{ json: unknown }>((tie) => ({
      json: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.string({ unit: 'binary' }),
        fc.bigInt(),
        fc.double(),
        fc.array(tie('json'), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('json'), { maxKeys: 4 }),
      ),
    })).json;
    fc.assert(
      fc.property(value, (v) => {
        const text = canonicalJson(v as never);
        expect(canonicalJson(parseJson(text))).toBe(text);
      }),
    );
  });
});
