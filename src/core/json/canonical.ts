import { pythonFloatRepr } from './python-float';
import type { Json } from './value';

/** The separators of Python's `json.dumps` defaults, and the compact ones Flask 2.2 uses. */
export const PYTHON_SEPARATORS = { item: ', ', key: ': ' } as const;
export const COMPACT_SEPARATORS = { item: ',', key: ':' } as const;

export interface Separators {
  readonly item: string;
  readonly key: string;
}

/**
 * Byte-for-byte Python `json.dumps(value, sort_keys=True)`: the input of every block hash.
 *
 * @example canonicalJson({ b: 1.0, a: [1n, '멍'] }) === '{"a": [1, "\\uba4d"], "b": 1.0}'
 */
export function canonicalJson(value: Json, separators: Separators = PYTHON_SEPARATORS): string {
  const out: string[] = [];
  write(value, separators, out);
  return out.join('');
}

/**
 * A list's compact canonical JSON (Flask's jsonify), each item's text made once: values are never
 * changed in place, and a node serves the same 2,000 blocks in every GET /chain and resolve answer.
 */
export function compactListJson(items: readonly Json[]): string {
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Json;
    if (typeof item !== 'object' || item === null) {
      parts[i] = canonicalJson(item, COMPACT_SEPARATORS);
      continue;
    }
    let text = compactTexts.get(item);
    if (text === undefined) {
      text = canonicalJson(item, COMPACT_SEPARATORS);
      compactTexts.set(item, text);
    }
    parts[i] = text;
  }
  return `[${parts.join(',')}]`;
}

const compactTexts = new WeakMap<object, string>();

/**
 * Any JSON value as text for a message: a string as it is, anything else as its canonical JSON.
 * Never String() or a template literal on a parsed value: they call the value's own toString,
 * and a parsed object may have a "toString" key holding data (then they throw).
 *
 * @example jsonText(parseJson('{"toString": 1}')) === '{"toString": 1}'; jsonText(1.0) === '1.0'
 */
export function jsonText(value: Json): string {
  return typeof value === 'string' ? value : canonicalJson(value);
}

function write(value: Json, sep: Separators, out: string[]): void {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'string') out.push(quote(value));
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'number') out.push(pythonFloatRepr(value));
  else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(sep.item);
      write(value[i] as Json, sep, out);
    }
    out.push(']');
  } else {
    out.push('{');
    const keys = sortedKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (i > 0) out.push(sep.item);
      out.push(quote(key), sep.key);
      write(value[key] as Json, sep, out);
    }
    out.push('}');
  }
}

/** Object keys in Python's order: by Unicode code point, not by UTF-16 code unit. */
export function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  // Without surrogates, code point order is the UTF-16 order of the built-in sort (the usual case).
  for (const key of keys) if (SURROGATE.test(key)) return keys.sort(compareCodePoints);
  return keys.sort();
}

const SURROGATE = /[\uD800-\uDFFF]/;

export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  12: '\\f',
  13: '\\r',
};

/**
 * A string as `ensure_ascii=True` writes it: printable ASCII as is, everything else as lowercase
 * `\uXXXX` per UTF-16 unit (so astral characters become surrogate pairs, and DEL is escaped).
 */
export function quote(text: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x20 && unit < 0x7f && unit !== 0x22 && unit !== 0x5c) continue;
    out += text.slice(runStart, i);
    out += SHORT_ESCAPES[unit] ?? `\\u${unit.toString(16).padStart(4, '0')}`;
    runStart = i + 1;
  }
  return `${out}${text.slice(runStart)}"`;
}
