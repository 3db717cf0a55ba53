import type { HttpRequest, HttpResponse } from './http';
import type { Json } from './json/value';
import type { NodeState, Outcome } from './node';
import type { ProofTry } from './proof';
import type { PeerReply, ResolveStep } from './resolve';
import type { Check } from './validation';

/**
 * The contract between a running node (in a Web Worker, or in-process in tests) and the network
 * that carries its messages. Interfaces only: the sim holds NodeConnections, the worker
 * transports implement them, and src/main.tsx wires the two together.
 */
export interface NodeInit {
  readonly state: NodeState;
  /** The hash of each block of state.chain. */
  readonly hashes: readonly string[];
  /** time() at sim time 0: a node's clock is epochSeconds + simTime / 1000. */
  readonly epochSeconds: number;
  /**
   * The network's blocks by hash, shared by its nodes' connections: a block that arrives again
   * (in another node's chain, after a resolve) is kept once. Each worker sends its own copy, so
   * without this the page held a copy per node that has the block, and per version kept.
   */
  readonly blocks?: Map<string, NodeState['chain'][number]>;
}

export interface MiningProgress {
  /** Guesses made so far by the current search. */
  readonly tried: number;
  /** Guesses per second, measured over the last slices. */
  readonly rate: number;
}

/** A node's state as the main thread sees it, with the hash of every block (it never hashes). */
export interface NodeSnapshot {
  readonly state: NodeState;
  readonly hashes: readonly string[];
  /** The chain's length. A snapshot may make its chain's arrays only when they are read. */
  readonly length: number;
  /** The links of the chain valid_chain refuses (absent: none), positions from 0 (see chainProblems). */
  readonly problems?: readonly Check[];
  /** One block's hash, and one block, without making the arrays (where the snapshot can). */
  hashAt?(i: number): string | undefined;
  blockAt?(i: number): Json | undefined;
}

/** The hash of block `i` (from 0) of a snapshot, by hashAt where it has one ('' past its end). */
export function hashInSnapshot(snapshot: NodeSnapshot, i: number): string {
  return snapshot.hashAt?.(i) ?? snapshot.hashes[i] ?? '';
}

/** Block `i` (from 0) of a snapshot, by blockAt where it has one. */
export function blockInSnapshot(snapshot: NodeSnapshot, i: number): Json | undefined {
  return snapshot.blockAt?.(i) ?? snapshot.state.chain[i];
}

/**
 * Where a node waits for the network's go: the scheduler (the sim) decides when it goes on, so
 * that step mode, recording and replay all see the same order of events.
 * - "trace": a step of resolve_conflicts or valid_chain (in step mode only);
 * - "guess": mining in step mode, before the next guess (`attempt` is the last one tried);
 * - "found": mining in run mode found its proof and waits to forge the block. In a replay the
 *   node does not search: `proof` is null, and the release of the gate brings the recorded proof.
 */
export type NodePause =
  | { readonly kind: 'trace'; readonly step: ResolveStep }
  | { readonly kind: 'guess'; readonly attempt: ProofTry | null; readonly tried: number }
  | { readonly kind: 'found'; readonly proof: number | null; readonly tried: number };

/** How far a "guess" gate may go: a number of guesses, or on to the proof. */
export type GuessCount = number | 'finish';

/** What the network can ask of a node. `at` is the sim time (ms) that stamps the request. */
export interface NodeConnection {
  /** An HTTP request to one of the five endpoints; the answer comes back through NodeEvents.response. */
  request(id: number, request: HttpRequest, at: number): void;
  /** The answer to one of the node's own neighbour requests (NodeEvents.fetch). */
  reply(fetchId: number, reply: PeerReply, at: number): void;
  /**
   * Step mode: the node pauses at every step of its algorithms; run mode: only where order
   * matters. With `report`, it says when it has settled after each message (step mode and replays
   * wait for that; run mode does not need the extra messages).
   */
  setMode(step: boolean, report: boolean, replay: boolean): void;
  /**
   * Lets the node go on from its gate `gate` (see NodeEvents.pause). A "found" gate made by a
   * replay takes the recorded proof; without one, the node searches for it first.
   */
  release(gate: number, count: GuessCount, proof?: number): void;
  /** Searches for the proof of a "found" gate that a replay left without one (it pauses again with it). */
  search(gate: number): void;
  /** The node as it is now, as data that restore() takes back to (for time travel). */
  checkpoint(): NodeCheckpoint;
  /**
   * Makes the node what it was at a checkpoint of this connection or another one (a node of the
   * same network), dropping whatever is under way. What it said since that the network has not
   * heard of yet, it says again.
   */
  restore(checkpoint: NodeCheckpoint): void;
  /** Stops the node for good: its worker is terminated. */
  terminate(): void;
}

declare const checkpointOfNode: unique symbol;
/** A node at one moment, as plain data; only a NodeConnection reads it (see NodeConnection.restore). */
export interface NodeCheckpoint {
  readonly [checkpointOfNode]: true;
}

/** What a node tells the network. */
export interface NodeEvents {
  /** The answer to request `id`, what it did, and the node's state after it (null when the node is gone). */
  response(id: number, response: HttpResponse, outcome: Outcome, snapshot: NodeSnapshot | null): void;
  /** The node needs GET /chain from a neighbour, for the request `id` it is working on. */
  fetch(id: number, fetchId: number, neighbour: string, url: string): void;
  /** A step of resolve_conflicts while it runs the request `id`. */
  trace(id: number, step: ResolveStep): void;
  progress(id: number, progress: MiningProgress): void;
  /** The node waits at gate `gate` (numbered per node) while it works on request `id`. */
  pause(id: number, gate: number, pause: NodePause): void;
  /** The node has done everything the last `count` messages it received asked of it. */
  settled(count: number): void;
  /** The node cannot go on (its worker crashed or could not start, or a replay's proof failed). */
  failed(reason: string, cause?: FailureCause): void;
}

/**
 * Why a node stopped, as data, where a page says it in its own words (the reason says it in
 * English): a recorded proof of a replayed run that does not hold (a changed file).
 */
export type FailureCause =
  | {
      readonly code: 'badProof';
      readonly index: number;
      readonly address: string;
      readonly proof: number;
      readonly zeros: number;
    }
  /** The worker stopped or never started (`detail`: the browser's message, in its words). */
  | { readonly code: 'workerFailed'; readonly detail: string }
  /** The worker sent what the page could not read. */
  | { readonly code: 'unreadable' };

export type ConnectNode = (init: NodeInit, events: NodeEvents) => NodeConnection;
