import { type Json, type JsonObject, setKey } from './value';

/** Why a text is not JSON, with the position Python's json module would report. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly reason: string,
    readonly position: number,
    text: string,
  ) {
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    super(`${reason}: line ${line} column ${column} (char ${position})`);
  }
}

export type ReadResult = { ok: true; value: Json } | { ok: false; error: JsonSyntaxError };

/** Python's limit on the digits of an int read from text (sys.get_int_max_str_digits()). */
const MAX_INT_DIGITS = 4300;

/**
 * Reads JSON exactly as Python's `json.loads` does, keeping what JSON.parse throws away:
 * integers stay exact `bigint`s, and any literal with `.`, `e` or `E` is a float (`number`),
 * so a chain made by Python re-hashes to the same bytes. Like Python it accepts `NaN`,
 * `Infinity` and `-Infinity`, lets the last duplicate key win, and reads `1e400` as Infinity.
 */
export function readJson(text: string): ReadResult {
  try {
    return { ok: true, value: new Reader(text).document() };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error };
    throw error;
  }
}

/** Like readJson, but throws the JsonSyntaxError. */
export function parseJson(text: string): Json {
  const result = readJson(text);
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Deeper nesting than this is refused rather than overflowing the stack (Python has a limit too).
 * Counted as nestingDepth counts: `[]` is 1 level, `[[]]` 2.
 */
export const MAX_DEPTH = 1000;

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;

/**
 * One value of `text` starting at `at`, read as readJson reads it, as if `depth` levels deep
 * (for the depth limit); with where it ends. For readers that take a text apart (chain-body.ts).
 */
export function readValueAt(text: string, at: number, depth: number): { value: Json; end: number } | null {
  const reader = new Reader(text, at, depth);
  try {
    const value = reader.valueHere();
    return { value, end: reader.position };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return null;
    throw error;
  }
}

class Reader {
  constructor(
    private readonly text: string,
    private pos = 0,
    private depth = 0,
  ) {}

  get position(): number {
    return this.pos;
  }

  valueHere(): Json {
    return this.value();
  }

  document(): Json {
    if (this.text.charCodeAt(0) === 0xfeff) this.fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    this.skipWhitespace();
    const value = this.value();
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('Extra data', this.pos);
    return value;
  }

  private fail(reason: string, at: number): never {
    throw new JsonSyntaxError(reason, at, this.text);
  }

  // A loop over char codes: a sticky regex per call cost a third of reading a chain.
  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      pos++;
    }
    this.pos = pos;
  }

  private value(): Json {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) return this.string();
    if (c === 0x7b || c === 0x5b) {
      if (++this.depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH} levels`, this.pos);
      const value = c === 0x7b ? this.object() : this.array();
      this.depth--;
      return value;
    }
    // Digits come first: numbers are most of a chain's values. A "-" may start -Infinity.
    if ((c >= 0x30 && c <= 0x39) || (c === 0x2d && this.text.charCodeAt(this.pos + 1) !== 0x49)) return this.number();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  private number(): Json {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('Expecting value', this.pos);
    const literal = match[0];
    const start = this.pos;
    this.pos += literal.length;
    if (match[1] !== undefined || match[2] !== undefined) return Number(literal);
    if (literal.length > MAX_INT_DIGITS && literal.replace('-', '').length > MAX_INT_DIGITS) {
      this.fail(`Integer has more than ${MAX_INT_DIGITS} digits`, start);
    }
    return BigInt(literal);
  }

  private string(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    let out = '';
    let runStart = pos;
    for (;;) {
      if (pos >= text.length) this.fail('Unterminated string starting at', start);
      const unit = text.charCodeAt(pos);
      if (unit === 0x22) break;
      if (unit < 0x20) this.fail('Invalid control character at', pos);
      if (unit !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(runStart, pos);
      const marker = text[pos + 1];
      if (marker === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\uXXXX escape', pos + 1);
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else {
        const decoded = marker === undefined ? undefined : ESCAPES[marker];
        if (decoded === undefined) this.fail('Invalid \\escape', pos);
        out += decoded;
        pos += 2;
      }
      runStart = pos;
    }
    out += text.slice(runStart, pos);
    this.pos = pos + 1;
    return out;
  }

  private array(): Json[] {
    const items: Json[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return items;
      if (c !== ',') this.fail("Expecting ',' delimiter", this.pos - 1);
    }
  }

  private object(): Json {
    const object: JsonObject = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        this.fail('Expecting property name enclosed in double quotes', this.pos);
      }
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skipWhitespace();
      setKey(object, key, this.value());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return object;
      if (c !== ',') this.fail("Expecting ',' delimiter", this.pos - 1);
    }
  }
}

const LITERALS: readonly (readonly [string, Json])[] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
];

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
