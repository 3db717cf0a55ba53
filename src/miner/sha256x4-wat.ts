/**
 * The WebAssembly text of the 4-lane SIMD proof search: four consecutive proofs per pass, one per
 * 32-bit lane of a v128. `scripts/build-wasm.ts` compiles it to sha256x4.wasm (npm run build does,
 * and so do start and test). Read it as SHA-256 written four times over; the tricks, once each:
 *
 * - Lanes: lane L hashes proof p+L. Every SHA-256 operation is a 32-bit one, so i32x4 does all four.
 * - Interleaved message: word i of lane L lives at MSG + i*16 + L*4, so one v128.load takes word i
 *   of all four lanes. Each word's bytes are stored in reverse, so that load gives the big-endian
 *   words SHA-256 wants with no byte swap.
 * - Digits counted up in place: each pass adds 4 to each lane's decimal digits, carrying by hand.
 *   JS stops a call before the number of digits would grow (then the layout changes).
 * - Midstate: JS hashes the 64-byte blocks before the first digit once; the kernel goes on from it.
 * - Constant words: JS writes the first block's schedule words W[0..15], and K[i] + W[i], once per
 *   call; a pass rewrites only the words that hold digits.
 * - Rounds before the digits: rounds before word `skip`, the first word with a digit, see constant
 *   words only, and round `skip` sees its word only through t1, which goes into a and e and nowhere
 *   else. So JS runs rounds 0..skip once per call with that word taken as 0, and each pass adds the
 *   word to a and e, then runs rounds skip+1..7 in a small loop that moves the working variables
 *   along, to meet the 8-round loop at round 8. (Digits in word 8 or later: JS runs rounds 0..7.)
 * - Constant last block: when the digits all sit in the first block hashed, the second block (the
 *   rest of last_hash, the padding, the length) is the same for every guess. Its message schedule
 *   is computed once in JS, and K[i] + W[i] is stored, so its 64 rounds need no schedule at all.
 * - Small code: the first block's schedule W[16..63] is computed up front into memory, two words a
 *   loop pass, and K[i] + W[i] stored beside it; then both blocks' rounds are one loop of 8 rounds
 *   that reads K[i] + W[i] from memory. The round body is written out 8 times with the eight
 *   working variables renamed round by round (no moves). Longer unrolls measured slower: the hot
 *   code then no longer fits the CPU's cache of decoded instructions.
 * - Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), and b ^ c is the a ^ b of the round before (b and c are
 *   the a and b of the round before): two operations and one xor carried over, instead of four.
 * - The target is tested on the first state word with a mask, not on hex digits.
 */
import { K } from '../core/sha256-block';

/** Where things are in the kernel's memory (bytes): K, then v128 arrays, then the message. */
export const K_AT = 0;
export const MID_AT = 256;
/** The state after the rounds JS runs (see Rounds before the digits). */
export const PRE_AT = 288;
/** The first block's message schedule W[0..63], one v128 (four lanes) each. */
export const W_AT = 1024;
/** K[i] + W[i] of the first block, then of the constant second block, one v128 each. */
export const KW1_AT = 2048;
export const KW2_AT = 3072;
export const MSG_AT = 4096;

