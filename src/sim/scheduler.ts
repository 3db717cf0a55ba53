import type { NodePause } from '../core/connection';
import type { HttpRequest } from '../core/http';
import type { PeerReply } from '../core/resolve';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** The range a run file may set a neighbour's timeout in. */
export const MIN_TIMEOUT_MS = 500;
export const MAX_TIMEOUT_MS = 60_000;

/** A GET /chain on its way to a neighbour, or the answer on its way back: data the UI draws. */
export interface SimMessage {
  readonly id: number;
  /** Names this message the same way in every replay of a run. */
  readonly ref: string;
  readonly kind: 'request' | 'response';
  /** The node that sends this message, and where it goes (an address, or the neighbour as stored). */
  readonly from: string;
  readonly to: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  /** The neighbour request this message belongs to, numbered by the node that asked. */
  readonly fetchId: number;
  /** The node that asked for the chain. */
  readonly asker: string;
  readonly request?: HttpRequest;
  readonly reply?: PeerReply;
  /** An answer of GET /chain: how many blocks the chain it carries has (for a label, read without parsing). */
  readonly blocks?: number;
}

export type Outgoing = Omit<SimMessage, 'id' | 'sentAt' | 'deliverAt'>;

/**
 * Everything that waits for the scheduler's go. Run mode lets them go as they come (messages when
 * their latency has passed); step mode one per Step. Either way each go is written in the journal.
 */
export type Gate =
  | { readonly kind: 'send'; readonly ref: string; readonly address: string; readonly message: Outgoing }
  | { readonly kind: 'deliver'; readonly ref: string; readonly address: string; readonly message: SimMessage }
  | {
      readonly kind: 'pause';
      readonly ref: string;
      readonly address: string;
      readonly gate: number;
      readonly pause: NodePause;
    };

export type Delivery = Extract<Gate, { kind: 'deliver' }>;

/** A neighbour request under way: its answer is awaited until `deadline`. */
export interface OpenFetch {
  readonly node: string;
  readonly fetchId: number;
  readonly deadline: number;
}

/** Everything the scheduler holds, as plain data (a checkpoint keeps it as it is: it is never changed in place). */
export interface SchedulerState {
  readonly clock: number;
  readonly pending: readonly Gate[];
  readonly inFlight: readonly SimMessage[];
  readonly fetches: readonly (readonly [ref: string, open: OpenFetch])[];
}

/**
 * Sim time and what waits on it: the gates (in the order they came), the messages in flight, and
 * the deadlines of neighbour requests. It decides nothing itself: the network asks it what is
 * next, and opens it.
 */
export class Scheduler {
  clock = 0;
  pending: readonly Gate[] = [];
  inFlight: readonly SimMessage[] = [];
  readonly fetches = new Map<string, OpenFetch>();

  state(): SchedulerState {
    return { clock: this.clock, pending: this.pending, inFlight: this.inFlight, fetches: [...this.fetches] };
  }

  load(state: SchedulerState): void {
    this.clock = state.clock;
    this.pending = state.pending;
    this.inFlight = state.inFlight;
    this.fetches.clear();
    for (const [ref, open] of state.fetches) this.fetches.set(ref, open);
  }

  offer(gate: Gate): void {
    this.pending = [...this.pending, gate];
  }

  take(gate: Gate): void {
    this.pending = this.pending.filter((g) => g !== gate);
  }

  find(ref: string): Gate | undefined {
    return this.pending.find((g) => g.ref === ref);
  }

  /** Whether a Step would do anything: a gate to open, or a neighbour request to time out. */
  get steppable(): boolean {
    return this.pending.length > 0 || this.fetches.size > 0;
  }

  /** The delivery due first by `time`, if any (by time, then by the order the messages were sent). */
  dueDelivery(time: number): Delivery | undefined {
    let due: Delivery | undefined;
    for (const g of this.pending) {
      if (g.kind !== 'deliver' || g.message.deliverAt > time) continue;
      if (
        !due ||
        g.message.deliverAt < due.message.deliverAt ||
        (g.message.deliverAt === due.message.deliverAt && g.message.id < due.message.id)
      ) {
        due = g;
      }
    }
    return due;
  }

  /** The neighbour request whose deadline comes first by `by`, if any. */
  earliestDeadline(by = Number.POSITIVE_INFINITY): [string, OpenFetch] | null {
    let found: [string, OpenFetch] | null = null;
    for (const entry of this.fetches) {
      if (entry[1].deadline <= by && (!found || entry[1].deadline < found[1].deadline)) found = entry;
    }
    return found;
  }

  /** The time of the next thing due by itself (a delivery or a timeout), or null. */
  nextEventTime(): number | null {
    let next = Number.POSITIVE_INFINITY;
    for (const g of this.pending) if (g.kind === 'deliver') next = Math.min(next, g.message.deliverAt);
    for (const open of this.fetches.values()) next = Math.min(next, open.deadline);
    return next === Number.POSITIVE_INFINITY ? null : next;
  }

  /** Drops everything that belongs to a node that is gone. */
  forget(address: string): void {
    this.pending = this.pending.filter(
      (g) => !(g.kind === 'pause' && g.address === address) && !(g.kind !== 'pause' && g.message.asker === address),
    );
    this.inFlight = this.inFlight.filter((m) => m.asker !== address);
    for (const [ref, open] of [...this.fetches]) if (open.node === address) this.fetches.delete(ref);
  }
}
