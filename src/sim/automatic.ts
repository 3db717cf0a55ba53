import { MAX_SEARCH_START } from '../core/lab';
import { chance } from './seeded';

/** Guesses per simulated second a node has until someone sets it (see "Hash power"). */
export const DEFAULT_POWER = 5_000;
export const MIN_POWER = 1;
export const MAX_POWER = 1_000_000;
/** How often each node resolves by itself in automatic mode, in sim ms (and after every block it forges). */
export const DEFAULT_RESOLVE_EVERY_MS = 3_000;

/** One node's part in the automatic mode. */
export interface AutoNode {
  /** A search was asked for and has not answered yet; since when it counts (sim ms). */
  readonly searchingSince: number | null;
  /** The block a search found, to be forged at `due` (sim ms) if the chain still ends at `lastHash`. */
  readonly forge: { readonly due: number; readonly proof: number; readonly lastHash: string } | null;
  /** When it resolves next by itself. */
  readonly nextResolve: number;
  /** How many searches it has begun (names the next one's start, see startOf). */
  readonly searches: number;
  /**
   * Since when it has had nothing to search on but its tip (a block forged, a chain adopted, the
   * mode switched on), while its next search waited for a resolve under way: a miner goes on
   * mining while it asks its neighbours, so that time counts for the search. Null: none waits.
   */
  readonly readySince?: number | null;
}

/** The automatic mode as data (what a checkpoint keeps). */
export interface AutomaticState {
  readonly on: boolean;
  readonly resolveEveryMs: number;
  readonly power: readonly (readonly [address: string, guessesPerSecond: number])[];
  readonly nodes: readonly (readonly [address: string, node: AutoNode])[];
}

/** What the automatic mode asks the network to do now. */
export type AutoAction =
  | { readonly kind: 'search'; readonly address: string; readonly from: number }
  | { readonly kind: 'forge'; readonly address: string; readonly proof: number; readonly lastHash: string }
  | { readonly kind: 'resolve'; readonly address: string };

/**
 * The network living by itself: every node mines at its hash power and resolves every few
 * seconds and after each block it forges. A search runs in the node's worker for real, from a
 * start of its own (seeded by the network's seed and the node's count of searches, and written in
 * the journal with the search); the block it finds is forged when sim time reaches the moment
 * its guesses would have taken at the node's hash power. A node that adopts another chain drops
 * the block it had not forged yet and searches on the new tip.
 *
 * It holds state and says what to do; the network does it (as journaled commands), and tells
 * it what came of it. A replay does the journaled commands, and they move this state the same
 * way, so after a jump the mode goes on from where it was.
 */
export class Automatic {
  on = false;
  resolveEveryMs = DEFAULT_RESOLVE_EVERY_MS;
  private readonly power = new Map<string, number>();
  private nodes = new Map<string, AutoNode>();

  constructor(private readonly seed: number) {}

  powerOf(address: string): number {
    return this.power.get(address) ?? DEFAULT_POWER;
  }

  setPower(address: string, guessesPerSecond: number): void {
    this.power.set(address, guessesPerSecond);
  }

  /** Switched on (each node's first resolve spread over one interval) or off (nothing pending is forged). */
  switch(on: boolean, addresses: readonly string[], now: number, resolveEveryMs: number): void {
    this.on = on;
    this.resolveEveryMs = resolveEveryMs;
    this.nodes = new Map(
      addresses.map((address, i) => {
        const before = this.node(address);
        const nextResolve = now + (resolveEveryMs * (i + 1)) / addresses.length;
        return [address, { ...before, forge: null, nextResolve, readySince: on ? now : null }];
      }),
    );
  }

  /** Where the node's next search starts: a 32-bit number of its own. */
  startOf(address: string): number {
    const n = this.node(address).searches;
    return Math.floor(chance(this.seed, `${address}/s${n}`) * MAX_SEARCH_START);
  }

