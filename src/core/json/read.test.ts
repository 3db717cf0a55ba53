import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, parseJson, readJson } from './read';
import { nestingDepth } from './value';

describe('readJson', () => {
  it('keeps the int/float kind and exact big ints', () => {
    expect(parseJson('[1, 1.0, 1E2, -0, 12345678901234567890, 1e400]')).toEqual([
      1n,
      1,
      100,
      0n,
      12345678901234567890n,
      Number.POSITIVE_INFINITY,
    ]);
    expect(Object.is(parseJson('-0.0'), -0)).toBe(true);
  });

  it('accepts what Python accepts: NaN, Infinity, duplicate keys (last wins)', () => {
    expect(parseJson('[NaN, -Infinity]')).toEqual([Number.NaN, Number.NEGATIVE_INFINITY]);
    expect(parseJson('{"a": 1, "a": 2}')).toEqual({ a: 2n });
  });

  it('reads values exactly MAX_DEPTH deep, as nestingDepth counts, and no deeper', () => {
    // The node refuses transactions by this count (node.ts): the two must agree.
    for (const [open, close] of [
      ['[', ']'],
      ['{"a": ', '}'],
    ] as const) {
      const text = (levels: number) => `${open.repeat(levels)}0${close.repeat(levels)}`;
      const deepest = readJson(text(MAX_DEPTH));
      expect(deepest.ok && nestingDepth(deepest.value)).toBe(MAX_DEPTH);
      expect(readJson(text(MAX_DEPTH + 1)).ok).toBe(false);
    }
  });

  it('keeps a "__proto__" key as data', () => {
    const value = parseJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['', 'Expecting value: line 1 column 1 (char 0)'],
    ['{bad', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['[1,]', 'Expecting value: line 1 column 4 (char 3)'],
    ['01', 'Extra data: line 1 column 2 (char 1)'],
    ['"a\nb"', 'Invalid control character at: line 1 column 3 (char 2)'],
    ['{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"],
    ['"\\x"', 'Invalid \\escape: line 1 column 2 (char 1)'],
    ['"abc', 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ])('refuses %j with a message like Python', (text, message) => {
    const result = readJson(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(message);
  });

  it('refuses nesting that would overflow the stack, without throwing', () => {
    expect(readJson('['.repeat(100_000)).ok).toBe(false);
  });
});
