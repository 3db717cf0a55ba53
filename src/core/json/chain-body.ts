import { type ReadResult, readJson, readValueAt } from './read';
import { type Json, type JsonObject, setKey } from './value';

const HEAD = '{"chain":[';

/** What was read of the last body: its text, the blocks, and where each block's text ends. */
interface Read {
  readonly text: string;
  readonly blocks: readonly Json[];
  readonly ends: readonly number[];
}

/**
 * Reads one neighbour's GET /chain answers, one after another, as readJson does, but without
 * reading again what it read last time: a chain grows by a block or two between two resolves,
 * and reading a 2,000-block answer whole took 20-80 ms. The blocks of the longest start the
 * answer shares with the last one, byte for byte, are the same blocks (the same objects: their
 * hashes and their checks of valid_chain are not computed again either).
 *
 * Only the form our nodes send is taken apart (`{"chain":[…],"length":N}`, compact, as Flask
 * 2.2's jsonify writes); any other text (pretty-printed by an older Flask, a duplicate key, junk)
 * is read whole by readJson, whose answer is always the one given.
 */
export class ChainBodyReader {
  private last: Read | null = null;

  read(text: string): ReadResult {
    const fast = text.startsWith(HEAD) ? this.take(text) : null;
    if (fast) return { ok: true, value: fast };
    this.last = null;
    return readJson(text);
  }

  private take(text: string): JsonObject | null {
    const last = this.last;
    let blocks: Json[] = [];
    let ends: number[] = [];
    let pos = HEAD.length;
    if (last) {
      const same = sharedStart(text, last.text);
      // The blocks whose text ends inside the shared start (and the comma or bracket after it).
      let kept = 0;
      while (kept < last.ends.length && (last.ends[kept] as number) < same) kept++;
      if (kept > 0) {
        blocks = last.blocks.slice(0, kept);
        ends = last.ends.slice(0, kept);
        pos = ends[kept - 1] as number;
      }
    }
    if (blocks.length > 0 || text.charCodeAt(pos) !== 0x5d) {
      for (;;) {
        if (blocks.length > 0) {
          const c = text.charCodeAt(pos);
          if (c === 0x5d) break;
          if (c !== 0x2c) return null;
          pos++;
        }
        const read = readValueAt(text, pos, 2);
        if (!read) return null;
        blocks.push(read.value);
        ends.push(read.end);
        pos = read.end;
      }
    }
    // `],"length":N}` and the end of the text (a newline at most): nothing else may follow.
    const tail = /^\],"length":(-?(?:0|[1-9]\d{0,15}))\}\n?$/.exec(text.slice(pos));
    if (!tail) return null;
    this.last = { text, blocks, ends };
    const body: JsonObject = {};
    setKey(body, 'chain', blocks);
    setKey(body, 'length', BigInt(tail[1] as string));
    return body;
  }
}

/** How many code units two texts share from their start. */
function sharedStart(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  // In steps of a thousand while they agree (native comparison), then unit by unit.
  while (i + 1024 <= limit && a.slice(i, i + 1024) === b.slice(i, i + 1024)) i += 1024;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
