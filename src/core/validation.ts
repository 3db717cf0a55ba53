import { blockHash } from './block';
import { jsonText } from './json/canonical';
import { getKey, isJsonObject, type Json, pythonTypeName } from './json/value';
import { checkProof, type ProofSearch, proofText } from './proof';
import type { Rules } from './rules';

/** The checks of valid_chain, plus the block-shape check of the "hardened" profile. */
export type CheckName = 'chain' | 'shape' | 'previous_hash' | 'proof';

/**
 * One check valid_chain made. `position` is the block's place in the list (the tutorial's
 * current_index, 0-based); `expected`/`actual` are what was compared.
 */
export interface Check {
  readonly check: CheckName;
  readonly position: number;
  readonly ok: boolean;
  readonly expected?: string;
  readonly actual?: string;
  /** For proof checks: valid_proof's guess string and its digest. */
  readonly guess?: string;
  readonly digest?: string;
  /** Plain-English account of a failure. */
  readonly reason?: string;
}

export type Verdict =
  | { readonly valid: true; readonly length: number; readonly trace: readonly Check[] }
  | {
      readonly valid: false;
      readonly length: number;
      readonly failure: Check & { readonly reason: string };
      readonly trace: readonly Check[];
    };

/**
 * The tutorial's valid_chain: every block after the first must name the previous block's hash
 * and carry a proof that is valid against the previous block's proof. Never throws: where the
 * reference raises (an empty chain, a missing key) the chain is invalid with a reason.
 * Under the "hardened" profile each block must also have the tutorial's shape.
 */
export function validChain(chain: Json, rules: Rules): Verdict {
  const trace: Check[] = [];
  const fail = (check: Omit<Check, 'ok'> & { reason: string }): Verdict => {
    const failure = { ...check, ok: false };
    trace.push(failure);
    return { valid: false, length: Array.isArray(chain) ? chain.length : 0, failure, trace };
  };

  if (!Array.isArray(chain)) {
    return fail({ check: 'chain', position: 0, reason: `the chain is a ${pythonTypeName(chain)}, not a list` });
  }
  if (chain.length === 0) return fail({ check: 'chain', position: 0, reason: 'the chain is empty' });

  const hardened = rules.resolveRule === 'hardened';
  if (hardened) {
    const problem = shapeProblem(chain[0] as Json, 0);
    if (problem) return fail({ check: 'shape', position: 0, reason: `block 1: ${problem}` });
    trace.push({ check: 'shape', position: 0, ok: true });
  }

  let last = chain[0] as Json;
  let lastHash = blockHash(last);
  const rulesKey = `${rules.proofRule} ${rules.difficulty} ${rules.resolveRule}`;
  for (let position = 1; position < chain.length; position++) {
    const block = chain[position] as Json;
    // A link checked before (the same two block objects, the same rules) holds again.
    const known = isJsonObject(block) ? links.get(block) : undefined;
    if (known && known.last === last && known.rules === rulesKey && known.position === position) {
      for (const check of known.checks) trace.push(check);
      last = block;
      lastHash = blockHash(block);
      continue;
    }
    const checks = checkLink(last, lastHash, block, position, rules);
    for (const check of checks) trace.push(check);
    const failure = checks[checks.length - 1];
    if (failure && !failure.ok) {
      return { valid: false, length: chain.length, failure: failure as Check & { reason: string }, trace };
    }
    if (typeof last === 'object' && last !== null) {
      links.set(block as object, { last, rules: rulesKey, position, checks });
    }

    last = block;
    lastHash = blockHash(block);
  }
  return { valid: true, length: chain.length, trace };
}

/**
 * The checks of one link of valid_chain: block `position` against the block before it (`last`,
 * whose hash is `lastHash`). The checks that held, then the first that failed, if one did.
 */
