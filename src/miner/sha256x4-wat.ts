/**
 * The WebAssembly text of the SIMD proof search: LANES consecutive proofs per pass, in STREAMS
 * streams of four, one proof per 32-bit lane of a v128. `scripts/build-wasm.ts` compiles it to
 * sha256x4.wasm (npm run build does, and so do start and test). Read it as SHA-256 written four
 * times over; the tricks, once each:
 *
 * - Lanes: lane L of stream s hashes proof p+4s+L. Every SHA-256 operation is a 32-bit one, so
 *   i32x4 does four proofs at once.
 * - Streams: with STREAMS = 2, a pass hashes two independent v128s of four proofs, so that the CPU
 *   can work on one stream while the other waits on its chain (round i+1 needs round i's e and a).
 *   In npm run bench one stream did better in Node 20 (its optimising compiler's code for two
 *   spills half as many registers again) and as well in a Chromium worker, so one stream it is;
 *   the constant is there to measure again on another machine (figures in src/miner/README.md).
 * - Σ1 and Σ0 added last: Σ1(e) is the longest path from e to the next round's e (four operations
 *   deep), so h + K[i] + W[i] + Ch is summed while it is worked out, and e = (d + that) + Σ1 needs
 *   one addition after it, not two; t1 = that + Σ1 costs one addition more, which paid. Likewise
 *   a = (t1 + Maj) + Σ0(a).
 * - Interleaved message: word i of lane L of stream s lives at W + (STREAMS*i + s)*16 + L*4, so
 *   one v128.load takes word i of a stream's four lanes, and one pointer serves every stream. Each
 *   word's bytes are stored in reverse, so that load gives the big-endian words SHA-256 wants with
 *   no byte swap.
 * - Digits counted up in place: each pass adds LANES to each lane's digits, carrying by hand.
 *   JS stops a call before the number of digits would grow (then the layout changes).
 * - Midstate: JS hashes the 64-byte blocks before the first digit once; the kernel goes on from it.
 * - Constant words: JS writes the first block's schedule words W[0..15] (the message), and
 *   K[i] + W[i], once per call; a pass rewrites only the K[i] + W[i] of the words with digits.
 * - Rounds before the digits: rounds before word `skip`, the first word with a digit, see constant
 *   words only, and round `skip` sees its word only through t1, which goes into a and e and nowhere
 *   else. So JS runs rounds 0..skip once per call with that word taken as 0, and each pass adds the
 *   word to a and e, then runs rounds skip+1..7 in a small loop that moves the working variables
 *   along, to meet the 8-round loop at round 8. (Digits in word 8 or later: JS runs rounds 0..7.)
 * - Constant last block: when the digits all sit in the first block hashed, the second block (the
 *   rest of last_hash, the padding, the length) is the same for every guess. Its message schedule
 *   is computed once in JS, and K[i] + W[i] is stored, so its 64 rounds need no schedule at all.
 * - Constant σ0: W[i] (i = 16..29) takes σ0(W[i-15]) of a message word, and only the words with
 *   digits change from pass to pass. JS works out σ0 of the others once per call; the kernel, of
 *   the few words with digits (11 of the 14 σ0s saved when the digits span three words, as in
 *   `npm run bench`).
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

/** v128 streams per pass, and proofs per pass. */
export const STREAMS = 1;
export const LANES = 4 * STREAMS;

/** Where things are in the kernel's memory (bytes): K, then the state arrays, then the v128 arrays. */
export const K_AT = 0;
export const MID_AT = 256;
/** The state after the rounds JS runs (see Rounds before the digits). */
export const PRE_AT = 288;
/** The first block's schedule W[0..63] (W[0..15] is the message), one v128 per word and stream. */
export const W_AT = 1024;
/** K[i] + W[i] of the first block, then of the constant second block, laid out as W. */
export const KW1_AT = W_AT + 64 * 16 * STREAMS;
export const KW2_AT = KW1_AT + 64 * 16 * STREAMS;
/** σ0(W[j]) for j = 1..14, laid out as W from j = 1: the σ0 terms of W[16..29] (see Constant σ0). */
export const SIGMA0_AT = KW2_AT + 64 * 16 * STREAMS;
/** The message words whose σ0 JS works out (the kernel, those with digits). */
export const SIGMA0_WORDS = { first: 1, last: 14 };

