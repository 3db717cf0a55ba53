import { utf8Decoder as decoder } from '../text-codec';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * A top-level string field of a JSON object, read from its ASCII bytes without building any other
 * value: the rest is skipped by counting brackets outside strings. As with JSON.parse, the last
 * field of that name counts. Undefined when the text is not an object, the field is missing, or
 * its value is not a string. The text is taken to be JSON (it is a node's own answer); this reads
 * it, it does not check it.
 */
export function topLevelString(bytes: Uint8Array, key: string): string | undefined {
  let i = 0;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] !== OPEN_OBJECT) return undefined;
  let found: string | undefined;
  let depth = 0;
  let atKey = false;
  // The end of the string that starts at `from` (a quote): the index after its closing quote.
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < bytes.length && bytes[j] !== QUOTE) j += bytes[j] === BACKSLASH ? 2 : 1;
    return j + 1;
  };
  const text = (from: number, to: number): unknown => {
    try {
      return JSON.parse(decoder.decode(bytes.subarray(from, to)));
    } catch {
      return undefined;
    }
  };
  for (; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      const end = stringEnd(i);
      if (depth === 1 && atKey) {
        atKey = false;
        let j = end;
        while (isSpace(bytes[j])) j++;
        if (bytes[j] === COLON && text(i, end) === key) {
          j++;
          while (isSpace(bytes[j])) j++;
          if (bytes[j] === QUOTE) {
            const valueEnd = stringEnd(j);
            const value = text(j, valueEnd);
            found = typeof value === 'string' ? value : undefined;
            i = valueEnd - 1;
            continue;
          }
          found = undefined;
        }
      }
      i = end - 1;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth === 1) atKey = true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
      if (depth === 0) return found;
    } else if (byte === COMMA && depth === 1) {
      atKey = true;
    }
  }
  return found;
}
