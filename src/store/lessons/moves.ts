import { mine, registerNodes, resolve } from '../actions';
import type { Simulator } from '../simulator';
import type { AppState, NodeView } from '../state';
import { claimedLength, holdsChainOf, knows, neighboursOf, nodeOf, resolveWouldTake } from './lesson';

// Moves of "Do it for me" (see LessonStep.doIt): each looks at the network as it is now and makes
// the one move that brings it nearer to what the step asks; lessonDoIt makes the next once the
// network is quiet again.

/** Registers on `address` the nodes it does not know yet; true when it had to (that is the move). */
export function registerMissing(
  sim: Simulator,
  state: AppState,
  address: string,
  neighbours: readonly string[],
): boolean {
  const missing = neighbours.filter((n) => !knows(state, address, n));
  if (missing.length === 0) return false;
  registerNodes(
    sim,
    address,
    missing.map((n) => `http://${n}`),
  );
  return true;
}

/**
 * Toward tookLongest(address): Resolve, when a resolve would take a neighbour's chain; else (its
 * own chain is as long as any it hears, say it was mined on by mistake) a block is mined on its
 * longest honest neighbour (`fallback` when it hears none), until a resolve has a longer one to take.
 */
export function takeLongest(sim: Simulator, state: AppState, address: string, fallback: string): void {
  const next = resolveWouldTake(state, address);
  if (next && !holdsChainOf(state, address, next)) {
    resolve(sim, address);
    return;
  }
  let longest: NodeView | null = null;
  for (const n of neighboursOf(state, address)) {
    const honest = (n.snapshot.state.behaviour?.kind ?? 'honest') === 'honest';
    if (!honest || claimedLength(state, address, n) === null) continue;
    if (longest === null || n.snapshot.length > longest.snapshot.length) longest = n;
  }
  mine(sim, longest?.address ?? fallback);
}

/**
 * Toward tookFrom(address, from): Resolve, when a resolve would take the chain of `from`; else a
 * block is mined on `from`, until its chain is longer than `address`'s and every other neighbour's.
 */
export function takeFrom(sim: Simulator, state: AppState, address: string, from: string): void {
  if (!nodeOf(state, from)) return;
  if (resolveWouldTake(state, address)?.address === from) resolve(sim, address);
  else mine(sim, from);
}
