import type { ProofSearch } from '../core/proof';
import { guessParts, Layout, type SearchResult, searchProofs, targetMask } from '../core/search';
import { K, schedule } from '../core/sha256-block';
import { KW1_AT, KW2_AT, LANES, MID_AT, PRE_AT, SIGMA0_AT, SIGMA0_WORDS, slot, W_AT } from './sha256x4-wat';

/**
 * A proof search kernel: the first valid proof in [from, from + count), as core's searchProofs
 * and the plain proofOfWork define it. The command line and the workers use the same ones.
 */
export interface Kernel {
  readonly name: 'simd' | 'scalar';
  search(search: ProofSearch, from: number, count: number): SearchResult;
}

/** Specialised plain JS (core/search.ts): the fallback where WebAssembly SIMD is missing. */
export const scalarKernel: Kernel = { name: 'scalar', search: searchProofs };

type Search = (passes: number, dstart: number, dend: number, blocks: number, mask: number) => number;

/** At most 2^18 guesses per call, however many a pass makes: the engine swaps in its optimised code between calls only. */
const MAX_PASSES = (1 << 18) / LANES;

/**
 * The WebAssembly SIMD kernel, LANES proofs a pass (see sha256x4-wat.ts). It takes the guesses whose digits sit
 * in the first block hashed, with at most one constant block after it; the rare others (a very
 * long last_proof, digits across a block boundary, the last few proofs before a new digit) go to
 * the scalar kernel, so the answer is always the same.
 */
export function simdKernel(instance: WebAssembly.Instance): Kernel {
  const memory = instance.exports.memory as WebAssembly.Memory;
  const run = instance.exports.search as Search;

  /** Word i of every lane, in the kernel's layout at `at` (W_AT, KW1_AT, KW2_AT or SIGMA0_AT), for i in [from, to). */
  function fill(at: number, word: (i: number) => number, from = 0, to = 64): void {
    const words = new Int32Array(memory.buffer);
    for (let i = from; i < to; i++) {
      const value = word(i);
      for (let lane = 0; lane < LANES; lane++) words[(at + slot(i - from, lane)) >> 2] = value;
    }
  }

  function load(layout: Layout, proof: number, blocks: number): void {
    const bytes = new Uint8Array(memory.buffer);
    new Int32Array(memory.buffer, MID_AT, 8).set(layout.midstate);
    const start = layout.firstBlock * 64;
    const block = layout.message.slice(start, start + 64);
    // The first block's K[i] + W[i], for every lane: the kernel rewrites those of the words with digits.
    const w = new Int32Array(64);
    schedule(w, block, 0);
    fill(KW1_AT, (i) => ((K[i] as number) + (w[i] as number)) | 0);
    for (let lane = 0; lane < LANES; lane++) {
      const digits = String(proof + lane);
      for (let i = 0; i < digits.length; i++) block[layout.digitsAt - start + i] = digits.charCodeAt(i);
      // Each word's bytes in reverse: a little-endian load gives the big-endian word.
      for (let i = 0; i < 64; i++) bytes[W_AT + slot(i >> 2, lane) + (3 - (i & 3))] = block[i] as number;
    }
    // σ0 of the message words the schedule of W[16..29] takes (sha256x4-wat.ts): those without
    // digits are the same in every pass; the kernel works out the others.
    const skip = (layout.digitsAt - start) >> 2;
    const last = (layout.digitsEnd - 1 - start) >> 2;
    fill(
      SIGMA0_AT,
      (j) => (j < skip || j > last ? smallSigma0(w[j] as number) : 0),
      SIGMA0_WORDS.first,
      SIGMA0_WORDS.last + 1,
    );
    // The rounds before the digits (sha256x4-wat.ts): 0..skip with word skip taken as 0, at most 0..7.
    const state = Int32Array.from(layout.midstate);
    for (let i = 0; i <= Math.min(skip, 7); i++)
      round(state, ((K[i] as number) + (i === skip ? 0 : (w[i] as number))) | 0);
    new Int32Array(memory.buffer, PRE_AT, 8).set(state);
    if (blocks === 2) {
      // The second block is the same for every guess: its schedule, added to K, once.
      schedule(w, layout.message, start + 64);
      fill(KW2_AT, (i) => ((K[i] as number) + (w[i] as number)) | 0);
    }
  }

  return {
    name: 'simd',
    search(search, from, count) {
      const { prefix, suffix } = guessParts(search);
      const mask = targetMask(search.difficulty);
      let proof = from;
      let tried = 0;
      while (tried < count) {
        const digits = String(proof).length;
        const end = Math.min(from + count, 10 ** digits);
        const layout = new Layout(prefix, digits, suffix);
        const blocks = layout.message.length / 64 - layout.firstBlock;
        const dstart = layout.digitsAt - layout.firstBlock * 64;
        const passes = Math.min(MAX_PASSES, Math.floor((end - proof) / LANES));
        if ((blocks === 1 || blocks === 2) && dstart + digits <= 64 && passes > 0) {
          load(layout, proof, blocks);
          const hit = run(passes, dstart, dstart + digits, blocks, mask);
          if (hit >= 0) return { proof: proof + hit, tried: tried + hit + 1 };
          proof += passes * LANES;
          tried += passes * LANES;
          if (passes === MAX_PASSES) continue;
        }
        const tail = searchProofs(search, proof, end - proof);
        tried += tail.tried;
        if (tail.proof !== null) return { proof: tail.proof, tried };
        proof = end;
      }
      return { proof: null, tried };
    },
  };
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
const smallSigma0 = (x: number) => (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) | 0;

/** One SHA-256 round on the state a..h, with kw = K[i] + W[i]: the rounds JS runs before the digits. */
function round(state: Int32Array, kw: number): void {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, h = 0] = state;
  const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + kw) | 0;
  const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
  state.set([(t1 + t2) | 0, a, b, c, (d + t1) | 0, e, f, g]);
}

/** A module that uses one SIMD instruction: whether this engine has WebAssembly SIMD. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

export function hasSimd(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Picks the kernel at start-up: SIMD where the engine has it and the module loads, else scalar. */
export async function chooseKernel(wasm: () => Promise<BufferSource>): Promise<Kernel> {
  if (!hasSimd()) return scalarKernel;
  try {
    const { instance } = await WebAssembly.instantiate(await wasm());
    return simdKernel(instance);
  } catch {
    return scalarKernel;
  }
}