  /** A search was asked of the node (a journaled command). */
  searching(address: string, now: number): void {
    const node = this.node(address);
    // Counted from when it was ready, where a resolve made it wait (see AutoNode.readySince).
    const since = Math.min(now, node.readySince ?? now);
    this.nodes.set(address, {
      ...node,
      searchingSince: since,
      searches: node.searches + 1,
      forge: null,
      readySince: null,
    });
  }

  /**
   * A search answered: its block is forged when the guesses it took would have taken at the
   * node's hash power, counted from when the search began (never before now). `tip` is the
   * hash the node's chain ends at now: a proof found on another is of no use.
   */
  searched(
    address: string,
    found: { proof: number; lastHash: string; guesses: number } | null,
    tip: string,
    now: number,
  ): void {
    const node = this.node(address);
    const since = node.searchingSince ?? now;
    const useful = found !== null && found.lastHash === tip;
    const due = useful ? Math.max(now, since + (found.guesses / this.powerOf(address)) * 1000) : 0;
    this.nodes.set(address, {
      ...node,
      searchingSince: null,
      forge: useful ? { due, proof: found.proof, lastHash: found.lastHash } : null,
      readySince: useful ? null : now,
    });
  }

  /** The node's chain was replaced: the block it had not forged is stale; a search under way counts from now. */
  replaced(address: string, now: number): void {
    const node = this.node(address);
    this.nodes.set(address, {
      ...node,
      forge: null,
      searchingSince: node.searchingSince === null ? null : now,
      // What it mined on before counts for nothing on the new tip.
      readySince: node.searchingSince === null ? now : null,
    });
  }

  /** A forge was asked of the node (a journaled command): nothing waits any more. */
  forging(address: string, now: number): void {
    this.nodes.set(address, { ...this.node(address), forge: null, readySince: now });
  }

  /** A resolve of the node's, by itself or not: the next one by itself comes an interval later. */
  resolving(address: string, now: number): void {
    this.nodes.set(address, { ...this.node(address), nextResolve: now + this.resolveEveryMs });
  }

  forget(address: string): void {
    this.nodes.delete(address);
    this.power.delete(address);
  }

  /** A node with nothing under way and nothing to forge: it should search. */
  idle(address: string): boolean {
    const node = this.node(address);
    return this.on && node.searchingSince === null && node.forge === null;
  }

  /** When the next thing is due by itself, or null (off, or nothing). */
  nextDue(): number | null {
    if (!this.on) return null;
    let next: number | null = null;
    for (const node of this.nodes.values()) {
      const due = Math.min(node.forge?.due ?? Number.POSITIVE_INFINITY, node.nextResolve);
      if (next === null || due < next) next = due;
    }
    return next;
  }

  /** The one thing due first, at or before `time` (a forge before a resolve at the same moment). */
  due(time: number): { at: number; action: AutoAction } | null {
    if (!this.on) return null;
    let best: { at: number; action: AutoAction } | null = null;
    for (const [address, node] of this.nodes) {
      if (node.forge && node.forge.due <= time && (!best || node.forge.due < best.at)) {
        best = {
          at: node.forge.due,
          action: { kind: 'forge', address, proof: node.forge.proof, lastHash: node.forge.lastHash },
        };
      }
      if (node.nextResolve <= time && (!best || node.nextResolve < best.at)) {
        best = { at: node.nextResolve, action: { kind: 'resolve', address } };
      }
    }
    return best;
  }

  get state(): AutomaticState {
    return { on: this.on, resolveEveryMs: this.resolveEveryMs, power: [...this.power], nodes: [...this.nodes] };
  }

  set state(state: AutomaticState) {
    this.on = state.on;
    this.resolveEveryMs = state.resolveEveryMs;
    this.power.clear();
    for (const [address, power] of state.power) this.power.set(address, power);
    this.nodes = new Map(state.nodes);
  }

  private node(address: string): AutoNode {
    return (
      this.nodes.get(address) ?? {
        searchingSince: null,
        forge: null,
        nextResolve: Number.POSITIVE_INFINITY,
        searches: 0,
      }
    );
  }
}
