import type { GuessCount, NodePause } from '../core/connection';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { NodeState } from '../core/node';
import type { PeerReply, ResolveStep } from '../core/resolve';

/** Messages from the main thread to a node's worker. */
export type ToNode =
  | { readonly type: 'init'; readonly state: NodeState; readonly epochSeconds: number }
  | { readonly type: 'request'; readonly id: number; readonly request: HttpRequest; readonly at: number }
  | { readonly type: 'reply'; readonly fetchId: number; readonly reply: PeerReply; readonly at: number }
  | { readonly type: 'mode'; readonly step: boolean }
  | { readonly type: 'release'; readonly gate: number; readonly count: GuessCount };

/** Messages from a node's worker to the main thread. */
export type FromNode =
  | {
      readonly type: 'response';
      readonly id: number;
      readonly response: HttpResponse;
      readonly state: NodeState;
      /** The hash of every block of state.chain: the main thread never hashes. */
      readonly hashes: readonly string[];
    }
  | {
      readonly type: 'fetch';
      readonly id: number;
      readonly fetchId: number;
      readonly neighbour: string;
      readonly url: string;
    }
  /** Steps of resolve_conflicts in run mode, a few at a time (a long chain has many checks). */
  | { readonly type: 'trace'; readonly id: number; readonly steps: readonly ResolveStep[] }
  | { readonly type: 'progress'; readonly id: number; readonly tried: number; readonly rate: number }
  | { readonly type: 'pause'; readonly id: number; readonly gate: number; readonly pause: NodePause }
  | { readonly type: 'settled' }
  | { readonly type: 'fatal'; readonly reason: string };
