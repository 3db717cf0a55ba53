import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ProofSearch } from './proof';

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

/** Searches proofs from, from+1, ..., from+count-1, in order. */
export function searchProofs(search: ProofSearch, from: number, count: number): SearchResult {
  const prefix = utf8ToBytes(search.lastProof);
  const suffix = utf8ToBytes(search.rule === 'reference' ? search.lastHash : '');
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

class Layout {
  private readonly message: Uint8Array;
  private readonly digitsAt: number;
  private readonly digitsEnd: number;
  private readonly firstBlock: number;
  private readonly midstate = new Int32Array(8);
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

const INITIAL_STATE = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/** The SHA-256 compression function on one 64-byte block of `message`, updating `state`. */
function compress(state: Int32Array, w: Int32Array, message: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] =
      ((message[j] as number) << 24) |
      ((message[j + 1] as number) << 16) |
      ((message[j + 2] as number) << 8) |
      (message[j + 3] as number);
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15] as number;
    const y = w[i - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const choose = (e & f) ^ (~e & g);
    const t1 = (h + s1 + choose + (K[i] as number) + (w[i] as number)) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (s0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}
