import type { NodeConnection, NodeSnapshot } from '../core/connection';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { JournalEntry } from './commands';
import type { NetworkEvent } from './events';
import type { Links } from './links';
import type { Outside } from './outside';
import type { Gate, Scheduler, SimMessage } from './scheduler';

export type Activity = 'mining' | 'resolving';

/** A node of the network: its connection and the page's latest snapshot of it. */
export interface SimNode {
  readonly address: string;
  readonly port: number;
  readonly connection: NodeConnection;
  snapshot: NodeSnapshot;
  alive: boolean;
  /** Messages sent to the node that it has not finished with yet. */
  unsettled: number;
  served: number;
  /**
   * Replaying: the moment (sim time, journal length) each message sent to the node and not yet
   * settled was sent at, oldest first. A node works through its messages in order, so what it
   * does belongs to the first one's moment, not to where the bulk replay (which runs ahead of its
   * nodes) has got by the time it comes (see Network.eventPosition). After the last, `touched`.
   */
  readonly sent: Position[];
  touched: Position;
}

/** A moment of a run: its sim time and how many journal entries came before it. */
export interface Position {
  readonly at: number;
  readonly journal: number;
}

/** A request a node is working on: a person's command, or a neighbour's GET /chain it serves. */
export interface OpenCommand {
  readonly address: string;
  readonly request: HttpRequest;
  readonly origin: 'user' | 'network';
  readonly activity: Activity | null;
  readonly done: (response: HttpResponse) => void;
  /** For a GET /chain served to a neighbour: the request message it answers. */
  readonly serving?: SimMessage;
}

/**
 * What the network (network.ts) shares with its parts (messages.ts, script.ts): its state, and
 * the few moves every part makes the same way. The network makes it once, over its own fields.
 */
export interface NetworkInside {
  readonly scheduler: Scheduler;
  readonly links: Links;
  readonly outside: Outside;
  readonly nodes: Map<string, SimNode>;
  readonly commands: Map<number, OpenCommand>;
  /** How long a node waits for a neighbour's answer before it skips it. */
  readonly timeoutMs: number;
  /** Sim time (ms). */
  readonly now: number;
  /** While replaying, nothing is let go by itself: the journal decides. */
  readonly scripted: boolean;
  /** The next number for a message or a request. */
  takeId(): number;
  emit(event: NetworkEvent): void;
  record(entry: JournalEntry): void;
  /** A new gate: let go at once in run mode, or kept for a Step. */
  offer(gate: Gate): void;
  gatesChanged(): void;
  /** Sends a node something (counted until it says it has settled, where it reports that). */
  toNode(node: SimNode, send: (connection: NodeConnection) => void): void;
}
