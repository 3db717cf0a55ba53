/**
 * The WebAssembly text of the 4-lane SIMD proof search: four consecutive proofs per pass, one per
 * 32-bit lane of a v128. `scripts/build-wasm.mjs` compiles it to sha256x4.wasm (npm run build does,
 * and so do start and test). Read it as SHA-256 written four times over; the tricks, once each:
 *
 * - Lanes: lane L hashes proof p+L. Every SHA-256 operation is a 32-bit one, so i32x4 does all four.
 * - Interleaved message: word i of lane L lives at MSG + i*16 + L*4, so one v128.load takes word i
 *   of all four lanes. The bytes are stored as text and byte-swapped on load (SHA-256 is big-endian).
 * - Digits counted up in place: each pass adds 4 to each lane's decimal digits, carrying by hand.
 *   JS stops a call before the number of digits would grow (then the layout changes).
 * - Midstate: JS hashes the 64-byte blocks before the first digit once; the kernel starts from it.
 * - Constant last block: when the digits all sit in the first block hashed, the second block (the
 *   rest of last_hash, the padding, the length) is the same for every guess. Its message schedule
 *   is computed once in JS, and K[i] + W[i] is stored, so its 64 rounds need no schedule at all.
 * - 16 rounds per loop pass: the round body is written out 16 times with the eight working
 *   variables renamed round by round (no moves), and the loop runs it four times. A full 64-round
 *   unroll is larger than the instruction cache wants.
 * - The target is tested on the first state word with a mask, not on hex digits.
 */
import { K } from '../core/sha256-block';

export const K_AT = 0;
export const KW_AT = 256;
export const MID_AT = 512;
export const MSG_AT = 1024;

