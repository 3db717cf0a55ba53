import type { GuessCount, NodePause } from '../core/connection';
import type { HttpRequest } from '../core/http';
import type { NodeState } from '../core/node';
import type { ResolveStep } from '../core/resolve';
import type { WireReply, WireResponse } from './wire';

/**
 * How a chain changed since the node last sent it: the first `keep` blocks are the same, then come
 * `append` (with their hashes, as the main thread never hashes). Mining sends one block, not 2,000.
 */
export interface ChainChange {
  readonly keep: number;
  readonly append: NodeState['chain'];
  readonly hashes: readonly string[];
}

/** Messages from the main thread to a node's worker. */
export type ToNode =
  | { readonly type: 'init'; readonly state: NodeState; readonly epochSeconds: number }
  | { readonly type: 'request'; readonly id: number; readonly request: HttpRequest; readonly at: number }
  | { readonly type: 'reply'; readonly fetchId: number; readonly reply: WireReply; readonly at: number }
  | { readonly type: 'mode'; readonly step: boolean; readonly report: boolean }
  | { readonly type: 'release'; readonly gate: number; readonly count: GuessCount }
  /** The part of the time the node may spend mining (see MiningShare); not a network event. */
  | { readonly type: 'share'; readonly share: number };

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
      /**
       * The node's state, its chain left out: the chain travels as a change (see ChainChange),
       * whose first blocks may have come ahead in "blocks" messages.
       */
      readonly state: Omit<NodeState, 'chain'>;
      readonly chain: ChainChange;
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
  | { readonly type: 'settled' }
  | { readonly type: 'fatal'; readonly reason: string };
