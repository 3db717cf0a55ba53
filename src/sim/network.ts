import { peerTarget } from '../core/address';
import { blockHash } from '../core/block';
import type {
  ConnectNode,
  GuessCount,
  MiningProgress,
  NodeConnection,
  NodePause,
  NodeSnapshot,
} from '../core/connection';
import { endpointOf, type HttpRequest, type HttpResponse, textResponse } from '../core/http';
import { createNode } from '../core/node';
import type { PeerReply, ResolveStep } from '../core/resolve';
import type { Rules } from '../core/rules';
import { nodeIdentifiers } from './ids';
import type { JournalEntry } from './journal';

export const FIRST_PORT = 5000;
export const MAX_NODES = 16;
export const DEFAULT_LATENCY_MS = 300;
export const DEFAULT_TIMEOUT_MS = 10_000;

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
}

type Outgoing = Omit<SimMessage, 'id' | 'sentAt' | 'deliverAt'>;

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
  | { readonly type: 'paused'; readonly at: number; readonly address: string; readonly pause: NodePause }
  | {
      readonly type: 'gates';
      readonly at: number;
      readonly next: Gate | null;
      readonly settled: boolean;
      /** Whether a Step would do anything: a gate to open, or a neighbour request to time out. */
      readonly steppable: boolean;
    }
  | { readonly type: 'mode'; readonly at: number; readonly step: boolean }
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
  /** Messages sent to the node that it has not finished with yet. */
  unsettled: number;
  served: number;
}

interface OpenCommand {
  readonly address: string;
  readonly request: HttpRequest;
  readonly origin: 'user' | 'network';
  readonly activity: Activity | null;
  readonly done: (response: HttpResponse) => void;
  /** For a GET /chain served to a neighbour: the request message it answers. */
  readonly serving?: SimMessage;
}

interface OpenFetch {
  readonly node: string;
  readonly fetchId: number;
  readonly deadline: number;
}

function activityOf(request: HttpRequest): Activity | null {
  const endpoint = endpointOf(request);
  if (endpoint === '/mine') return 'mining';
  if (endpoint === '/nodes/resolve') return 'resolving';
  return null;
}

/**
 * The simulated network: the nodes, the messages in flight between them, and the clock. It is
 * the only scheduler. Sim time (ms) moves only by advanceTo() in run mode, and by each delivery in
 * step mode. Every decision it makes (a command, a message let go, a gate opened, a timeout) is
 * written in the journal, and replaying the journal makes the same run again, block for block.
 */
export class Network {
  readonly rules: Rules;
  readonly epochSeconds: number;
  readonly seed: number;
  readonly initialLatencyMs: number;
  private clock = 0;
  private latencyMs: number;
  private stepMode = false;
  /** While replaying, nothing is let go by itself: the journal decides. */
  private scripted = false;
  private readonly timeoutMs: number;
  private readonly connect: ConnectNode;
  private readonly ids: () => string;
  private readonly nodes = new Map<string, SimNode>();
  private readonly commands = new Map<number, OpenCommand>();
  private readonly fetches = new Map<string, OpenFetch>();
  private pending: Gate[] = [];
  private inFlight: SimMessage[] = [];
  private readonly listeners = new Set<(event: NetworkEvent) => void>();
  private readonly waiters = new Set<() => void>();
  private readonly journalEntries: JournalEntry[] = [];
  private nextId = 1;
  private created = 0;

  constructor(options: NetworkOptions) {
    this.rules = options.rules;
    this.epochSeconds = options.epochSeconds;
    this.seed = options.seed;
    this.connect = options.connect;
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
    this.initialLatencyMs = this.latencyMs;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ids = nodeIdentifiers(options.seed);
  }

  get now(): number {
    return this.clock;
  }

  get latency(): number {
    return this.latencyMs;
  }

  get inStepMode(): boolean {
    return this.stepMode;
  }

  /** What has happened so far, as the decisions that make it happen again. */
  get journal(): readonly JournalEntry[] {
    return this.journalEntries;
  }