/** The byte of W_AT, KW1_AT or KW2_AT arrays where word `word` of lane `lane` (0 to LANES-1) starts. */
export function slot(word: number, lane: number): number {
  return (word * STREAMS + (lane >> 2)) * 16 + (lane & 3) * 4;
}

/** One word of every stream: the bytes from one stream's v128 of a word to the next word's. */
const WORD = 16 * STREAMS;
const streams = Array.from({ length: STREAMS }, (_, s) => s);
/** The code of each stream, one after the other. */
const each = (code: (s: number) => string) => streams.map(code).join('\n      ');

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
/** Stream s's local of that name. */
const own = (name: string, s: number) => `${name}${s}`;
/** Round i's name for working variable k (0 = a ... 7 = h): the names turn instead of the values moving. */
const role = (k: number, i: number) => VARS[(((k - i) % 8) + 8) % 8] as string;
/** Round i keeps its a ^ b in $x(i mod 2), where round i+1 finds it as its b ^ c (see Maj). */
const ab = (i: number) => `x${i % 2}`;
const bc = (i: number) => `x${(i + 1) % 2}`;

/**
 * The statements of one round of stream s, on the locals that hold a..h (`v(k)`, k = 0 for a ... 7
 * for h), storing the new e and a into `newE` and `newA`; `ab` and `bc` name the locals of a ^ b
 * and b ^ c (see Maj). `kw` is the K[i] + W[i] of this round; c enters only through b ^ c.
 */
function roundBody(
  v: (k: number) => string,
  s: number,
  kw: string,
  newE: string,
  newA: string,
  ab: string,
  bc: string,
) {
  const [a, b, d, e, f, g, h] = [0, 1, 3, 4, 5, 6, 7].map((k) => get(v(k))) as string[];
  const [u, sum1] = [own('u', s), own('sum1', s)];
  const majority = `(v128.xor ${b} (v128.and (local.tee $${ab} (v128.xor ${a} ${b})) ${get(bc)}))`;
  return [
    // u = h + K[i] + W[i] + Ch(e, f, g) and Σ1(e) are worked out side by side; Σ1 is the longer.
    `(local.set $${u} ${add(h as string, kw, choose(e as string, f as string, g as string))})`,
    `(local.set $${sum1} ${bigSigma1(e as string)})`,
    // e = d + t1 with t1 = u + Σ1, summed as (d + u) + Σ1: one addition after Σ1, not two.
    `(local.set $${newE} ${add(d as string, get(u), get(sum1))})`,
    `(local.set $${u} ${add(get(u), get(sum1))})`,
    // a = t1 + Σ0(a) + Maj(a, b, c), Σ0 last for the same reason.
    `(local.set $${newA} ${add(get(u), majority, bigSigma0(a as string))})`,
  ];
}

/** Round i of stream s, on the names of round i (see role). */
function round(i: number, s: number, kw: string): string {
  const v = (k: number) => own(role(k, i), s);
  return roundBody(v, s, kw, v(3), v(7), own(ab(i), s), own(bc(i), s)).join('\n        ');
}

/**
 * One round of stream s with the working variables moved along instead of renamed: the head loop's
 * body, which runs rounds skip+1..7 and leaves the names where the 8-round loop wants them at round 8.
 */
