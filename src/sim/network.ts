import { peerTarget } from '../core/address';
import { blockHash } from '../core/block';
import type { ConnectNode, MiningProgress, NodeConnection, NodeSnapshot } from '../core/connection';
import type { HttpRequest, HttpResponse } from '../core/http';
import { createNode, type NodeState } from '../core/node';
import type { PeerReply, ResolveStep } from '../core/resolve';
import type { Rules } from '../core/rules';
import { nodeIdentifiers } from './ids';

export const FIRST_PORT = 5000;
export const MAX_NODES = 16;
export const DEFAULT_LATENCY_MS = 300;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A GET /chain on its way to a neighbour, or the answer on its way back: data the UI draws. */
export interface SimMessage {
  readonly id: number;
  readonly kind: 'request' | 'response';
  /** The node that sends this message, and where it goes (an address, or the neighbour as stored). */
  readonly from: string;
  readonly to: string;
  readonly sentAt: number;
  readonly deliverAt: number;
  /** The neighbour request this message belongs to. */
  readonly fetchId: number;
  readonly request?: HttpRequest;
  readonly reply?: PeerReply;
}

export type Activity = 'mining' | 'resolving';

export type NetworkEvent =
  | { readonly type: 'node-added'; readonly at: number; readonly address: string; readonly snapshot: NodeSnapshot }
  | { readonly type: 'node-removed'; readonly at: number; readonly address: string }
  | {
      readonly type: 'exchange';
      readonly at: number;
      readonly address: string;
      readonly origin: 'user' | 'network';
      readonly request: HttpRequest;
      readonly response: HttpResponse;
      /** The node after the exchange, or null when it is gone. */
      readonly snapshot: NodeSnapshot | null;
    }
  | { readonly type: 'command'; readonly at: number; readonly address: string; readonly request: HttpRequest }
  | { readonly type: 'activity'; readonly at: number; readonly address: string; readonly activity: Activity | null }
  | { readonly type: 'sent'; readonly at: number; readonly message: SimMessage }
  | { readonly type: 'delivered'; readonly at: number; readonly message: SimMessage }
  | { readonly type: 'progress'; readonly at: number; readonly address: string; readonly progress: MiningProgress }
  | { readonly type: 'trace'; readonly at: number; readonly address: string; readonly step: ResolveStep }
  | { readonly type: 'failed'; readonly at: number; readonly address: string; readonly reason: string };

export interface NetworkOptions {
  readonly rules: Rules;
  readonly connect: ConnectNode;
  /** time() at sim time 0, in seconds: the wall clock when the network was created. */
  readonly epochSeconds: number;
  /** Seeds the node identifiers, so a recorded network can be made again. */
  readonly seed: number;
  readonly latencyMs?: number;
  readonly timeoutMs?: number;
}

interface SimNode {
  readonly address: string;
  readonly port: number;
  readonly connection: NodeConnection;
  snapshot: NodeSnapshot;
  alive: boolean;
}

interface OpenCommand {
  readonly address: string;
  readonly request: HttpRequest;
  readonly origin: 'user' | 'network';
  readonly activity: Activity | null;
  readonly done: (response: HttpResponse) => void;
  /** For a GET /chain served to a neighbour: the message it answers. */
  readonly serving?: SimMessage;
}

interface OpenFetch {
  readonly node: string;
  readonly neighbour: string;
  readonly deadline: number;
}

function activityOf(request: HttpRequest): Activity | null {
  const path = request.path.split('?')[0];
  if (path === '/mine') return 'mining';
  if (path === '/nodes/resolve') return 'resolving';
  return null;
}

/**
 * The simulated network: the nodes, the messages in flight between them, and the clock. It is
 * the only scheduler. Time is sim time in ms, moved forward only by advanceTo(), so the same
 * calls give the same run. Node-to-node requests travel as SimMessages with the link's latency;
 * a person's commands reach their node at once.
 */
export class Network {
  readonly rules: Rules;
  readonly epochSeconds: number;
  private clock = 0;
  private latencyMs: number;
  private readonly timeoutMs: number;
  private readonly connect: ConnectNode;
  private readonly ids: () => string;
  private readonly nodes = new Map<string, SimNode>();
  private readonly commands = new Map<number, OpenCommand>();
  private readonly fetches = new Map<string, OpenFetch>();
  private inFlight: SimMessage[] = [];
  private readonly linkLatency = new Map<string, number>();
  private readonly listeners = new Set<(event: NetworkEvent) => void>();
  private nextId = 1;
  private created = 0;

  constructor(options: NetworkOptions) {
    this.rules = options.rules;
    this.epochSeconds = options.epochSeconds;
    this.connect = options.connect;
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ids = nodeIdentifiers(options.seed);
  }

