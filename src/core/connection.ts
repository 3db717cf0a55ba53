import type { HttpRequest, HttpResponse } from './http';
import type { NodeState } from './node';
import type { PeerReply, ResolveStep } from './resolve';

/**
 * The contract between a running node (in a Web Worker, or in-process in tests) and the network
 * that carries its messages. Interfaces only: the sim holds NodeConnections, the worker
 * transports implement them, and src/main.tsx wires the two together.
 */
export interface NodeInit {
  readonly state: NodeState;
  /** time() at sim time 0: a node's clock is epochSeconds + simTime / 1000. */
  readonly epochSeconds: number;
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
}

/** What the network can ask of a node. `at` is the sim time (ms) that stamps the request. */
export interface NodeConnection {
  /** An HTTP request to one of the five endpoints; the answer comes back through NodeEvents.response. */
  request(id: number, request: HttpRequest, at: number): void;
  /** The answer to one of the node's own neighbour requests (NodeEvents.fetch). */
  reply(fetchId: number, reply: PeerReply, at: number): void;
  /** Stops the node for good: its worker is terminated. */
  terminate(): void;
}

/** What a node tells the network. */
export interface NodeEvents {
  /** The answer to request `id`, with the node's state after it (null when the node is gone). */
  response(id: number, response: HttpResponse, snapshot: NodeSnapshot | null): void;
  /** The node needs GET /chain from a neighbour, for the request `id` it is working on. */
  fetch(id: number, fetchId: number, neighbour: string, url: string): void;
  /** A step of resolve_conflicts while it runs the request `id`. */
  trace(id: number, step: ResolveStep): void;
  progress(id: number, progress: MiningProgress): void;
  /** The node cannot go on (its worker crashed or could not start). */
  failed(reason: string): void;
}

export type ConnectNode = (init: NodeInit, events: NodeEvents) => NodeConnection;