function movingRound(s: number): string {
  const name = (k: number) => own(VARS[k] as string, s);
  const move = (to: number | string, from: number | string) =>
    `(local.set $${typeof to === 'number' ? name(to) : to} (local.get $${typeof from === 'number' ? name(from) : from}))`;
  const spare = own('u', s);
  return [
    // The new e goes into d and the new a into h (each read for the last time in its own
    // statement), then every variable moves one place along: a to b, ..., the new e to e.
    ...roundBody(name, s, load(s * 16, get('kwp')), name(3), name(7), own('x0', s), own('x1', s)),
    move(own('x1', s), own('x0', s)),
    move(spare, 7),
    move(7, 6),
    move(6, 5),
    move(5, 4),
    move(4, 3),
    move(3, 2),
    move(2, 1),
    move(1, 0),
    move(0, spare),
  ].join('\n          ');
}

/** Eight rounds of every stream on the K[i] + W[i] that kwp points at, round by round. */
function eightRounds(): string {
  return Array.from({ length: 8 }, (_, r) =>
    streams.map((s) => round(r, s, load((r * STREAMS + s) * 16, get('kwp')))).join('\n        '),
  ).join('\n        ');
}

/**
 * W[i] and W[i+1] of the first block of every stream, i = 16, 18, ... 62: wp points at W[i-16] and
 * stream s's $q0s, $q1s hold W[i-2] and W[i-1], so the chain from each word to the next but one
 * stays in registers. `sigma0FromMemory`: W[i-15] is a message word, and its σ0 is read from
 * SIGMA0_AT instead of worked out.
 */
function twoScheduleWords(sigma0FromMemory: boolean): string {
  return [0, 1]
    .flatMap((k) =>
      streams.map((s) => {
        const q = own(`q${k}`, s);
        const at = (word: number) => (word * STREAMS + s) * 16;
        const next = add(
          load(at(k), get('wp')),
          sigma0FromMemory ? load(SIGMA0_AT - W_AT + at(k), get('wp')) : smallSigma0(load(at(k + 1), get('wp'))),
          load(at(k + 9), get('wp')),
          smallSigma1(get(q)),
        );
        return [
          `(local.set $${q} ${next})`,
          `(v128.store offset=${at(k + 16)} (local.get $wp) (local.get $${q}))`,
          `(v128.store offset=${KW1_AT - W_AT + at(k + 16)} (local.get $wp) (i32x4.add (local.get $${q}) (v128.load32_splat offset=${K_AT + 64 + k * 4} (local.get $kp))))`,
        ].join('\n        ');
      }),
    )
    .join('\n        ');
}

/** Adds LANES to the decimal digits of every lane (no lane ever runs out of digits: JS sees to that). */
function countUp(): string {
  return Array.from(
    { length: LANES },
    (_, lane) => `
      (local.set $carry (i32.const ${LANES}))
      (local.set $pos (local.get $dend))
      (block $done${lane}
        (loop $digit${lane}
          (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
          (local.set $at (i32.add (i32.const ${W_AT + slot(0, lane)})
            (i32.add (i32.shl (i32.shr_u (local.get $pos) (i32.const 2)) (i32.const ${Math.log2(WORD)})) (i32.xor (i32.and (local.get $pos) (i32.const 3)) (i32.const 3)))))
          (local.set $digit (i32.add (i32.sub (i32.load8_u (local.get $at)) (i32.const 48)) (local.get $carry)))
          (if (i32.lt_u (local.get $digit) (i32.const 10))
            (then
              (i32.store8 (local.get $at) (i32.add (local.get $digit) (i32.const 48)))
              (br $done${lane})))
          ;; A digit (at most 9) plus ${LANES} stays under 20: the carry out is 1 at most.
          (i32.store8 (local.get $at) (i32.add (local.get $digit) (i32.const 38)))
          (local.set $carry (i32.const 1))
          (br_if $digit${lane} (i32.gt_u (local.get $pos) (local.get $dstart)))))`,
  ).join('');
}