  get now(): number {
    return this.clock;
  }

  get latency(): number {
    return this.latencyMs;
  }

  subscribe(listener: (event: NetworkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: NetworkEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  addresses(): string[] {
    return [...this.nodes.keys()];
  }

  state(address: string): NodeState | undefined {
    return this.nodes.get(address)?.snapshot.state;
  }

  snapshot(address: string): NodeSnapshot | undefined {
    return this.nodes.get(address)?.snapshot;
  }

  messages(): readonly SimMessage[] {
    return this.inFlight;
  }

  /** Starts a node on the next port (5000, 5001, ...), up to 16 nodes. */
  addNode(): string {
    if (this.nodes.size >= MAX_NODES) throw new Error(`a network has at most ${MAX_NODES} nodes`);
    const ports = [...this.nodes.values()].map((n) => n.port);
    const port = ports.length === 0 ? FIRST_PORT : Math.max(...ports) + 1;
    const address = `localhost:${port}`;
    // Each node makes its own genesis block with its own time(), a microsecond apart.
    const timestamp = this.epochSeconds + this.clock / 1000 + this.created++ * 1e-6;
    const state = createNode({ address, nodeIdentifier: this.ids(), rules: this.rules, timestamp });
    const connection = this.connect(
      { state, epochSeconds: this.epochSeconds },
      {
        response: (id, response, snapshot) => this.answered(address, id, response, snapshot),
        fetch: (_request, fetchId, neighbour) => this.fetch(address, fetchId, neighbour),
        trace: (_request, step) => this.emit({ type: 'trace', at: this.clock, address, step }),
        progress: (_id, progress) => this.emit({ type: 'progress', at: this.clock, address, progress }),
        failed: (reason) => this.failed(address, reason),
      },
    );
    const snapshot: NodeSnapshot = { state, hashes: state.chain.map(blockHash) };
    this.nodes.set(address, { address, port, connection, snapshot, alive: true });
    this.emit({ type: 'node-added', at: this.clock, address, snapshot });
    return address;
  }

  /** Stops a node's worker. Its neighbours keep it in their lists and find it unreachable. */
  removeNode(address: string): void {
    const node = this.nodes.get(address);
    if (!node) return;
    node.alive = false;
    node.connection.terminate();
    this.nodes.delete(address);
    for (const [id, command] of this.commands) {
      if (command.address !== address) continue;
      this.commands.delete(id);
      this.finish(id, command, { status: 503, contentType: 'text/html; charset=utf-8', body: 'the node was removed' });
    }
    this.emit({ type: 'node-removed', at: this.clock, address });
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** A latency for one direction of one link, overriding the network's. */
  setLinkLatency(from: string, to: string, ms: number): void {
    this.linkLatency.set(`${from} ${to}`, ms);
  }

  private latencyOf(from: string, to: string): number {
    return this.linkLatency.get(`${from} ${to}`) ?? this.latencyMs;
  }

  /** A person's request to a node (what a click stands for). Resolves with the node's answer. */
  command(address: string, request: HttpRequest): Promise<HttpResponse> {
    return new Promise((done) => {
      const node = this.nodes.get(address);
      if (!node) {
        done({ status: 503, contentType: 'text/html; charset=utf-8', body: `no node at ${address}` });
        return;
      }
      const id = this.nextId++;
      const activity = activityOf(request);
      this.commands.set(id, { address, request, origin: 'user', activity, done });
      this.emit({ type: 'command', at: this.clock, address, request });
      if (activity) this.emitActivity(address);
      node.connection.request(id, request, this.clock);
    });
  }

  private emitActivity(address: string): void {
    let activity: Activity | null = null;
    for (const command of this.commands.values()) {
      if (command.address === address && command.activity) {
        activity = command.activity;
        break;
      }
    }
    this.emit({ type: 'activity', at: this.clock, address, activity });
  }

  private answered(address: string, id: number, response: HttpResponse, snapshot: NodeSnapshot | null): void {
    const node = this.nodes.get(address);
    if (node && snapshot) node.snapshot = snapshot;
    const command = this.commands.get(id);
    if (!command) return;
    this.commands.delete(id);
    this.emit({
      type: 'exchange',
      at: this.clock,
      address,
      origin: command.origin,
      request: command.request,
      response,
      snapshot,
    });
    this.finish(id, command, response);
  }

  private finish(_id: number, command: OpenCommand, response: HttpResponse): void {
    if (command.activity) this.emitActivity(command.address);
    command.done(response);
    const served = command.serving;
    if (served) {
      this.send({
        kind: 'response',
        from: served.to,
        to: served.from,
        fetchId: served.fetchId,
        reply: { ok: true, response },
      });
    }
  }

  /** A node asks a neighbour for its chain: the request starts its trip across the link. */
  private fetch(address: string, fetchId: number, neighbour: string): void {
    const key = `${address} ${fetchId}`;
    this.fetches.set(key, { node: address, neighbour, deadline: this.clock + this.timeoutMs });
    const target = peerTarget(neighbour);
    const path = `${target?.basePath ?? ''}/chain`;
    this.send({ kind: 'request', from: address, to: neighbour, fetchId, request: { method: 'GET', path } });
  }

  private send(message: Omit<SimMessage, 'id' | 'sentAt' | 'deliverAt'>): void {
    const to = this.route(message.to) ?? message.to;
    const full: SimMessage = {
      ...message,
      id: this.nextId++,
      sentAt: this.clock,
      deliverAt: this.clock + this.latencyOf(message.from, to),
    };
    this.inFlight = [...this.inFlight, full];
    this.emit({ type: 'sent', at: this.clock, message: full });
  }

  /** The address of the running node a stored neighbour names, if any ("127.0.0.1:5001" is localhost:5001). */
  route(neighbour: string): string | null {
    const target = peerTarget(neighbour);
    if (!target || !['localhost', '127.0.0.1', '[::1]'].includes(target.host)) return null;
    const address = `localhost:${target.port}`;
    return this.nodes.get(address)?.alive ? address : null;
  }

  /** Moves the clock to `time`, delivering every message due by then, in order. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.nextDue(time);
      if (!next) break;
      this.clock = Math.max(this.clock, next.at);
      next.run();
    }
    this.clock = Math.max(this.clock, time);
  }

  /** The time of the next thing due (a delivery or a timeout), or null when nothing is pending. */
  nextEventTime(): number | null {
    const times = [...this.inFlight.map((m) => m.deliverAt), ...[...this.fetches.values()].map((f) => f.deadline)];
    return times.length === 0 ? null : Math.min(...times);
  }

  private nextDue(time: number): { at: number; run: () => void } | null {
    let message: SimMessage | null = null;
    for (const m of this.inFlight) {
      if (m.deliverAt <= time && (!message || m.deliverAt < message.deliverAt)) message = m;
    }
    let expired: [string, OpenFetch] | null = null;
    for (const entry of this.fetches) {
      if (entry[1].deadline <= time && (!expired || entry[1].deadline < expired[1].deadline)) expired = entry;
    }
    if (message && (!expired || message.deliverAt <= expired[1].deadline)) {
      const m = message;
      return { at: m.deliverAt, run: () => this.deliver(m) };
    }
    if (expired) {
      const [key, open] = expired;
      return {
        at: open.deadline,
        run: () => {
          this.fetches.delete(key);
          const fetchId = Number(key.split(' ')[1]);
          const seconds = this.timeoutMs / 1000;
          this.nodes
            .get(open.node)
            ?.connection.reply(
              fetchId,
              { ok: false, reason: `no answer within ${seconds} s`, code: 'timeout' },
              this.clock,
            );
        },
      };
    }
    return null;
  }

  private deliver(message: SimMessage): void {
    this.inFlight = this.inFlight.filter((m) => m.id !== message.id);
    this.emit({ type: 'delivered', at: this.clock, message });
    if (message.kind === 'response') {
      const key = `${message.to} ${message.fetchId}`;
      if (!this.fetches.delete(key)) return; // timed out meanwhile: the answer is dropped
      const reply = message.reply ?? { ok: false, reason: 'the answer was lost' };
      this.nodes.get(message.to)?.connection.reply(message.fetchId, reply, this.clock);
      return;
    }
    const target = this.route(message.to);
    const node = target ? this.nodes.get(target) : undefined;
    if (!node || !message.request) {
      this.send({
        kind: 'response',
        from: message.to,
        to: message.from,
        fetchId: message.fetchId,
        reply: { ok: false, reason: `connection refused: no node is listening at ${message.to}`, code: 'unreachable' },
      });
      return;
    }
    const id = this.nextId++;
    this.commands.set(id, {
      address: node.address,
      request: message.request,
      origin: 'network',
      activity: null,
      done: () => {},
      serving: message,
    });
    node.connection.request(id, message.request, this.clock);
  }

  private failed(address: string, reason: string): void {
    const node = this.nodes.get(address);
    if (node) node.alive = false;
    this.emit({ type: 'failed', at: this.clock, address, reason });
  }

  /** Stops every node. */
  dispose(): void {
    for (const node of this.nodes.values()) node.connection.terminate();
    this.nodes.clear();
    this.listeners.clear();
  }
}