export function checkLink(last: Json, lastHash: string, block: Json, position: number, rules: Rules): Check[] {
  const checks: Check[] = [];
  const label = `block ${position + 1}`;
  const fail = (check: Omit<Check, 'ok'> & { reason: string }): Check[] => {
    checks.push({ ...check, ok: false });
    return checks;
  };
  if (rules.resolveRule === 'hardened') {
    const problem = shapeProblem(block, position);
    if (problem) return fail({ check: 'shape', position, reason: `${label}: ${problem}` });
    checks.push({ check: 'shape', position, ok: true });
  }
  if (!isJsonObject(block)) {
    return fail({ check: 'previous_hash', position, reason: `${label} is a ${pythonTypeName(block)}, not a block` });
  }
  const previousHash = getKey(block, 'previous_hash');
  if (previousHash === undefined) {
    return fail({ check: 'previous_hash', position, expected: lastHash, reason: `${label} has no previous_hash` });
  }
  const actual = jsonText(previousHash);
  if (previousHash !== lastHash) {
    return fail({
      check: 'previous_hash',
      position,
      expected: lastHash,
      actual,
      reason: `${label}: previous_hash ${actual} is not the hash of block ${position} (${lastHash})`,
    });
  }
  checks.push({ check: 'previous_hash', position, ok: true, expected: lastHash, actual });

  const lastProof = isJsonObject(last) ? proofText(getKey(last, 'proof')) : null;
  const proof = proofText(getKey(block, 'proof'));
  if (lastProof === null || proof === null) {
    const which = lastProof === null ? `block ${position}` : label;
    return fail({ check: 'proof', position, reason: `${which} has no usable proof` });
  }
  const search: ProofSearch = { rule: rules.proofRule, difficulty: rules.difficulty, lastProof, lastHash };
  const attempt = checkProof(search, proof);
  const expected = '0'.repeat(rules.difficulty);
  const tried = { expected: `${expected}…`, actual: attempt.digest, guess: attempt.guess, digest: attempt.digest };
  if (!attempt.ok) {
    return fail({
      check: 'proof',
      position,
      ...tried,
      reason: `${label}: proof ${proof} is not valid: sha256("${attempt.guess}") does not start with ${expected}`,
    });
  }
  checks.push({ check: 'proof', position, ok: true, ...tried });
  return checks;
}

/**
 * Every link of a chain that valid_chain would refuse, not only the first: what a page shows of
 * a chain a person tampered with. Each is the failed check of checkLink (block 1 has no link).
 * Under "hardened" the first block's shape is checked too. `from`: the first position to check
 * (the links before it are known).
 */
export function chainProblems(chain: readonly Json[], rules: Rules, from = 0): Check[] {
  const problems: Check[] = [];
  const first = chain[0];
  if (first === undefined) return problems;
  if (from === 0 && rules.resolveRule === 'hardened') {
    const problem = shapeProblem(first, 0);
    if (problem) problems.push({ check: 'shape', position: 0, ok: false, reason: `block 1: ${problem}` });
  }
  const rulesKey = `${rules.proofRule} ${rules.difficulty} ${rules.resolveRule}`;
  for (let position = Math.max(1, from); position < chain.length; position++) {
    const last = chain[position - 1] as Json;
    const block = chain[position] as Json;
    const known = isJsonObject(block) ? links.get(block) : undefined;
    if (known && known.last === last && known.rules === rulesKey && known.position === position) continue;
    const checks = checkLink(last, blockHash(last), block, position, rules);
    const failure = checks[checks.length - 1];
    if (failure && !failure.ok) problems.push(failure);
    else if (isJsonObject(block) && typeof last === 'object' && last !== null) {
      links.set(block, { last, rules: rulesKey, position, checks });
    }
  }
  return problems;
}

/**
 * Links that held, by block: the block before it, the rules, its position, and the checks made.
 * Values are never changed in place, so a link between the same two objects holds for good; a
 * resolve reads a neighbour's chain again and again (see ChainBodyReader), and its 4,000 checks
 * were most of the work. A pure function's memory, not state: the verdict is the same without it.
 */
const links = new WeakMap<object, { last: object; rules: string; position: number; checks: readonly Check[] }>();

/** What is wrong with a block's shape under the hardened profile, or null when it is well formed. */
function shapeProblem(block: Json, position: number): string | null {
  if (!isJsonObject(block)) return `is a ${pythonTypeName(block)}, not a block`;
  const index = getKey(block, 'index');
  if (typeof index !== 'bigint') return `index is ${pythonTypeName(index)}, not an int`;
  if (index !== BigInt(position + 1)) return `index is ${index}, expected ${position + 1}`;
  const timestamp = getKey(block, 'timestamp');
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return `timestamp is ${pythonTypeName(timestamp)}, not a finite float`;
  }
  if (!Array.isArray(getKey(block, 'transactions'))) return 'transactions is not a list';
  if (typeof getKey(block, 'proof') !== 'bigint')
    return `proof is ${pythonTypeName(getKey(block, 'proof'))}, not an int`;
  if (typeof getKey(block, 'previous_hash') !== 'string') return 'previous_hash is not a string';
  return null;
}
