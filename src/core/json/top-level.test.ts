import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topLevelString } from './top-level';

const bytes = (text: string) => new TextEncoder().encode(text);
/** JSON as ASCII, the way jsonify writes it: every other character escaped. */
function ascii(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += unit > 0x7f ? `\\u${unit.toString(16).padStart(4, '0')}` : text[i];
  }
  return out;
}

describe('topLevelString', () => {
  it('finds the field wherever it is among the others, and only at the top', () => {
    expect(topLevelString(bytes('{"message": "hi", "new_chain": [{"message": "no"}]}'), 'message')).toBe('hi');
    expect(topLevelString(bytes('{"chain": [{"message": "no"}], "message": "hi"}'), 'message')).toBe('hi');
    expect(topLevelString(bytes('{"chain": [{"message": "no"}]}'), 'message')).toBeUndefined();
    expect(topLevelString(bytes('{"a": "message", "b": {"message": "no"}}'), 'message')).toBeUndefined();
  });

  it('reads escapes in keys and values, and brackets and quotes inside strings', () => {
    expect(topLevelString(bytes('{"x": "a \\" } ] {", "mess\\u0061ge": "caf\\u00e9 \\"q\\""}'), 'message')).toBe(
      'café "q"',
    );
  });

  it('reads past any JSON whitespace, and takes the last of two fields of that name', () => {
    expect(topLevelString(bytes('\r\n{ "message" \t:\r\n "a" ,\t"message":"b" }\n'), 'message')).toBe('b');
  });

  it('gives nothing for a value that is not a string, or text that is not an object', () => {
    expect(topLevelString(bytes('{"message": 5}'), 'message')).toBeUndefined();
    expect(topLevelString(bytes('{"message": "a", "message": null}'), 'message')).toBeUndefined();
    expect(topLevelString(bytes('["message", "hi"]'), 'message')).toBeUndefined();
    expect(topLevelString(bytes('Internal Server Error'), 'message')).toBeUndefined();
    expect(topLevelString(bytes(''), 'message')).toBeUndefined();
  });

  it('agrees with JSON.parse on random objects, compact or indented', () => {
    const key = fc.constantFrom('message', 'chain', 'new_chain', 'length', 'mess"age', 'é', '}', '[');
    const object = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });
    fc.assert(
      fc.property(object, fc.constantFrom(undefined, 1, 2), (value, space) => {
        const text = ascii(value, space);
        const field = (JSON.parse(text) as Record<string, unknown>).message;
        expect(topLevelString(bytes(text), 'message')).toBe(typeof field === 'string' ? field : undefined);
      }),
      { numRuns: 500 },
    );
  });
});