const get = (name: string) => `(local.get $${name})`;
const add = (...xs: string[]) => xs.reduce((sum, x) => `(i32x4.add ${sum} ${x})`);
const xor = (...xs: string[]) => xs.reduce((all, x) => `(v128.xor ${all} ${x})`);
const rotr = (x: string, n: number) =>
  `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const shr = (x: string, n: number) => `(i32x4.shr_u ${x} (i32.const ${n}))`;

// The SHA-256 functions, on four lanes at once.
const bigSigma0 = (a: string) => xor(rotr(a, 2), rotr(a, 13), rotr(a, 22));
const bigSigma1 = (e: string) => xor(rotr(e, 6), rotr(e, 11), rotr(e, 25));
const smallSigma0 = (x: string) => xor(rotr(x, 7), rotr(x, 18), shr(x, 3));
const smallSigma1 = (x: string) => xor(rotr(x, 17), rotr(x, 19), shr(x, 10));
/** Ch(e, f, g): f where e has a 1, else g. */
const choose = (e: string, f: string, g: string) => `(v128.bitselect ${f} ${g} ${e})`;
/** Maj(a, b, c): a where a and b agree, else c. */
const majority = (a: string, b: string, c: string) => `(v128.bitselect ${c} ${a} (v128.xor ${a} ${b}))`;

const VARS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
/** Round i's name for working variable k (0 = a ... 7 = h): the names turn instead of the values moving. */
const role = (k: number, i: number) => VARS[(((k - i) % 8) + 8) % 8] as string;

/** One round. `kw` is the K[i] + W[i] of this round. */
function round(i: number, kw: string): string {
  const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => get(role(k, i))) as string[];
  return [
    `(local.set $t1 ${add(h as string, bigSigma1(e as string), choose(e as string, f as string, g as string), kw)})`,
    `(local.set $t2 ${add(bigSigma0(a as string), majority(a as string, b as string, c as string))})`,
    `(local.set $${role(3, i)} (i32x4.add ${d} (local.get $t1)))`,
    `(local.set $${role(7, i)} (i32x4.add (local.get $t1) (local.get $t2)))`,
  ].join('\n      ');
}

/** K[i] from memory (kp points at the K of this group of 16), splat over the lanes. */
const kAt = (r: number) => `(v128.load32_splat offset=${r * 4} (local.get $kp))`;

/** Rounds 0-15 of a block with a message: W[i] is the message word itself. */
function firstSixteen(): string {
  return Array.from({ length: 16 }, (_, r) => round(r, add(kAt(r), get(`w${r}`)))).join('\n      ');
}

/** Rounds 16-63, sixteen per loop pass: W[i] is computed in a ring of 16 words as it is used. */
function scheduledSixteen(): string {
  return Array.from({ length: 16 }, (_, r) => {
    const w = (k: number) => get(`w${(r + k) % 16}`);
    const next = add(w(0), smallSigma0(w(1)), w(9), smallSigma1(w(14)));
    return `(local.set $w${r} ${next})\n      ${round(r, add(kAt(r), w(0)))}`;
  }).join('\n      ');
}

/** Rounds of the constant block: kp points at precomputed K[i] + W[i]. */
function constantSixteen(): string {
  return Array.from({ length: 16 }, (_, r) => round(r, kAt(r))).join('\n      ');
}

const BSWAP = '3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12';

/** Adds 4 to the decimal digits of every lane (no lane ever runs out of digits: JS sees to that). */
function countUp(): string {
  return [0, 1, 2, 3]
    .map(
      (lane) => `
    (local.set $carry (i32.const 4))
    (local.set $pos (local.get $dend))
    (block $done${lane}
      (loop $digit${lane}
        (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
        (local.set $at (i32.add (i32.const ${MSG_AT + lane * 4})
          (i32.add (i32.shl (i32.shr_u (local.get $pos) (i32.const 2)) (i32.const 4)) (i32.and (local.get $pos) (i32.const 3)))))
        (local.set $digit (i32.add (i32.sub (i32.load8_u (local.get $at)) (i32.const 48)) (local.get $carry)))
        (if (i32.lt_u (local.get $digit) (i32.const 10))
          (then
            (i32.store8 (local.get $at) (i32.add (local.get $digit) (i32.const 48)))
            (br $done${lane})))
        (i32.store8 (local.get $at) (i32.add (local.get $digit) (i32.const 38)))
        (local.set $carry (i32.const 1))
        (br_if $digit${lane} (i32.gt_u (local.get $pos) (local.get $dstart)))))`,
    )
    .join('');
}

function kData(): string {
  const bytes = [...K].flatMap((k) => [k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, k >>> 24]);
  return bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

export function sha256x4Wat(): string {
  const v128Locals = [...VARS, 't1', 't2', 'h0', 'maskv', ...Array.from({ length: 16 }, (_, i) => `w${i}`)]
    .concat(Array.from({ length: 8 }, (_, i) => `m${i}`))
    .concat(Array.from({ length: 8 }, (_, i) => `s${i}`));
  return `(module
  (memory (export "memory") 1)
  (data (i32.const ${K_AT}) "${kData()}")
  ;; search(passes, dstart, dend, blocks, mask): tries proofs p..p+4*passes-1, where lane L of the
  ;; message area holds the digits of p+L at bytes [dstart, dend) of the first block hashed.
  ;; Returns the offset of the first proof whose digest's first word has no bit of mask set, or -1.
  (func (export "search") (param $passes i32) (param $dstart i32) (param $dend i32) (param $blocks i32) (param $mask i32) (result i32)
    (local $pass i32) (local $kp i32) (local $carry i32) (local $pos i32) (local $at i32) (local $digit i32)
    ${v128Locals.map((name) => `(local $${name} v128)`).join(' ')}
    (local.set $maskv (i32x4.splat (local.get $mask)))
    ${Array.from({ length: 8 }, (_, k) => `(local.set $m${k} (v128.load32_splat offset=${MID_AT + k * 4} (i32.const 0)))`).join('\n    ')}
    (block $exhausted
      (br_if $exhausted (i32.eqz (local.get $passes)))
      (loop $pass
      ;; The first block hashed, with this pass's four proofs in it.
      ${Array.from({ length: 16 }, (_, i) => `(local.set $w${i} (i8x16.shuffle ${BSWAP} (v128.load offset=${MSG_AT + i * 16} (i32.const 0)) (v128.const i32x4 0 0 0 0)))`).join('\n      ')}
      ${VARS.map((v, k) => `(local.set $${v} (local.get $m${k}))`).join(' ')}
      (local.set $kp (i32.const ${K_AT}))
      ${firstSixteen()}
      (local.set $kp (i32.const ${K_AT + 64}))
      (loop $scheduled
      ${scheduledSixteen()}
        (local.set $kp (i32.add (local.get $kp) (i32.const 64)))
        (br_if $scheduled (i32.lt_u (local.get $kp) (i32.const ${K_AT + 256}))))
      ${VARS.map((v, k) => `(local.set $s${k} (i32x4.add (local.get $m${k}) (local.get $${v})))`).join(' ')}
      (local.set $h0 (local.get $s0))
      (if (i32.eq (local.get $blocks) (i32.const 2))
        (then
          ;; The constant second block: 64 rounds on the precomputed K[i] + W[i].
          ${VARS.map((v, k) => `(local.set $${v} (local.get $s${k}))`).join(' ')}
          (local.set $kp (i32.const ${KW_AT}))
          (loop $constant
          ${constantSixteen()}
            (local.set $kp (i32.add (local.get $kp) (i32.const 64)))
            (br_if $constant (i32.lt_u (local.get $kp) (i32.const ${KW_AT + 256}))))
          (local.set $h0 (i32x4.add (local.get $s0) (local.get $a)))))
      ;; Any lane on target? The lowest lane wins: it is the smallest proof.
      (if (v128.any_true (i32x4.eq (v128.and (local.get $h0) (local.get $maskv)) (v128.const i32x4 0 0 0 0)))
        (then
          ${[0, 1, 2, 3]
            .map(
              (lane) =>
                `(if (i32.eqz (i32.and (i32x4.extract_lane ${lane} (local.get $h0)) (local.get $mask))) (then (return (i32.add (i32.shl (local.get $pass) (i32.const 2)) (i32.const ${lane})))))`,
            )
            .join('\n          ')}))
      ${countUp()}
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br_if $pass (i32.lt_u (local.get $pass) (local.get $passes)))))
    (i32.const -1)))
`;
}
