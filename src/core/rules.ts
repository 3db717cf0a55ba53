import type { ProofRule } from './proof';

/**
 * How a neighbour's chain is weighed in resolve_conflicts.
 * - "seed": the neighbour's claimed `length`, exactly as the tutorial (a lying neighbour can win).
 * - "hardened": the number of blocks actually received, and only well-formed blocks count.
 */
export type ResolveRule = 'seed' | 'hardened';
export const RESOLVE_RULES: readonly ResolveRule[] = ['seed', 'hardened'];

/**
 * Where a network's genesis blocks come from: each node makes its own, with its own timestamp
 * (the tutorial: chains of different nodes share nothing), or all share one (as real networks
 * do, so that forks branch from a common root).
 */
export type Genesis = 'own' | 'shared';
export const GENESIS_CHOICES: readonly Genesis[] = ['own', 'shared'];

/** The consensus settings of a network; every node of a network shares them. */
export interface Rules {
  readonly proofRule: ProofRule;
  readonly difficulty: number;
  readonly resolveRule: ResolveRule;
  /** Absent: "own", as in the tutorial. */
  readonly genesis?: Genesis;
}

export function isResolveRule(value: unknown): value is ResolveRule {
  return value === 'seed' || value === 'hardened';
}

/** The Python reference's own settings: the 3-argument proof, four zeros, claimed lengths. */
export const REFERENCE_RULES: Rules = { proofRule: 'reference', difficulty: 4, resolveRule: 'seed' };
