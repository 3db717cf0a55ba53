import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ProofSearch } from './proof';
import { compress, INITIAL_STATE } from './sha256-block';

/**
 * The proof-of-work search, specialised for the guesses of the two proof rules. It finds exactly
 * the proof `proofOfWork` finds (tests check this against @noble/hashes), but fast enough to mine
 * in a worker:
 * - The guess is laid out once, already padded as SHA-256 wants it; the proof's decimal digits
 *   are counted up in place, so nothing is allocated per guess.
 * - Midstate: the 64-byte blocks before the first digit never change, so they are hashed once.
 * - The target is compared on the first state word, not on a hex string.
 */
export interface SearchResult {
  /** The first valid proof in the range, or null if there is none in it. */
  readonly proof: number | null;
  /** Guesses made, including the valid one. */
  readonly tried: number;
}

/** The bytes around the proof's digits in a guess. */
export function guessParts(search: ProofSearch): { prefix: Uint8Array; suffix: Uint8Array } {
  return {
    prefix: utf8ToBytes(search.lastProof),
    suffix: utf8ToBytes(search.rule === 'reference' ? search.lastHash : ''),
  };
}

/** The mask of the first digest word that must be all zeros: 4 bits per hex zero. */
export function targetMask(difficulty: number): number {
  return difficulty >= 8 ? -1 : ~(0xffffffff >>> (4 * difficulty)) | 0;
}

/** Searches proofs from, from+1, ..., from+count-1, in order. */
export function searchProofs(search: ProofSearch, from: number, count: number): SearchResult {
  const { prefix, suffix } = guessParts(search);
  const shift = 32 - 4 * search.difficulty;
  let proof = from;
  let tried = 0;
  while (tried < count) {
    // One layout per number of digits; a carry into a new digit needs a new layout.
    const digits = String(proof).length;
    const layout = new Layout(prefix, digits, suffix);
    layout.writeDigits(proof);
    const end = Math.min(from + count, 10 ** digits);
    for (; proof < end; proof++) {
      tried++;
      if (layout.firstWord() >>> shift === 0) {
        return { proof, tried };
      }
      layout.increment();
    }
  }
  return { proof: null, tried };
}

/**
 * A guess laid out for SHA-256: prefix, `digits` decimal digits, suffix, padding and length, with
 * the midstate of the blocks before the first digit. The fast kernels build on it too.
 */
export class Layout {
  readonly message: Uint8Array;
  readonly digitsAt: number;
  readonly digitsEnd: number;
  /** The first 64-byte block that holds a digit: the blocks before it are in the midstate. */
  readonly firstBlock: number;
  readonly midstate = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly words = new Int32Array(64);

  constructor(prefix: Uint8Array, digits: number, suffix: Uint8Array) {
    const length = prefix.length + digits + suffix.length;
    const padded = Math.ceil((length + 9) / 64) * 64;
    const message = new Uint8Array(padded);
    message.set(prefix, 0);
    message.set(suffix, prefix.length + digits);
    message[length] = 0x80;
    const bits = length * 8;
    message[padded - 4] = bits >>> 24;
    message[padded - 3] = (bits >>> 16) & 0xff;
    message[padded - 2] = (bits >>> 8) & 0xff;
    message[padded - 1] = bits & 0xff;
    this.message = message;
    this.digitsAt = prefix.length;
    this.digitsEnd = prefix.length + digits;
    this.firstBlock = Math.floor(prefix.length / 64);
    this.midstate.set(INITIAL_STATE);
    for (let block = 0; block < this.firstBlock; block++) compress(this.midstate, this.words, message, block * 64);
  }

  writeDigits(proof: number): void {
    const text = String(proof);
    for (let i = 0; i < text.length; i++) this.message[this.digitsAt + i] = text.charCodeAt(i);
  }

  /** Adds one to the decimal digits in place. The caller relays out before they overflow. */
  increment(): void {
    const message = this.message;
    for (let i = this.digitsEnd - 1; i >= this.digitsAt; i--) {
      if (message[i] !== 0x39) {
        (message[i] as number)++;
        return;
      }
      message[i] = 0x30;
    }
  }

  /** The first 32 bits of the digest of the current guess. */
  firstWord(): number {
    const state = this.state;
    state.set(this.midstate);
    for (let offset = this.firstBlock * 64; offset < this.message.length; offset += 64) {
      compress(state, this.words, this.message, offset);
    }
    return state[0] as number;
  }
}
