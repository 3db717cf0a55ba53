import { peerTarget } from '../core/address';
import type { HttpRequest } from '../core/http';
import type { PeerReply } from '../core/resolve';
import { Links } from './links';
import type { SimMessage } from './scheduler';

/**
 * Where a simulated node's request to a real node goes: http, the neighbour's host and port (the
 * tutorial's resolve always uses http; the request's path holds any base path). The key it is
 * known by across the sim and the real nodes is "localhost:" and the port for a loopback address
 * (as Links.addressOf), else its host and port as written.
 */
export function outsideOrigin(neighbour: string): string | null {
  const target = peerTarget(neighbour);
  return target ? `http://${target.host}:${target.port}` : null;
}

/** The key a neighbour is known by across the sim and the real nodes (see outsideOrigin). */
export function outsideKey(neighbour: string): string | null {
  const target = peerTarget(neighbour);
  if (!target) return null;
  return Links.addressOf(neighbour) ?? `${target.host}:${target.port}`;
}

/** Asks a real node over HTTP, for a simulated node's request to it. */
export type AskOutside = (neighbour: string, request: HttpRequest) => Promise<PeerReply>;

/** The real nodes of a network at one moment, as data (see Network.checkpoint). */
export interface OutsideState {
  /** The real nodes that joined, by key (see outsideKey). */
  readonly hosts: readonly string[];
  /** Simulated nodes' requests to them, waiting for their answers, by the request's ref. */
  readonly asking: readonly (readonly [ref: string, message: SimMessage])[];
}

/**
 * The real nodes a simulated network reaches (see commands/real-node.ts): which have joined, and
 * the simulated nodes' requests to them that wait for an answer. Live, a request is asked over
 * HTTP; in a replay the journal's "answer" entry brings what the real node said, and the real
 * node is never asked again. An answer is heard only for the asking it answers: a ref asked
 * before a jump through time may be asked again after it, and the first answer is then dropped.
 */
export class Outside {
  private hosts = new Set<string>();
  private asking = new Map<string, SimMessage>();
  /** The live askings (over HTTP now), by ref, each with its own ticket. */
  private readonly tickets = new Map<string, number>();
  private nextTicket = 1;

  constructor(
    /** Absent (a test, a headless run): every request to a real node fails, with the reason. */
    private readonly ask: AskOutside | undefined,
    /** Whether a live answer is heard now (not once the network is gone, nor while a replay decides). */
    private readonly listening: () => boolean,
    /** A live answer, heard: the network writes it in its journal and sends it on (see answered). */
    private readonly heard: (ref: string, reply: PeerReply) => void,
  ) {}

  has(host: string): boolean {
    return this.hosts.has(host);
  }

  /** A real node joins the network, or leaves it. */
  set(host: string, joined: boolean): void {
    if (joined) this.hosts.add(host);
    else this.hosts.delete(host);
  }

  /** Whether a real node is being asked now: its answer is on its way. */
  get waiting(): boolean {
    return this.tickets.size > 0;
  }

  /** A simulated node's request, to a real node: it waits for its answer, asked now if `live`. */
  request(message: SimMessage, live: boolean): void {
    this.asking.set(message.ref, message);
    if (live) this.askNow(message);
  }

  private askNow(message: SimMessage): void {
    const ticket = this.nextTicket++;
    this.tickets.set(message.ref, ticket);
    const request = message.request ?? { method: 'GET', path: '/chain' };
    const asked = this.ask
      ? this.ask(message.to, request).catch(
          (error: Error): PeerReply => ({ ok: false, reason: error.message, code: 'unreachable' }),
        )
      : Promise.resolve<PeerReply>({ ok: false, reason: 'real nodes cannot be asked here', code: 'unreachable' });
    void asked.then((reply) => {
      // A replay, a jump or a later request of the same name decides otherwise: the answer is dropped.
      if (!this.listening() || this.tickets.get(message.ref) !== ticket) return;
      this.tickets.delete(message.ref);
      this.heard(message.ref, reply);
    });
  }

  /** Whether request `ref` waits for a real node's answer. */
  asks(ref: string): boolean {
    return this.asking.has(ref);
  }

  /** Request `ref` is answered: the message it answers, no longer waiting (undefined: none waits). */
  answered(ref: string): SimMessage | undefined {
    const message = this.asking.get(ref);
    this.asking.delete(ref);
    return message;
  }

  /** Request `ref` timed out: an answer that comes after is not heard. */
  drop(ref: string): void {
    this.asking.delete(ref);
    this.tickets.delete(ref);
  }

  /** What real nodes answer from now on is not heard (a replay: the journal says what they said). */
  stopListening(): void {
    this.tickets.clear();
  }

  get state(): OutsideState {
    return { hosts: [...this.hosts], asking: [...this.asking] };
  }

  /** As it was (a jump through time): nothing asked before is heard. */
  set state(state: OutsideState) {
    this.hosts = new Set(state.hosts);
    this.asking = new Map(state.asking);
    this.tickets.clear();
  }
}