function kData(): string {
  const bytes = [...K].flatMap((k) => [k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, k >>> 24]);
  return bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

export function sha256x4Wat(): string {
  const v128Locals = streams
    .flatMap((s) => [...VARS, 'u', 'sum1', 'x0', 'x1', 'q0', 'q1', 's0', 'h0'].map((name) => own(name, s)))
    .concat('maskv');
  const i32Locals = ['pass', 'kp', 'wp', 'kwp', 'kend', 'word', 'carry', 'pos', 'at', 'digit'];
  const hit = (s: number) =>
    `(i32x4.eq (v128.and (local.get $${own('h0', s)}) (local.get $maskv)) (v128.const i32x4 0 0 0 0))`;
  return `(module
  (memory (export "memory") 1)
  (data (i32.const ${K_AT}) "${kData()}")
  ;; search(passes, dstart, dend, blocks, mask): tries proofs p..p+${LANES}*passes-1, where lane L holds the
  ;; digits of p+L at bytes [dstart, dend) of the first block hashed.
  ;; Returns the offset of the first proof whose digest's first word has no bit of mask set, or -1.
  (func (export "search") (param $passes i32) (param $dstart i32) (param $dend i32) (param $blocks i32) (param $mask i32) (result i32)
    ${i32Locals.map((name) => `(local $${name} i32)`).join(' ')}
    ${v128Locals.map((name) => `(local $${name} v128)`).join(' ')}
    (local.set $maskv (i32x4.splat (local.get $mask)))
    (block $exhausted
      (br_if $exhausted (i32.eqz (local.get $passes)))
      (loop $pass
      ;; K[i] + W[i] and σ0(W[i]) of the words that hold this pass's digits.
      (local.set $word (i32.shr_u (local.get $dstart) (i32.const 2)))
      (loop $words
        (local.set $at (i32.mul (local.get $word) (i32.const ${WORD})))
        ${each((s) => `(v128.store offset=${KW1_AT + s * 16} (local.get $at) (i32x4.add (v128.load offset=${W_AT + s * 16} (local.get $at)) (v128.load32_splat offset=${K_AT} (i32.shl (local.get $word) (i32.const 2)))))`)}
        (if (i32.and (i32.ge_u (local.get $word) (i32.const ${SIGMA0_WORDS.first})) (i32.le_u (local.get $word) (i32.const ${SIGMA0_WORDS.last})))
          (then
            ${each((s) => `(v128.store offset=${SIGMA0_AT - SIGMA0_WORDS.first * WORD + s * 16} (local.get $at) ${smallSigma0(`(v128.load offset=${W_AT + s * 16} (local.get $at))`)})`)}))
        (local.set $word (i32.add (local.get $word) (i32.const 1)))
        (br_if $words (i32.lt_u (i32.shl (local.get $word) (i32.const 2)) (local.get $dend))))
      ;; The first block's schedule.
      ${each((s) => `(local.set $${own('q0', s)} (v128.load offset=${W_AT + (14 * STREAMS + s) * 16} (i32.const 0))) (local.set $${own('q1', s)} (v128.load offset=${W_AT + (15 * STREAMS + s) * 16} (i32.const 0)))`)}
      (local.set $wp (i32.const ${W_AT}))
      (local.set $kp (i32.const ${K_AT}))
      ;; W[16..29], whose σ0 terms are in memory, then W[30..63].
      (loop $early
        ${twoScheduleWords(true)}
        (local.set $wp (i32.add (local.get $wp) (i32.const ${2 * WORD})))
        (local.set $kp (i32.add (local.get $kp) (i32.const 8)))
        (br_if $early (i32.lt_u (local.get $wp) (i32.const ${W_AT + (SIGMA0_WORDS.last + 1 - SIGMA0_WORDS.first) * WORD}))))
      (loop $schedule
        ${twoScheduleWords(false)}
        (local.set $wp (i32.add (local.get $wp) (i32.const ${2 * WORD})))
        (local.set $kp (i32.add (local.get $kp) (i32.const 8)))
        (br_if $schedule (i32.lt_u (local.get $wp) (i32.const ${W_AT + 48 * WORD}))))
      ;; The rounds: the first block from the midstate, then the second block if there is one.
      ;; Rounds before the digits: JS ran rounds 0..skip (word skip taken as 0); add the word where
      ;; it goes, then rounds skip+1..7 one at a time, to meet the 8-round loop at round 8.
      ${each((s) => VARS.map((v, k) => `(local.set $${own(v, s)} (v128.load32_splat offset=${PRE_AT + k * 4} (i32.const 0)))`).join(' '))}
      (local.set $word (i32.shr_u (local.get $dstart) (i32.const 2)))
      (if (i32.lt_u (local.get $word) (i32.const 8))
        (then
          (local.set $at (i32.mul (local.get $word) (i32.const ${WORD})))
          ${each((s) => `(local.set $${own('q0', s)} (v128.load offset=${W_AT + s * 16} (local.get $at))) (local.set $${own('a', s)} (i32x4.add (local.get $${own('a', s)}) (local.get $${own('q0', s)}))) (local.set $${own('e', s)} (i32x4.add (local.get $${own('e', s)}) (local.get $${own('q0', s)})))`)}))
      (local.set $kwp (i32.add (i32.const ${KW1_AT + WORD}) (i32.mul (local.get $word) (i32.const ${WORD}))))
      ${each((s) => `(local.set $${own('x1', s)} (v128.xor (local.get $${own('b', s)}) (local.get $${own('c', s)})))`)}
      (block $headed
        (loop $head
          (br_if $headed (i32.ge_u (local.get $kwp) (i32.const ${KW1_AT + 8 * WORD})))
          ${each(movingRound)}
          (local.set $kwp (i32.add (local.get $kwp) (i32.const ${WORD})))
          (br $head)))
      (local.set $kwp (i32.const ${KW1_AT + 8 * WORD}))
      (local.set $kend (i32.const ${KW2_AT}))
      (loop $block
        ${each((s) => `(local.set $${own('x1', s)} (v128.xor (local.get $${own('b', s)}) (local.get $${own('c', s)})))`)}
        (loop $rounds
        ${eightRounds()}
          (local.set $kwp (i32.add (local.get $kwp) (i32.const ${8 * WORD})))
          (br_if $rounds (i32.lt_u (local.get $kwp) (local.get $kend))))
        ;; The second block's K[i] + W[i] follow the first's, so kwp goes on into them.
        (if (i32.eq (local.get $kend) (i32.const ${KW2_AT}))
          (then
            ;; The midstate is read from memory where it is needed: no locals held across the rounds for it.
            ${each((s) => VARS.map((v, k) => `(local.set $${own(v, s)} (i32x4.add (v128.load32_splat offset=${MID_AT + k * 4} (i32.const 0)) (local.get $${own(v, s)})))`).join(' '))}
            ${each((s) => `(local.set $${own('s0', s)} (local.get $${own('a', s)})) (local.set $${own('h0', s)} (local.get $${own('a', s)}))`)}
            (if (i32.eq (local.get $blocks) (i32.const 2))
              (then
                (local.set $kend (i32.const ${KW2_AT + 64 * WORD}))
                (br $block))))
          (else
            ${each((s) => `(local.set $${own('h0', s)} (i32x4.add (local.get $${own('s0', s)}) (local.get $${own('a', s)})))`)})))
      ;; Any lane on target? The lowest lane wins: it is the smallest proof.
      (if (v128.any_true ${streams.map(hit).reduce((all, x) => `(v128.or ${all} ${x})`)})
        (then
          ${streams
            .flatMap((s) =>
              [0, 1, 2, 3].map(
                (lane) =>
                  `(if (i32.eqz (i32.and (i32x4.extract_lane ${lane} (local.get $${own('h0', s)})) (local.get $mask))) (then (return (i32.add (i32.mul (local.get $pass) (i32.const ${LANES})) (i32.const ${s * 4 + lane})))))`,
              ),
            )
            .join('\n          ')}))
      ${countUp()}
      (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
      (br_if $pass (i32.lt_u (local.get $pass) (local.get $passes)))))
    (i32.const -1)))
`;
}
