import type { Chain } from './block';
import { getKey, isJsonObject, type Json, objectFromEntries } from './json/value';

/**
 * How a node answers GET /chain: the lab's misbehaving nodes (a teacher's staging of what the
 * tutorial's rule must survive). The answer is the node's own, made where the node runs.
 * - "honest": its chain, and its length.
 * - "lies": its chain, with a `length` larger than it (the seed's resolve rule believes it).
 * - "offline": no answer at all (the network loses every message to and from it).
 * - "forged": its chain with the middle block changed (a reward to itself) and not mined again.
 * - "private": the first `shown` blocks only (as many as it had when it began), until it
 *   releases them all. Taking another chain in a resolve, it loses what it kept back: it shows
 *   the chain it took, and keeps back the blocks it mines on it (see adopted).
 */
export type BehaviourKind = 'honest' | 'lies' | 'offline' | 'forged' | 'private';
export const BEHAVIOURS: readonly BehaviourKind[] = ['honest', 'lies', 'offline', 'forged', 'private'];

export interface Behaviour {
  readonly kind: BehaviourKind;
  /** "private": how many blocks it shows. */
  readonly shown?: number;
}

export function isBehaviourKind(value: unknown): value is BehaviourKind {
  return BEHAVIOURS.includes(value as BehaviourKind);
}

/** What a lying node adds to its length: one block makes a claim of 100. */
export const LIE_EXTRA = 99;
/** The reward a forging node writes itself into the middle block. */
export const FORGED_AMOUNT = 1000n;

/**
 * How a node answers GET /chain once it has taken `chain` from a neighbour (its own was replaced
 * in a resolve). A private miner's blocks kept back lost the race, and are gone with its chain:
 * it shows the whole chain it took, and keeps back the next blocks it mines on it.
 */
export function adopted(behaviour: Behaviour | undefined, chain: Chain): Behaviour | undefined {
  return behaviour?.kind === 'private' ? { kind: 'private', shown: chain.length } : behaviour;
}

/** The chain and the length a node sends in answer to GET /chain. */
export function servedChain(
  chain: Chain,
  behaviour: Behaviour | undefined,
  nodeIdentifier: string,
): { chain: Chain; length: number } {
  switch (behaviour?.kind) {
    case 'lies':
      return { chain, length: chain.length + LIE_EXTRA };
    case 'forged': {
      const forged = forgedChain(chain, nodeIdentifier);
      return { chain: forged, length: forged.length };
    }
    case 'private': {
      const shown = chain.slice(0, Math.max(1, Math.min(chain.length, behaviour.shown ?? chain.length)));
      return { chain: shown, length: shown.length };
    }
    default:
      return { chain, length: chain.length };
  }
}

/**
 * The chain with its middle block (position ⌊(n−1)/2⌋) given one more transaction, a reward of
 * FORGED_AMOUNT to the forger, and nothing mined again: the next block's previous_hash no longer
 * matches (a one-block chain shows nothing, as valid_chain checks no block but through the next).
 */
export function forgedChain(chain: Chain, nodeIdentifier: string): Chain {
  const position = Math.floor((chain.length - 1) / 2);
  const block = chain[position];
  if (!isJsonObject(block)) return chain;
  const transactions = getKey(block, 'transactions');
  if (!Array.isArray(transactions)) return chain;
  const theft: Json = { sender: '0', recipient: nodeIdentifier, amount: FORGED_AMOUNT };
  const changed = objectFromEntries(
    Object.entries(block).map(([key, value]) => [key, key === 'transactions' ? [...transactions, theft] : value]),
  );
  const forged = [...chain];
  forged[position] = changed;
  return forged;
}
