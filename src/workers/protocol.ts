import type { FailureCause, GuessCount, NodePause } from '../core/connection';
import type { HttpRequest } from '../core/http';
import type { NodeState, Outcome } from '../core/node';
import type { ResolveStep } from '../core/resolve';
import type { Check } from '../core/validation';
import type { WireReply, WireResponse } from './wire';

/**
 * How a chain changed since the node last sent it: the first `keep` blocks are the same, then come
 * `append` (with their hashes, as the main thread never hashes). Mining sends one block, not 2,000.
 */
export interface ChainChange {
  readonly keep: number;
  readonly append: NodeState['chain'];
  readonly hashes: readonly string[];
  /** Every link of the whole chain that valid_chain refuses (a chain a person tampered with; see chainProblems). */
  readonly problems: readonly Check[];
}

/**
 * What a node does, as the network sees it: the messages that change the node. A node's worker
 * counts them (see Idle.seen), and the page keeps those sent since the node was last idle, so
 * that the node can be restored to any moment (see Restore).
 */
export type NodeInput =
  | { readonly type: 'request'; readonly id: number; readonly request: HttpRequest; readonly at: number }
  | { readonly type: 'reply'; readonly fetchId: number; readonly reply: WireReply; readonly at: number }
  | {
      readonly type: 'mode';
      readonly step: boolean;
      readonly report: boolean;
      /** Replaying a journal: a search is not run again, its proof comes with the release of its gate. */
      readonly replay: boolean;
    }
  /** Lets the node go on from a gate; a "found" gate whose proof the node has not searched for takes `proof`. */
  | { readonly type: 'release'; readonly gate: number; readonly count: GuessCount; readonly proof?: number }
  /** Searches for the proof of the "found" gate `gate`, which a replay left without one. */
  | { readonly type: 'search'; readonly gate: number };

/**
 * A node as it was when it was last idle (no request under way: nothing inside a generator),
 * plain data; then the inputs it got after, which it runs again. The outputs it made of them that
 * the page already had (`skip`, `found`) are not sent again. A restore is the start of a replay:
 * the node does not search (see NodeInput "mode") until a mode message says otherwise.
 */
export interface Restore {
  readonly state: Omit<NodeState, 'chain'>;
  /**
   * The chain by its blocks' hashes, one after the other in one string (64 hex digits each: one
   * string crosses to the worker as one copy, 2,000 strings as 2,000), with the blocks the
   * worker may not have (all of them for a new worker).
   */
  readonly chain: { readonly hashes: string; readonly blocks: NodeState['chain'] | null };
  readonly idle: Idle;
  readonly inputs: readonly NodeInput[];
  /** How many outputs (see countsAsOutput) the page had of those inputs. */
  readonly skip: number;
  /** The "found" gates the page had of those inputs, with their proofs (null: not searched). */
  readonly found: readonly (readonly [gate: number, proof: number | null])[];
}

/** Messages from the main thread to a node's worker. */
export type ToNode =
  | { readonly type: 'init'; readonly state: NodeState; readonly epochSeconds: number }
  | NodeInput
  /**
   * The node as in `restore`; everything under way is dropped. The worker answers "restored"
   * before it runs the inputs again (what it sent before that is of the node as it was), and
   * "settled" after.
   */
  | ({ readonly type: 'restore' } & Restore)
  /** The part of the time the node may spend mining (see MiningShare); not a network event. */
  | { readonly type: 'share'; readonly share: number };

/** What a node's counters and settings were when it was idle: restoring it sets them back. */
export interface Idle {
  /** How many inputs the node had received (its state includes all of them). */
  readonly seen: number;
  readonly nextGate: number;
  readonly nextFetch: number;
  readonly step: boolean;
  readonly report: boolean;
}

/**
 * The most blocks one message carries. A longer change (a resolve that adopts a long fork) goes
 * ahead of its response in "blocks" messages of this many: reading 1,700 blocks from one message
 * took the page 15 ms, and each message is a task of its own.
 */
export const CHAIN_PART = 250;

/** Messages from a node's worker to the main thread. */
export type FromNode =
  /** The first blocks of a response's chain change, in order (see CHAIN_PART). */
  | {
      readonly type: 'blocks';
      readonly id: number;
      readonly append: NodeState['chain'];
      readonly hashes: readonly string[];
    }
  | {
      readonly type: 'response';
      readonly id: number;
      /** A long body comes as bytes, handed over without a copy (see wire.ts). */
      readonly response: WireResponse;
      /** What the request did (the page reads this, not the answer's text). */
      readonly outcome: Outcome;
      /**
       * The node's state, its chain left out: the chain travels as a change (see ChainChange),
       * whose first blocks may have come ahead in "blocks" messages. Null: as in the last answer.
       */
      readonly state: Omit<NodeState, 'chain'> | null;
      readonly chain: ChainChange;
      /** Set when nothing is under way in the node after this answer: it may be restored from here. */
      readonly idle: Idle | null;
    }
  | {
      readonly type: 'fetch';
      readonly id: number;
      readonly fetchId: number;
      readonly neighbour: string;
      readonly url: string;
    }
  /** A step of resolve_conflicts in run mode, after any check of valid_chain that failed before it (none that hold). */
  | { readonly type: 'trace'; readonly id: number; readonly steps: readonly ResolveStep[] }
  | { readonly type: 'progress'; readonly id: number; readonly tried: number; readonly rate: number }
  | { readonly type: 'pause'; readonly id: number; readonly gate: number; readonly pause: NodePause }
  /** Done with `count` messages (one if absent): a batch says it once (see batched in wire.ts). */
  | { readonly type: 'settled'; readonly count?: number }
  /** A restore has begun: what came before it is of the node as it was, and is dropped. */
  | { readonly type: 'restored' }
  | { readonly type: 'fatal'; readonly reason: string; readonly cause?: FailureCause };
