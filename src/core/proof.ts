import { sha256Hex } from './hash';
import { pythonFloatStr } from './json/python-float';
import type { Json } from './json/value';

/**
 * How a proof guess is built.
 * - "seed": the tutorial text's rule, guess = f"{last_proof}{proof}".
 * - "reference": the Python reference's HEAD, guess = f"{last_proof}{proof}{last_hash}".
 */
export type ProofRule = 'seed' | 'reference';
export const PROOF_RULES: readonly ProofRule[] = ['seed', 'reference'];

export const MIN_DIFFICULTY = 1;
export const MAX_DIFFICULTY = 8;

/** Everything a proof-of-work search needs; plain data, so it can be posted to a worker. */
export interface ProofSearch {
  readonly rule: ProofRule;
  /** Leading hex zeros the guess's digest must have. */
  readonly difficulty: number;
  /** str(last_proof), as Python formats it. */
  readonly lastProof: string;
  /** Hash of the last block: part of the guess under "reference", and the tip the block builds on. */
  readonly lastHash: string;
}

export interface ProofTry {
  readonly proof: string;
  readonly guess: string;
  readonly digest: string;
  readonly ok: boolean;
}

export function isProofRule(value: unknown): value is ProofRule {
  return value === 'seed' || value === 'reference';
}

export function isDifficulty(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= MIN_DIFFICULTY && (value as number) <= MAX_DIFFICULTY;
}

/**
 * Python's str() of a proof value inside an f-string, or null where the tutorial's data model
 * has no proof (a list or an object). str(5) is "5", str("5") is "5", str(5.0) is "5.0".
 */
export function proofText(value: Json | undefined): string | null {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return pythonFloatStr(value);
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  return null;
}

export function guessText(search: ProofSearch, proof: string): string {
  return search.rule === 'seed' ? `${search.lastProof}${proof}` : `${search.lastProof}${proof}${search.lastHash}`;
}

export function meetsDifficulty(digest: string, difficulty: number): boolean {
  for (let i = 0; i < difficulty; i++) if (digest.charCodeAt(i) !== 0x30) return false;
  return true;
}

/** One guess of valid_proof, with everything a person may want to see about it. */
export function tryProof(search: ProofSearch, proof: number | bigint | string): ProofTry {
  const text = String(proof);
  const guess = guessText(search, text);
  const digest = sha256Hex(guess);
  return { proof: text, guess, digest, ok: meetsDifficulty(digest, search.difficulty) };
}

/**
 * tryProof for a proof a block names, remembering the digest of each guess: under "seed" the
 * guess is only the two proofs, and every node of a network finds the same proofs one after
 * another, so a chain's checks ask the same few hundred guesses again and again (an import of
 * bench:ui's run hashed 214,000 texts, 32,000 of them different). A pure function's memory: the
 * answer is the same without it. Not for a search, whose guesses are each asked once.
 */
export function checkProof(search: ProofSearch, proof: number | bigint | string): ProofTry {
  const text = String(proof);
  const guess = guessText(search, text);
  let digest = digests.get(guess);
  if (digest === undefined) {
    digest = sha256Hex(guess);
    if (digests.size >= DIGESTS_KEPT) digests.clear();
    digests.set(guess, digest);
  }
  return { proof: text, guess, digest, ok: meetsDifficulty(digest, search.difficulty) };
}

/** Enough for the distinct proofs of a long run; under "reference" each guess is new (it holds the last hash). */
const DIGESTS_KEPT = 1 << 16;
const digests = new Map<string, string>();

/**
 * The tutorial's proof_of_work: the first proof, counting up from `from`, whose guess hashes
 * to `difficulty` leading hex zeros. Straightforward on purpose: the fast kernels are checked
 * against it.
 */
export function proofOfWork(search: ProofSearch, from = 0): number {
  for (let proof = from; ; proof++) {
    if (tryProof(search, proof).ok) return proof;
  }
}