const get = (name: string) => `(local.get $${name})`;
const add = (...xs: string[]) => xs.reduce((sum, x) => `(i32x4.add ${sum} ${x})`);
const xor = (...xs: string[]) => xs.reduce((all, x) => `(v128.xor ${all} ${x})`);
const rotr = (x: string, n: number) =>
  `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const shr = (x: string, n: number) => `(i32x4.shr_u ${x} (i32.const ${n}))`;
const load = (offset: number, base: string) => `(v128.load offset=${offset} ${base})`;

// The SHA-256 functions, on four lanes at once.
const bigSigma0 = (a: string) => xor(rotr(a, 2), rotr(a, 13), rotr(a, 22));
const bigSigma1 = (e: string) => xor(rotr(e, 6), rotr(e, 11), rotr(e, 25));
const smallSigma0 = (x: string) => xor(rotr(x, 7), rotr(x, 18), shr(x, 3));
const smallSigma1 = (x: string) => xor(rotr(x, 17), rotr(x, 19), shr(x, 10));
/** Ch(e, f, g): f where e has a 1, else g. */
const choose = (e: string, f: string, g: string) => `(v128.bitselect ${f} ${g} ${e})`;

const VARS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
/** Round i's name for working variable k (0 = a ... 7 = h): the names turn instead of the values moving. */
const role = (k: number, i: number) => VARS[(((k - i) % 8) + 8) % 8] as string;
/** Round i keeps its a ^ b in $x(i mod 2), where round i+1 finds it as its b ^ c (see Maj). */
const ab = (i: number) => `x${i % 2}`;
const bc = (i: number) => `x${(i + 1) % 2}`;

/** One round. `kw` is the K[i] + W[i] of this round. (Its c enters only through b ^ c, see Maj.) */
function round(i: number, kw: string): string {
  const [a, b, d, e, f, g, h] = [0, 1, 3, 4, 5, 6, 7].map((k) => get(role(k, i))) as string[];
  const majority = `(v128.xor ${b} (v128.and (local.tee $${ab(i)} (v128.xor ${a} ${b})) ${get(bc(i))}))`;
  return [
    `(local.set $t1 ${add(h as string, bigSigma1(e as string), choose(e as string, f as string, g as string), kw)})`,
    `(local.set $t2 ${add(bigSigma0(a as string), majority)})`,
    `(local.set $${role(3, i)} (i32x4.add ${d} (local.get $t1)))`,
    `(local.set $${role(7, i)} (i32x4.add (local.get $t1) (local.get $t2)))`,
  ].join('\n        ');
}

/**
 * One round with the working variables moved along instead of renamed: the head loop's body, which
 * runs rounds skip+1..7 and leaves the names where the 8-round loop wants them at round 8.
 */
function movingRound(): string {
  const move = (to: string, from: string) => `(local.set $${to} (local.get $${from}))`;
  const majority = `(v128.xor ${get('b')} (v128.and (local.tee $x0 (v128.xor ${get('a')} ${get('b')})) ${get('x1')}))`;
  return [
    `(local.set $t1 ${add(get('h'), bigSigma1(get('e')), choose(get('e'), get('f'), get('g')), load(0, get('kwp')))})`,
    `(local.set $t2 ${add(bigSigma0(get('a')), majority)})`,
    move('x1', 'x0'),
    move('h', 'g'),
    move('g', 'f'),
    move('f', 'e'),
    '(local.set $e (i32x4.add (local.get $d) (local.get $t1)))',
    move('d', 'c'),
    move('c', 'b'),
    move('b', 'a'),
    '(local.set $a (i32x4.add (local.get $t1) (local.get $t2)))',
  ].join('\n          ');
}

/** Eight rounds on the K[i] + W[i] that kwp points at. */
function eightRounds(): string {
  return Array.from({ length: 8 }, (_, r) => round(r, load(r * 16, get('kwp')))).join('\n        ');
}

/**
 * W[i] and W[i+1] of the first block, i = 16, 18, ... 62: wp points at W[i-16] and $q0, $q1 hold
 * W[i-2] and W[i-1], so the chain from each word to the next but one stays in registers.
 */
function twoScheduleWords(): string {
  return [0, 1]
    .map((k) => {
      const q = `q${k}`;
      const next = add(
        load(k * 16, get('wp')),
        smallSigma0(load((k + 1) * 16, get('wp'))),
        load((k + 9) * 16, get('wp')),
        smallSigma1(get(q)),
      );
      return [
        `(local.set $${q} ${next})`,
        `(v128.store offset=${256 + k * 16} (local.get $wp) (local.get $${q}))`,
        `(v128.store offset=${KW1_AT - W_AT + 256 + k * 16} (local.get $wp) (i32x4.add (local.get $${q}) (v128.load32_splat offset=${K_AT + 64 + k * 4} (local.get $kp))))`,
      ].join('\n        ');
    })
    .join('\n        ');
}

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
            (i32.add (i32.shl (i32.shr_u (local.get $pos) (i32.const 2)) (i32.const 4)) (i32.xor (i32.and (local.get $pos) (i32.const 3)) (i32.const 3)))))
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
  const v128Locals = [...VARS, 't1', 't2', 'x0', 'x1', 'q0', 'q1', 'h0', 'maskv']
    .concat(Array.from({ length: 8 }, (_, i) => `m${i}`))
    .concat(Array.from({ length: 8 }, (_, i) => `s${i}`));
  const i32Locals = ['pass', 'kp', 'wp', 'kwp', 'kend', 'word', 'carry', 'pos', 'at', 'digit'];
  return `(module
  (memory (export "memory") 1)
  (data (i32.const ${K_AT}) "${kData()}")
  ;; search(passes, dstart, dend, blocks, mask): tries proofs p..p+4*passes-1, where lane L of the
  ;; message area holds the digits of p+L at bytes [dstart, dend) of the first block hashed.
  ;; Returns the offset of the first proof whose digest's first word has no bit of mask set, or -1.
  (func (export "search") (param $passes i32) (param $dstart i32) (param $dend i32) (param $blocks i32) (param $mask i32) (result i32)
    ${i32Locals.map((name) => `(local $${name} i32)`).join(' ')}
    ${v128Locals.map((name) => `(local $${name} v128)`).join(' ')}
    (local.set $maskv (i32x4.splat (local.get $mask)))
    ${Array.from({ length: 8 }, (_, k) => `(local.set $m${k} (v128.load32_splat offset=${MID_AT + k * 4} (i32.const 0)))`).join('\n    ')}
    (block $exhausted
      (br_if $exhausted (i32.eqz (local.get $passes)))
      (loop $pass
      ;; The words that hold this pass's digits, and their K[i] + W[i].
      (local.set $word (i32.shr_u (local.get $dstart) (i32.const 2)))
      (loop $words
        (local.set $at (i32.shl (local.get $word) (i32.const 4)))
        (v128.store offset=${W_AT} (local.get $at) (local.tee $q0 (v128.load offset=${MSG_AT} (local.get $at))))
        (v128.store offset=${KW1_AT} (local.get $at)
          (i32x4.add (local.get $q0) (v128.load32_splat offset=${K_AT} (i32.shl (local.get $word) (i32.const 2)))))
        (local.set $word (i32.add (local.get $word) (i32.const 1)))
        (br_if $words (i32.lt_u (i32.shl (local.get $word) (i32.const 2)) (local.get $dend))))
      ;; The first block's schedule.
      (local.set $q0 (v128.load offset=${W_AT + 14 * 16} (i32.const 0)))
      (local.set $q1 (v128.load offset=${W_AT + 15 * 16} (i32.const 0)))
      (local.set $wp (i32.const ${W_AT}))
      (local.set $kp (i32.const ${K_AT}))
      (loop $schedule
        ${twoScheduleWords()}
        (local.set $wp (i32.add (local.get $wp) (i32.const 32)))
        (local.set $kp (i32.add (local.get $kp) (i32.const 8)))
        (br_if $schedule (i32.lt_u (local.get $wp) (i32.const ${W_AT + 48 * 16}))))
      ;; The rounds: the first block from the midstate, then the second block if there is one.
      ;; Rounds before the digits: JS ran rounds 0..skip (word skip taken as 0); add the word where
      ;; it goes, then rounds skip+1..7 one at a time, to meet the 8-round loop at round 8.
      ${VARS.map((v, k) => `(local.set $${v} (v128.load32_splat offset=${PRE_AT + k * 4} (i32.const 0)))`).join(' ')}
      (local.set $word (i32.shr_u (local.get $dstart) (i32.const 2)))
      (if (i32.lt_u (local.get $word) (i32.const 8))
        (then
          (local.set $q0 (v128.load offset=${W_AT} (i32.shl (local.get $word) (i32.const 4))))
          (local.set $a (i32x4.add (local.get $a) (local.get $q0)))
          (local.set $e (i32x4.add (local.get $e) (local.get $q0)))))
      (local.set $kwp (i32.add (i32.const ${KW1_AT + 16}) (i32.shl (local.get $word) (i32.const 4))))
      (local.set $x1 (v128.xor (local.get $b) (local.get $c)))
      (block $headed
        (loop $head
          (br_if $headed (i32.ge_u (local.get $kwp) (i32.const ${KW1_AT + 128})))
          ${movingRound()}
          (local.set $kwp (i32.add (local.get $kwp) (i32.const 16)))
          (br $head)))
      (local.set $kwp (i32.const ${KW1_AT + 128}))
      (local.set $kend (i32.const ${KW1_AT + 1024}))
      (loop $block
        (local.set $x1 (v128.xor (local.get $b) (local.get $c)))
        (loop $rounds
        ${eightRounds()}
          (local.set $kwp (i32.add (local.get $kwp) (i32.const 128)))
          (br_if $rounds (i32.lt_u (local.get $kwp) (local.get $kend))))
        (if (i32.eq (local.get $kend) (i32.const ${KW1_AT + 1024}))
          (then
            ${VARS.map((v, k) => `(local.set $s${k} (i32x4.add (local.get $m${k}) (local.get $${v})))`).join(' ')}
            (local.set $h0 (local.get $s0))
            (if (i32.eq (local.get $blocks) (i32.const 2))
              (then
                ${VARS.map((v, k) => `(local.set $${v} (local.get $s${k}))`).join(' ')}
                (local.set $kend (i32.const ${KW2_AT + 1024}))
                (br $block))))
          (else (local.set $h0 (i32x4.add (local.get $s0) (local.get $a))))))
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