  subscribe(listener: (event: NetworkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: NetworkEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private record(entry: JournalEntry): void {
    this.journalEntries.push(entry);
  }

  addresses(): string[] {
    return [...this.nodes.keys()];
  }

  snapshot(address: string): NodeSnapshot | undefined {
    return this.nodes.get(address)?.snapshot;
  }

  state(address: string) {
    return this.nodes.get(address)?.snapshot.state;
  }

  messages(): readonly SimMessage[] {
    return this.inFlight;
  }

  /** The gate the next Step opens (or null), and whether the nodes are ready for it. */
  nextGate(): Gate | null {
    return this.pending[0] ?? null;
  }

  /** True when every node has finished with what it was sent. */
  get settled(): boolean {
    for (const node of this.nodes.values()) if (node.alive && node.unsettled > 0) return false;
    return true;
  }

  /** Whether nodes say when they have settled: needed in step mode and while replaying. */
  private get reporting(): boolean {
    return this.stepMode || this.scripted;
  }

  private toNode(node: SimNode, send: (connection: NodeConnection) => void): void {
    if (this.reporting) node.unsettled++;
    send(node.connection);
  }

  /** Tells every node the mode, and whether to report settling, after either changed. */
  private tellMode(): void {
    const report = this.reporting;
    for (const node of this.nodes.values()) if (node.alive) this.toNode(node, (c) => c.setMode(this.stepMode, report));
  }

  private gatesChanged(): void {
    const steppable = this.pending.length > 0 || this.fetches.size > 0;
    this.emit({ type: 'gates', at: this.clock, next: this.nextGate(), settled: this.settled, steppable });
    for (const wake of [...this.waiters]) wake();
  }

  /** Starts a node on the next port (5000, 5001, ...), up to 16 nodes. */
  addNode(): string {
    if (this.nodes.size >= MAX_NODES) throw new Error(`a network has at most ${MAX_NODES} nodes`);
    this.record({ t: 'add', at: this.clock });
    const ports = [...this.nodes.values()].map((n) => n.port);
    const port = ports.length === 0 ? FIRST_PORT : Math.max(...ports) + 1;
    const address = `localhost:${port}`;
    // Each node makes its own genesis block with its own time(), a microsecond apart.
    const timestamp = this.epochSeconds + this.clock / 1000 + this.created++ * 1e-6;
    const state = createNode({ address, nodeIdentifier: this.ids(), rules: this.rules, timestamp });
    const hashes = state.chain.map(blockHash);
    const connection = this.connect(
      { state, hashes, epochSeconds: this.epochSeconds },
      {
        response: (id, response, snapshot) => this.answered(address, id, response, snapshot),
        fetch: (_request, fetchId, neighbour) => this.fetch(address, fetchId, neighbour),
        trace: (_request, step) => this.emit({ type: 'trace', at: this.clock, address, step }),
        progress: (_request, progress) => this.emit({ type: 'progress', at: this.clock, address, progress }),
        pause: (_request, gate, pause) => this.paused(address, gate, pause),
        settled: () => this.nodeSettled(address),
        failed: (reason) => this.failed(address, reason),
      },
    );
    const snapshot: NodeSnapshot = { state, hashes, length: hashes.length };
    const node: SimNode = { address, port, connection, snapshot, alive: true, unsettled: 0, served: 0 };
    this.nodes.set(address, node);
    this.emit({ type: 'node-added', at: this.clock, address, snapshot });
    if (this.reporting) this.toNode(node, (c) => c.setMode(this.stepMode, true));
    return address;
  }

  /** Stops a node's worker. Its neighbours keep it in their lists and find it unreachable. */
  removeNode(address: string): void {
    const node = this.nodes.get(address);
    if (!node) return;
    this.record({ t: 'remove', at: this.clock, address });
    node.alive = false;
    node.connection.terminate();
    this.nodes.delete(address);
    // Nothing of the removed node waits on: its gates, its messages' answers, its neighbour requests.
    this.pending = this.pending.filter(
      (g) => !(g.kind === 'pause' && g.address === address) && !(g.kind !== 'pause' && g.message.asker === address),
    );
    this.inFlight = this.inFlight.filter((m) => m.asker !== address);
    for (const [ref, open] of [...this.fetches]) if (open.node === address) this.fetches.delete(ref);
    for (const [id, command] of this.commands) {
      if (command.address !== address) continue;
      this.commands.delete(id);
      this.finish(command, textResponse(503, 'the node was removed'));
    }
    this.emit({ type: 'node-removed', at: this.clock, address });
    this.gatesChanged();
  }

  setLatency(ms: number): void {
    this.record({ t: 'latency', at: this.clock, ms });
    this.latencyMs = ms;
  }

  /** Step mode: nothing moves until step(). Run mode: everything waiting is let go. */
  setMode(step: boolean): void {
    if (step === this.stepMode) return;
    this.record({ t: 'mode', at: this.clock, step });
    this.stepMode = step;
    if (!step) for (const node of this.nodes.values()) node.unsettled = 0;
    this.tellMode();
    this.emit({ type: 'mode', at: this.clock, step });
    if (!step) {
      // Node step gates go on by themselves when the nodes hear of run mode; messages go now.
      this.pending = this.pending.filter((g) => g.kind !== 'pause' || g.pause.kind === 'found');
      if (!this.scripted) this.letGo();
    }
    this.gatesChanged();
  }

  /** A person's request to a node (what a click stands for). Resolves with the node's answer. */
  command(address: string, request: HttpRequest): Promise<HttpResponse> {
    return new Promise((done) => {
      const node = this.nodes.get(address);
      if (!node?.alive) {
        done(textResponse(503, `no node is running at ${address}`));
        return;
      }
      this.record({ t: 'command', at: this.clock, address, request });
      const id = this.nextId++;
      const activity = activityOf(request);
      this.commands.set(id, { address, request, origin: 'user', activity, done });
      this.emit({ type: 'command', at: this.clock, address, request });
      if (activity) this.emitActivity(address);
      this.toNode(node, (c) => c.request(id, request, this.clock));
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

  private nodeSettled(address: string): void {
    const node = this.nodes.get(address);
    if (node) node.unsettled = Math.max(0, node.unsettled - 1);
    this.gatesChanged();
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
    this.finish(command, response);
  }

  private finish(command: OpenCommand, response: HttpResponse): void {
    if (command.activity) this.emitActivity(command.address);
    command.done(response);
    const served = command.serving;
    const node = this.nodes.get(command.address);
    if (!served) return;
    const n = node ? ++node.served : 0;
    this.offer({
      kind: 'send',
      ref: `${command.address}/r${n}`,
      address: command.address,
      message: {
        ref: `${command.address}/r${n}`,
        kind: 'response',
        from: served.to,
        to: served.asker,
        asker: served.asker,
        fetchId: served.fetchId,
        reply: { ok: true, response },
      },
    });
  }

  /** A node asks a neighbour for its chain: the request waits to be sent. */
  private fetch(address: string, fetchId: number, neighbour: string): void {
    const ref = `${address}/f${fetchId}`;
    this.fetches.set(ref, { node: address, fetchId, deadline: this.clock + this.timeoutMs });
    const target = peerTarget(neighbour);
    const path = `${target?.basePath ?? ''}/chain`;
    this.offer({
      kind: 'send',
      ref,
      address,
      message: {
        ref,
        kind: 'request',
        from: address,
        to: neighbour,
        asker: address,
        fetchId,
        request: { method: 'GET', path },
      },
    });
  }

  private paused(address: string, gate: number, pause: NodePause): void {
    if (pause.kind === 'trace') this.emit({ type: 'trace', at: this.clock, address, step: pause.step });
    this.emit({ type: 'paused', at: this.clock, address, pause });
    this.offer({ kind: 'pause', ref: `${address}/g${gate}`, address, gate, pause });
  }

  /** A new gate: let go at once in run mode, or kept for a Step. */
  private offer(gate: Gate): void {
    this.pending = [...this.pending, gate];
    if (!this.scripted && !this.stepMode) this.letGo();
    this.gatesChanged();
  }

  /** Run mode: every gate but the deliveries (which wait for their time) goes now, in order. */
  private letGo(): void {
    for (;;) {
      const gate = this.pending.find((g) => g.kind !== 'deliver');
      if (!gate) return;
      this.open(gate, 'finish');
    }
  }

  /** Opens one gate, and writes it in the journal. */
  private open(gate: Gate, count: GuessCount): void {
    this.pending = this.pending.filter((g) => g !== gate);
    this.record(
      gate.kind === 'pause' && gate.pause.kind === 'guess'
        ? { t: 'release', at: this.clock, ref: gate.ref, count }
        : { t: 'release', at: this.clock, ref: gate.ref },
    );
    switch (gate.kind) {
      case 'send':
        this.send(gate.message);
        break;
      case 'deliver':
        this.deliver(gate.message);
        break;
      case 'pause': {
        const node = this.nodes.get(gate.address);
        if (node?.alive) this.toNode(node, (c) => c.release(gate.gate, count));
        break;
      }
      default:
        gate satisfies never;
    }
    this.gatesChanged();
  }

  /**
   * Step mode: opens the next gate (a guess gate may try `count` guesses at once). With nothing
   * waiting but an open neighbour request, time moves on to its timeout. Returns what it opened.
   */
  step(count: GuessCount = 1): Gate | 'timeout' | null {
    if (!this.settled) return null;
    const gate = this.pending[0];
    if (gate) {
      if (gate.kind === 'deliver') this.clock = Math.max(this.clock, gate.message.deliverAt);
      this.open(gate, gate.kind === 'pause' && gate.pause.kind === 'guess' ? count : 'finish');
      return gate;
    }
    const expired = this.earliestDeadline();
    if (!expired) return null;
    this.clock = Math.max(this.clock, expired[1].deadline);
    this.expire(expired[0]);
    return 'timeout';
  }

  private send(message: Outgoing): void {
    const to = this.route(message.to) ?? message.to;
    const full: SimMessage = {
      ...message,
      id: this.nextId++,
      sentAt: this.clock,
      deliverAt: this.clock + this.latencyMs,
    };
    this.inFlight = [...this.inFlight, full];
    this.emit({ type: 'sent', at: this.clock, message: full });
    this.pending = [...this.pending, { kind: 'deliver', ref: `${message.ref}>`, address: to, message: full }];
  }

  /** The address of the running node a stored neighbour names, if any ("127.0.0.1:5001" is localhost:5001). */
  route(neighbour: string): string | null {
    const target = peerTarget(neighbour);
    if (!target || !['localhost', '127.0.0.1', '[::1]'].includes(target.host)) return null;
    const address = `localhost:${target.port}`;
    return this.nodes.get(address)?.alive ? address : null;
  }

  /** Run mode: moves the clock to `time`, delivering every message due by then, in order. */
  advanceTo(time: number): void {
    if (this.stepMode || this.scripted) return;
    for (;;) {
      const delivery = this.pending
        .filter((g): g is Extract<Gate, { kind: 'deliver' }> => g.kind === 'deliver' && g.message.deliverAt <= time)
        .sort((a, b) => a.message.deliverAt - b.message.deliverAt || a.message.id - b.message.id)[0];
      const expired = this.earliestDeadline(time);
      if (delivery && (!expired || delivery.message.deliverAt <= expired[1].deadline)) {
        this.clock = Math.max(this.clock, delivery.message.deliverAt);
        this.open(delivery, 'finish');
      } else if (expired) {
        this.clock = Math.max(this.clock, expired[1].deadline);
        this.expire(expired[0]);
      } else break;
    }
    this.clock = Math.max(this.clock, time);
  }

  /** The time of the next thing due by itself (a delivery or a timeout), or null. */
  nextEventTime(): number | null {
    const times = [
      ...this.pending.flatMap((g) => (g.kind === 'deliver' ? [g.message.deliverAt] : [])),
      ...[...this.fetches.values()].map((f) => f.deadline),
    ];
    return times.length === 0 ? null : Math.min(...times);
  }

  private earliestDeadline(by = Number.POSITIVE_INFINITY): [string, OpenFetch] | null {
    let found: [string, OpenFetch] | null = null;
    for (const entry of this.fetches) {
      if (entry[1].deadline <= by && (!found || entry[1].deadline < found[1].deadline)) found = entry;
    }
    return found;
  }

  /** A neighbour request that got no answer in time: the asker hears so, and a late answer is dropped. */
  private expire(ref: string): void {
    const open = this.fetches.get(ref);
    if (!open) return;
    this.record({ t: 'timeout', at: this.clock, ref });
    this.fetches.delete(ref);
    const node = this.nodes.get(open.node);
    const reply: PeerReply = { ok: false, reason: `no answer within ${this.timeoutMs / 1000} s`, code: 'timeout' };
    if (node?.alive) this.toNode(node, (c) => c.reply(open.fetchId, reply, this.clock));
    this.gatesChanged();
  }

  private deliver(message: SimMessage): void {
    this.inFlight = this.inFlight.filter((m) => m.id !== message.id);
    this.emit({ type: 'delivered', at: this.clock, message });
    if (message.kind === 'response') {
      const ref = `${message.asker}/f${message.fetchId}`;
      if (!this.fetches.delete(ref)) return; // timed out meanwhile: the answer is dropped
      const reply = message.reply ?? { ok: false, reason: 'the answer was lost' };
      const node = this.nodes.get(message.asker);
      if (node?.alive) this.toNode(node, (c) => c.reply(message.fetchId, reply, this.clock));
      return;
    }
    const target = this.route(message.to);
    const node = target ? this.nodes.get(target) : undefined;
    if (!node || !message.request) {
      this.offer({
        kind: 'send',
        ref: `${message.ref}x`,
        address: message.asker,
        message: {
          ref: `${message.ref}x`,
          kind: 'response',
          from: message.to,
          to: message.asker,
          asker: message.asker,
          fetchId: message.fetchId,
          reply: {
            ok: false,
            reason: `connection refused: no node is listening at ${message.to}`,
            code: 'unreachable',
          },
        },
      });
      return;
    }
    const id = this.nextId++;
    const { request } = message;
    this.commands.set(id, {
      address: node.address,
      request,
      origin: 'network',
      activity: null,
      done: () => {},
      serving: message,
    });
    this.toNode(node, (c) => c.request(id, request, this.clock));
  }

  private failed(address: string, reason: string): void {
    const node = this.nodes.get(address);
    if (node) {
      node.alive = false;
      node.unsettled = 0;
    }
    this.emit({ type: 'failed', at: this.clock, address, reason });
    this.gatesChanged();
  }

  /** Resolves once every node has finished with what it was sent. */
  private whenSettled(): Promise<void> {
    return this.waitFor(() => this.settled);
  }

  private waitFor(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((done) => {
      const check = () => {
        if (!ready()) return;
        this.waiters.delete(check);
        done();
      };
      this.waiters.add(check);
    });
  }

  /**
   * Makes a recorded run again: each journal entry is applied in order, each gate opened once the
   * node has reached it. `onEntry` is told how far it got. Mining runs again for real, so the
   * same proofs, blocks and hashes come out.
   */
  async replay(entries: readonly JournalEntry[], onEntry?: (applied: number) => void): Promise<void> {
    this.scripted = true;
    this.tellMode();
    try {
      for (const [index, entry] of entries.entries()) {
        await this.whenSettled();
        if (entry.t === 'release') {
          await this.waitFor(() => this.pending.some((g) => g.ref === entry.ref));
        }
        this.clock = Math.max(this.clock, entry.at);
        this.apply(entry);
        onEntry?.(index + 1);
      }
      await this.whenSettled();
    } finally {
      this.scripted = false;
      if (!this.stepMode) for (const node of this.nodes.values()) node.unsettled = 0;
      this.tellMode();
      // Gates offered after the journal's last entry (a mine still running at export) go on now.
      if (!this.stepMode) this.letGo();
      this.gatesChanged();
    }
  }

  private apply(entry: JournalEntry): void {
    switch (entry.t) {
      case 'add':
        this.addNode();
        return;
      case 'remove':
        this.removeNode(entry.address);
        return;
      case 'command':
        void this.command(entry.address, entry.request);
        return;
      case 'latency':
        this.setLatency(entry.ms);
        return;
      case 'mode':
        this.setMode(entry.step);
        return;
      case 'timeout':
        this.expire(entry.ref);
        return;
      case 'release': {
        const gate = this.pending.find((g) => g.ref === entry.ref);
        if (gate) this.open(gate, entry.count ?? 'finish');
        return;
      }
      default:
        entry satisfies never;
    }
  }

  /** Stops every node. */
  dispose(): void {
    for (const node of this.nodes.values()) node.connection.terminate();
    this.nodes.clear();
    this.listeners.clear();
    this.waiters.clear();
  }
}
