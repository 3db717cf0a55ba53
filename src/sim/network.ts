import type * as v from 'valibot';
import { blockHash } from '../core/block';
import type {
  ConnectNode,
  FailureCause,
  GuessCount,
  NodeCheckpoint,
  NodeConnection,
  NodePause,
  NodeSnapshot,
} from '../core/connection';
import { endpointOf, type HttpRequest, type HttpResponse, textResponse } from '../core/http';
import { createNode, type Outcome } from '../core/node';
import type { Rules } from '../core/rules';
import { Automatic, type AutomaticState } from './automatic';
import { Autopilot } from './autopilot';
import type { Command, EntrySchema, Fields, NetworkActions } from './command';
import {
  addNode as addNodeCommand,
  commandOf,
  type JournalEntry,
  latency as latencyCommand,
  removeNode as removeNodeCommand,
  request as requestCommand,
  stepMode as stepModeCommand,
} from './commands';
import type { NetworkEvent } from './events';
import { NodeIdentifiers } from './ids';
import type { Activity, NetworkInside, OpenCommand, Position, SimNode } from './inside';
import type { Release } from './journal';
import { DEFAULT_LATENCY_MS, Links, type LinksState } from './links';
import { type AskOutside, Outside, type OutsideState } from './outside';
import {
  DEFAULT_TIMEOUT_MS,
  type Gate,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  Scheduler,
  type SchedulerState,
  type SimMessage,
} from './scheduler';
import { Script, type ScriptState } from './script';
import { Traffic } from './traffic';

export type { Activity } from './inside';
export type { Gate, SimMessage } from './scheduler';
export { DEFAULT_LATENCY_MS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS };

export const FIRST_PORT = 5000;
export const MAX_NODES = 16;

export interface NetworkOptions {
  readonly rules: Rules;
  readonly connect: ConnectNode;
  /** time() at sim time 0, in seconds: the wall clock when the network was created. */
  readonly epochSeconds: number;
  /** Seeds the node identifiers, so a recorded network can be made again. */
  readonly seed: number;
  readonly latencyMs?: number;
  readonly timeoutMs?: number;
  /**
   * Nodes say when they have settled in run mode too: a driver without a clock of its own (the
   * headless self-check, bench/theory.ts) then knows when to move sim time on.
   */
  readonly report?: boolean;
  /**
   * Asks a real node (see commands/real-node.ts) over HTTP, for a simulated node's request to it.
   * Absent (a test, a headless run): the request fails with the reason.
   */
  readonly ask?: AskOutside;
}

/**
 * The network at one moment, as data: the scheduler's state, each node's snapshot and what
 * restores its worker (see NodeConnection.checkpoint), and the requests under way. Taken at any
 * moment (a node may be in the middle of a resolve); restore() makes that moment again.
 */
export interface NetworkCheckpoint {
  /** The journal's length at that moment. */
  readonly journal: number;
  readonly scheduler: SchedulerState;
  readonly links: LinksState;
  readonly auto: AutomaticState;
  readonly stepMode: boolean;
  readonly nextId: number;
  readonly created: number;
  readonly ids: number;
  readonly nodes: readonly {
    readonly address: string;
    readonly port: number;
    readonly snapshot: NodeSnapshot;
    readonly served: number;
    readonly node: NodeCheckpoint;
  }[];
  readonly commands: readonly (readonly [id: number, command: Omit<OpenCommand, 'done'>])[];
  readonly script: ScriptState;
  readonly guessing: readonly (readonly [address: string, step: { entry: number; from: number; count: number }])[];
  readonly outside: OutsideState;
}

function activityOf(request: HttpRequest): Activity | null {
  const endpoint = endpointOf(request);
  if (endpoint === '/mine') return 'mining';
  if (endpoint === '/nodes/resolve') return 'resolving';
  return null;
}

/**
 * The simulated network: the nodes, the requests under way, and the scheduler (sim time, the
 * gates, the messages in flight) over the links. Sim time (ms) moves only by advanceTo() in run
 * mode, and by each delivery in step mode. Every decision (a person's command, a gate opened, a
 * timeout) is written in the journal, and replaying the journal (see replay.ts) makes the same
 * run again, block for block.
 */
export class Network {
  readonly rules: Rules;
  readonly epochSeconds: number;
  readonly seed: number;
  readonly initialLatencyMs: number;
  private readonly scheduler = new Scheduler();
  private readonly links: Links;
  private readonly auto: Automatic;
  private stepMode = false;
  /** While replaying, nothing is let go by itself: the journal decides. */
  private scripted = false;
  /** How long a node waits for a neighbour's answer before it skips it. */
  readonly timeoutMs: number;
  private readonly alwaysReport: boolean;
  private readonly outside: Outside;
  /** The messages between the nodes (see traffic.ts). */
  private readonly traffic: Traffic;
  /** A replay's side (see script.ts). */
  private readonly script: Script;
  /** The automatic mode's commands (see autopilot.ts). */
  private readonly autopilot: Autopilot;
  private disposed = false;
  private readonly connect: ConnectNode;
  private readonly ids: NodeIdentifiers;
  private readonly nodes = new Map<string, SimNode>();
  /** Every block the page has had, by hash, once (see NodeInit.blocks). */
  private readonly blocks = new Map<string, SimNode['snapshot']['state']['chain'][number]>();
  private readonly commands = new Map<number, OpenCommand>();
  /**
   * Each node's last step of guesses let go (step mode), until its search goes on: if the search
   * ends in it, the guesses past the proof were never made, and the journal says so.
   */
  private readonly guessing = new Map<
    string,
    { readonly entry: number; readonly from: number; readonly count: number }
  >();
  private readonly listeners = new Set<(event: NetworkEvent) => void>();
  private readonly waiters = new Set<() => void>();
  private journalEntries: JournalEntry[] = [];
  private nextId = 1;
  private created = 0;

  constructor(options: NetworkOptions) {
    this.rules = options.rules;
    this.epochSeconds = options.epochSeconds;
    this.seed = options.seed;
    this.connect = options.connect;
    this.links = new Links(options.latencyMs ?? DEFAULT_LATENCY_MS, options.seed);
    this.auto = new Automatic(options.seed);
    this.initialLatencyMs = this.links.latencyMs;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.alwaysReport = options.report ?? false;
    this.outside = new Outside(
      options.ask,
      () => !this.disposed && !this.scripted,
      (ref, reply) => {
        this.traffic.heardOutside(ref, reply);
        this.gatesChanged();
      },
    );
    this.ids = new NodeIdentifiers(options.seed);
    const inside = this.inside();
    this.traffic = new Traffic(inside);
    this.autopilot = new Autopilot(inside, this.auto, (command, fields) => this.run(command, fields));
    this.script = new Script(inside, this.traffic, {
      open: (gate, count, proof) => this.open(gate, count, proof),
      idle: (address) => this.idle(address),
      perform: (entry) => this.perform(entry),
    });
  }

  /** What the network's parts share with it (see inside.ts): its own fields, and its moves. */
  private inside(): NetworkInside {
    const network = this;
    return {
      scheduler: this.scheduler,
      links: this.links,
      outside: this.outside,
      nodes: this.nodes,
      commands: this.commands,
      timeoutMs: this.timeoutMs,
      get now() {
        return network.now;
      },
      get scripted() {
        return network.scripted;
      },
      takeId: () => this.nextId++,
      emit: (event) => this.emit(event),
      record: (entry) => this.record(entry),
      offer: (gate) => this.offer(gate),
      gatesChanged: () => this.gatesChanged(),
      toNode: (node, send) => this.toNode(node, send),
    };
  }

  get now(): number {
    return this.scheduler.clock;
  }

  get latency(): number {
    return this.links.latencyMs;
  }

  get inStepMode(): boolean {
    return this.stepMode;
  }

  get replaying(): boolean {
    return this.scripted;
  }

  /** What has happened so far, as the decisions that make it happen again. */
  get journal(): readonly JournalEntry[] {
    return this.journalEntries;
  }

  subscribe(listener: (event: NetworkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The node whose message is being handled, if any (see eventPosition). */
  private handling: SimNode | null = null;

  /** Handles what a node sent: the events it causes belong to that node's moment (see eventPosition). */
  private from(address: string, handle: () => void): void {
    const before = this.handling;
    this.handling = this.nodes.get(address) ?? null;
    try {
      handle();
    } finally {
      this.handling = before;
    }
  }

  /** Where the network is now, or, handling a node's message, where that node was last given work. */
  private position(): Position {
    return this.eventPosition() ?? { at: this.now, journal: this.journalEntries.length };
  }

  /**
   * Replaying, where the event being emitted belongs in the run: a node's answer, its resolve's
   * steps and the messages they send belong to the moment the node was last given work, as they
   * did when the run was recorded (a bulk replay has gone on by the time they come). Null: now.
   */
  eventPosition(): Position | null {
    if (!this.scripted || !this.handling) return null;
    return this.handling.sent[0] ?? this.handling.touched;
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
    return this.scheduler.inFlight;
  }

  /** The gate the next Step opens (or null), and whether the nodes are ready for it. */
  nextGate(): Gate | null {
    return this.scheduler.pending[0] ?? null;
  }

  /** True when every node has finished with what it was sent (and has every proof it searches for). */
  get settled(): boolean {
    if (this.script.searches) return false;
    // A real node being asked: its answer is on its way (a Step waits for it, rather than time it out).
    if (this.outside.waiting) return false;
    for (const node of this.nodes.values()) if (node.alive && node.unsettled > 0) return false;
    return true;
  }

  /**
   * A person's command: written in the journal, then done. This is the one way a command reaches
   * the network; the actions a command may take (NetworkActions) are not journaled themselves.
   */
  run<Schema extends EntrySchema, Result>(command: Command<Schema, Result>, fields: Fields<Schema>): Result {
    const entry = { ...fields, t: command.t, at: this.now } as v.InferOutput<Schema>;
    this.record(entry as JournalEntry);
    return command.perform(this.actions, entry);
  }

  /** Starts a node on the next port (5000, 5001, ...), up to 16 nodes. */
  addNode(): string {
    return this.run(addNodeCommand, {});
  }

  /** Stops a node's worker. Its neighbours keep it in their lists and find it unreachable. */
  removeNode(address: string): void {
    if (!this.nodes.has(address)) return;
    this.run(removeNodeCommand, { address });
  }

  setLatency(ms: number): void {
    this.run(latencyCommand, { ms });
  }

  /** Step mode: nothing moves until step(). Run mode: everything waiting is let go. */
  setMode(step: boolean): void {
    if (step !== this.stepMode) this.run(stepModeCommand, { step });
  }

  /** Any request to a node (what a click stands for). Resolves with the node's answer. */
  command(address: string, request: HttpRequest): Promise<HttpResponse> {
    return this.run(requestCommand, { address, request });
  }

  /** What commands do (see NetworkActions): never called but through run() or a replay. */
  private readonly actions: NetworkActions = {
    startNode: (port) => this.startNode(port),
    stopNode: (address) => this.stopNode(address),
    moveNode: (address, port) => this.moveNode(address, port),
    request: (address, request) => this.request(address, request),
    setLatency: (ms) => {
      this.links.latencyMs = ms;
      this.emit({ type: 'links', at: this.now, links: this.links.state });
    },
    setStepMode: (step) => this.changeMode(step),
    addresses: () => this.addresses(),
    setAutomatic: (on, resolveEveryMs) => {
      this.auto.switch(on, this.addresses(), this.now, resolveEveryMs);
      this.emit({ type: 'auto', at: this.now, auto: this.auto.state });
      this.autopilot.kick();
    },
    setPower: (address, guesses) => {
      this.auto.setPower(address, guesses);
      this.emit({ type: 'auto', at: this.now, auto: this.auto.state });
    },
    search: (address, from) => {
      this.auto.searching(address, this.now);
      const body = JSON.stringify({ from });
      return this.request(address, { method: 'POST', path: '/lab/search', contentType: 'application/json', body });
    },
    forge: (address, proof, lastHash) => {
      this.auto.forging(address, this.now);
      const body = JSON.stringify({ proof, last_hash: lastHash });
      return this.request(address, { method: 'POST', path: '/lab/forge', contentType: 'application/json', body });
    },
    setOutside: (host, joined) => this.outside.set(host, joined),
    changeLinks: (change) => {
      const before = JSON.stringify(this.links.state);
      change(this.links);
      const after = this.links.state;
      if (JSON.stringify(after) !== before) this.emit({ type: 'links', at: this.now, links: after });
    },
  };

  /** The automatic mode now: on or off, each node's hash power, what each is doing. */
  get automaticState(): AutomaticState {
    return this.auto.state;
  }

  /** The links now: nodes offline, links cut, the loss setting. */
  get linksState(): LinksState {
    return this.links.state;
  }

  /** Whether nodes say when they have settled: needed in step mode and while replaying. */
  private get reporting(): boolean {
    return this.stepMode || this.scripted || this.alwaysReport;
  }

  private toNode(node: SimNode, send: (connection: NodeConnection) => void): void {
    if (this.reporting) node.unsettled++;
    if (this.scripted && this.reporting) node.sent.push(this.position());
    send(node.connection);
  }

  /** Tells every node the mode, and whether to report settling and to replay, after any changed. */
  private tellMode(): void {
    for (const node of this.nodes.values()) if (node.alive) this.tellNodeMode(node);
  }

  private tellNodeMode(node: SimNode): void {
    this.toNode(node, (c) => c.setMode(this.stepMode, this.reporting, this.scripted));
  }

  /** A node counted as having nothing left to settle (no moment of a message sent to it kept). */
  private allSettled(node: SimNode): void {
    node.unsettled = 0;
    node.sent.length = 0;
    node.touched = this.position();
  }

  /** Looks again at what waits for the network (see waitFor): something outside it changed (a Cancel). */
  wake(): void {
    this.gatesChanged();
  }

  private gatesChanged(): void {
    const next = this.nextGate();
    this.emit({ type: 'gates', at: this.now, next, settled: this.settled, steppable: this.scheduler.steppable });
    for (const wake of [...this.waiters]) wake();
  }

  private startNode(given?: number): string {
    if (this.nodes.size >= MAX_NODES) throw new Error(`a network has at most ${MAX_NODES} nodes`);
    const ports = [...this.nodes.values()].map((n) => n.port);
    const port = given ?? (ports.length === 0 ? FIRST_PORT : Math.max(...ports) + 1);
    const address = `localhost:${port}`;
    if (this.nodes.has(address)) throw new Error(`${address} is taken`);
    // Each node makes its own genesis block with its own time(), a microsecond apart; or all
    // share the network's first, identical block (the "shared" genesis).
    const created = this.rules.genesis === 'shared' ? 0 : this.created;
    const timestamp = this.epochSeconds + (this.rules.genesis === 'shared' ? 0 : this.now / 1000) + created * 1e-6;
    this.created++;
    const state = createNode({ address, nodeIdentifier: this.ids.draw(), rules: this.rules, timestamp });
    const hashes = state.chain.map(blockHash);
    const snapshot: NodeSnapshot = { state, hashes, length: hashes.length };
    const node = this.attachNode(address, port, snapshot, state, hashes);
    this.emit({ type: 'node-added', at: this.now, address, snapshot });
    if (this.reporting) this.tellNodeMode(node);
    if (this.auto.on) {
      this.auto.resolving(address, this.now);
      this.autopilot.kick();
    }
    return address;
  }

  /** A node of this network on a fresh connection, starting from `state`. */
  private attachNode(
    address: string,
    port: number,
    snapshot: NodeSnapshot,
    state: SimNode['snapshot']['state'],
    hashes: readonly string[],
  ): SimNode {
    const connection = this.connect(
      { state, hashes, epochSeconds: this.epochSeconds, blocks: this.blocks },
      {
        response: (id, response, outcome, after) =>
          this.from(address, () => this.answered(address, connection, id, response, outcome, after)),
        fetch: (_request, fetchId, neighbour) =>
          this.from(address, () => this.traffic.fetch(address, fetchId, neighbour)),
        trace: (_request, step) => this.from(address, () => this.emit({ type: 'trace', at: this.now, address, step })),
        progress: (_request, progress) => this.emit({ type: 'progress', at: this.now, address, progress }),
        pause: (_request, gate, pause) => this.from(address, () => this.paused(address, gate, pause)),
        settled: (count) => this.nodeSettled(address, count),
        failed: (reason, cause) => this.failed(address, connection, reason, cause),
      },
    );
    const node: SimNode = {
      address,
      port,
      connection,
      snapshot,
      alive: true,
      unsettled: 0,
      served: 0,
      sent: [],
      touched: this.position(),
    };
    this.nodes.set(address, node);
    return node;
  }

  /**
   * Whether a node is idle: running, settled, no request of it or to it open, nothing of it
   * waiting. Its snapshot is then the whole of its state (a move takes it from there).
   */
  idle(address: string): boolean {
    const node = this.nodes.get(address);
    if (!node?.alive || node.unsettled > 0) return false;
    for (const command of this.commands.values()) if (command.address === address) return false;
    if (this.scheduler.pending.some((gate) => gate.address === address)) return false;
    for (const open of this.scheduler.fetches.values()) if (open.node === address) return false;
    return true;
  }

  /**
   * A node moved to another port: stopped, and started again there from its state (its chain,
   * pending transactions, neighbours and identifier), under its new address. What it was doing is
   * dropped as if it had been removed.
   */
  private moveNode(address: string, port: number): string {
    const node = this.nodes.get(address);
    const to = `localhost:${port}`;
    if (!node?.alive) throw new Error(`${address} is not running`);
    if (!this.idle(address)) throw new Error(`${address} is busy: a node moves only when it is idle`);
    if (this.nodes.has(to)) throw new Error(`${to} is taken`);
    const state = { ...node.snapshot.state, address: to };
    const hashes = [...node.snapshot.hashes];
    const snapshot: NodeSnapshot = {
      state,
      hashes,
      length: hashes.length,
      ...(node.snapshot.problems ? { problems: node.snapshot.problems } : {}),
    };
    this.stopNode(address);
    const moved = this.attachNode(to, port, snapshot, state, hashes);
    this.emit({ type: 'node-added', at: this.now, address: to, snapshot });
    if (this.reporting) this.tellNodeMode(moved);
    if (this.auto.on) {
      this.auto.resolving(to, this.now);
      this.autopilot.kick();
    }
    return to;
  }

  private stopNode(address: string): void {
    const node = this.nodes.get(address);
    if (!node) return;
    node.alive = false;
    node.connection.terminate();
    this.nodes.delete(address);
    // Nothing of the removed node waits on: its gates, its messages' answers, its neighbour requests.
    this.scheduler.forget(address);
    this.links.forget(address);
    this.auto.forget(address);
    this.script.forget(address);
    for (const [id, command] of this.commands) {
      if (command.address !== address) continue;
      this.commands.delete(id);
      this.finish(command, textResponse(503, 'the node was removed'));
    }
    this.emit({ type: 'node-removed', at: this.now, address });
    this.gatesChanged();
  }

  private changeMode(step: boolean): void {
    if (step === this.stepMode) return;
    this.stepMode = step;
    // Out of step mode the nodes stop saying when they have settled (but while replaying).
    if (!this.reporting) for (const node of this.nodes.values()) this.allSettled(node);
    this.tellMode();
    this.emit({ type: 'mode', at: this.now, step });
    if (!step) {
      // Node step gates go on by themselves when the nodes hear of run mode; messages go now.
      this.scheduler.pending = this.scheduler.pending.filter((g) => g.kind !== 'pause' || g.pause.kind === 'found');
      if (!this.scripted) this.letGo();
    }
    this.gatesChanged();
  }

  private request(address: string, request: HttpRequest): Promise<HttpResponse> {
    return new Promise((done) => {
      const node = this.nodes.get(address);
      if (!node?.alive) {
        done(textResponse(503, `no node is running at ${address}`));
        return;
      }
      const id = this.nextId++;
      const activity = activityOf(request);
      if (activity === 'resolving') this.auto.resolving(address, this.now);
      this.commands.set(id, { address, request, origin: 'user', activity, done });
      this.emit({ type: 'command', at: this.now, address, request });
      if (activity) this.emitActivity(address);
      this.toNode(node, (c) => c.request(id, request, this.now));
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
    this.emit({ type: 'activity', at: this.now, address, activity });
  }

  private nodeSettled(address: string, count: number): void {
    const node = this.nodes.get(address);
    if (node) {
      node.unsettled = Math.max(0, node.unsettled - count);
      for (let i = 0; i < count && node.sent.length > 0; i++) node.touched = node.sent.shift() as Position;
    }
    this.gatesChanged();
  }

  private answered(
    address: string,
    from: NodeConnection,
    id: number,
    response: HttpResponse,
    outcome: Outcome,
    snapshot: NodeSnapshot | null,
  ): void {
    const node = this.nodes.get(address);
    // An answer of a connection this network no longer uses for the node (restored meanwhile).
    if (node?.connection !== from) return;
    const command = this.commands.get(id);
    if (!command) return;
    if (snapshot) node.snapshot = snapshot;
    this.commands.delete(id);
    if (outcome.kind === 'forged') this.foundIn(address, outcome.proof);
    this.emit({
      type: 'exchange',
      at: this.now,
      address,
      origin: command.origin,
      request: command.request,
      response,
      outcome,
      snapshot,
    });
    this.finish(command, response, outcome);
    if (command.origin === 'user') this.autopilot.after(address, command.request, outcome, node.snapshot);
  }

  /**
   * A block was forged: if its proof came in a step of guesses, the step's count is how many
   * were really tried (a step of x1000 ends at the proof). Recording, the journal keeps that
   * number; replaying, a count past the proof is a journal no run can make.
   */
  private foundIn(address: string, proof: number): void {
    const step = this.guessing.get(address);
    this.guessing.delete(address);
    if (!step) return;
    const tried = proof + 1 - step.from;
    if (tried >= step.count) return;
    const entry = this.journalEntries[step.entry];
    if (entry?.t !== 'release') return;
    if (this.scripted) {
      const reason = `step ${step.entry + 1} lets ${entry.ref} try ${step.count} guesses, but its search ended at proof ${proof}, after ${tried}`;
      this.emit({ type: 'contradiction', at: this.now, reason });
      return;
    }
    this.journalEntries[step.entry] = { ...entry, count: tried };
  }

  private finish(command: OpenCommand, response: HttpResponse, outcome?: Outcome): void {
    if (command.activity) this.emitActivity(command.address);
    command.done(response);
    const { serving } = command;
    if (serving) this.traffic.answer({ ...command, serving }, response, outcome);
  }

  private paused(address: string, gate: number, pause: NodePause): void {
    const ref = `${address}/g${gate}`;
    this.guessing.delete(address);
    // Let go by a replay before the node got there: nothing waits.
    if (this.script.reached(ref)) return;
    const known = this.scheduler.find(ref);
    if (known) {
      // A "found" gate a replay left without a proof, now with the one its node searched for.
      this.script.found(ref);
      this.scheduler.pending = this.scheduler.pending.map((g) => (g === known ? { ...known, pause } : g));
      if (!this.scripted && !this.stepMode) this.letGo();
      this.gatesChanged();
      return;
    }
    if (pause.kind === 'trace') this.emit({ type: 'trace', at: this.now, address, step: pause.step });
    this.emit({ type: 'paused', at: this.now, address, pause });
    this.offer({ kind: 'pause', ref, address, gate, pause });
  }

  /** A new gate: let go at once in run mode, or kept for a Step. */
  private offer(gate: Gate): void {
    this.scheduler.offer(gate);
    if (!this.scripted && !this.stepMode) this.letGo();
    this.gatesChanged();
  }

  /** Whether a gate can be opened now: a "found" gate waits for the proof its node searches for. */
  private canOpen(gate: Gate): boolean {
    return !(gate.kind === 'pause' && gate.pause.kind === 'found' && gate.pause.proof === null);
  }

  /** Run mode: every gate but the deliveries (which wait for their time) goes now, in order. */
  private letGo(): void {
    for (;;) {
      const gate = this.scheduler.pending.find((g) => g.kind !== 'deliver' && this.canOpen(g));
      if (!gate) return;
      this.open(gate, 'finish');
    }
  }

  /** Opens one gate, and writes it in the journal (a "found" gate with the proof its search found). */
  private open(gate: Gate, count: GuessCount, recordedProof?: number): void {
    this.scheduler.take(gate);
    const isPause = gate.kind === 'pause';
    const found = isPause && gate.pause.kind === 'found' ? (gate.pause.proof ?? recordedProof) : undefined;
    const entry: Release = { t: 'release', at: this.now, ref: gate.ref };
    this.record(
      isPause && gate.pause.kind === 'guess'
        ? { ...entry, count }
        : found === undefined || found === null
          ? entry
          : { ...entry, proof: found },
    );
    switch (gate.kind) {
      case 'send':
        this.traffic.send(gate.message);
        break;
      case 'deliver':
        this.traffic.deliver(gate.message);
        break;
      case 'pause': {
        const node = this.nodes.get(gate.address);
        if (gate.pause.kind === 'guess' && typeof count === 'number') {
          const entry = this.journalEntries.length - 1;
          this.guessing.set(gate.address, { entry, from: gate.pause.tried, count });
        }
        if (node?.alive) this.toNode(node, (c) => c.release(gate.gate, count, found ?? undefined));
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
    const gate = this.scheduler.pending[0];
    if (gate) {
      if (!this.canOpen(gate)) return null;
      if (gate.kind === 'deliver') this.scheduler.clock = Math.max(this.now, gate.message.deliverAt);
      this.open(gate, gate.kind === 'pause' && gate.pause.kind === 'guess' ? count : 'finish');
      return gate;
    }
    const expired = this.scheduler.earliestDeadline();
    if (!expired) return null;
    this.scheduler.clock = Math.max(this.now, expired[1].deadline);
    this.traffic.expire(expired[0]);
    return 'timeout';
  }

  /** The address of the running node a stored neighbour names, if any ("127.0.0.1:5001" is localhost:5001). */
  route(neighbour: string): string | null {
    return this.traffic.route(neighbour);
  }

  /** Run mode: moves the clock to `time`, delivering every message due by then, in order. */
  advanceTo(time: number): void {
    if (this.stepMode || this.scripted) return;
    for (;;) {
      const delivery = this.scheduler.dueDelivery(time);
      const expired = this.scheduler.earliestDeadline(time);
      const auto = this.auto.due(time);
      const deliverAt = delivery?.message.deliverAt ?? Number.POSITIVE_INFINITY;
      const deadline = expired?.[1].deadline ?? Number.POSITIVE_INFINITY;
      if (delivery && deliverAt <= deadline && deliverAt <= (auto?.at ?? Number.POSITIVE_INFINITY)) {
        this.scheduler.clock = Math.max(this.now, deliverAt);
        this.open(delivery, 'finish');
      } else if (expired && deadline <= (auto?.at ?? Number.POSITIVE_INFINITY)) {
        this.scheduler.clock = Math.max(this.now, deadline);
        this.traffic.expire(expired[0]);
      } else if (auto) {
        this.scheduler.clock = Math.max(this.now, auto.at);
        if (auto.action.kind === 'resolve') this.auto.resolving(auto.action.address, this.now);
        this.autopilot.issue(auto.action);
      } else break;
    }
    this.scheduler.clock = Math.max(this.now, time);
  }

  /** The time of the next thing due by itself (a delivery or a timeout), or null. */
  nextEventTime(): number | null {
    const scheduled = this.scheduler.nextEventTime();
    const auto = this.auto.nextDue();
    if (auto === null) return scheduled;
    return scheduled === null ? auto : Math.min(scheduled, auto);
  }

  private failed(address: string, from: NodeConnection, reason: string, cause?: FailureCause): void {
    const node = this.nodes.get(address);
    if (node?.connection !== from) return;
    node.alive = false;
    this.allSettled(node);
    this.emit({ type: 'failed', at: this.now, address, reason, ...(cause ? { cause } : {}) });
    this.gatesChanged();
  }

  /** Resolves once `ready` holds (checked whenever the gates or the nodes change). */
  waitFor(ready: () => boolean): Promise<void> {
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
   * From here on the journal decides (see replay.ts): nothing is let go by itself, every node
   * reports when it has settled, and a node does not search for a proof the journal has.
   */
  beginScript(): void {
    this.scripted = true;
    this.outside.stopListening();
    this.tellMode();
  }

  /**
   * The journal is done: the network goes on by itself again. "found" gates left without a proof
   * (a block whose release comes after the point replayed to) are searched for now.
   */
  endScript(): void {
    this.scripted = false;
    // Requests to real nodes a replay left waiting are not asked again (time travel never calls a
    // real node): their askers give up at their timeouts.
    if (!this.reporting) for (const node of this.nodes.values()) this.allSettled(node);
    this.tellMode();
    this.script.searchLeft();
    // Gates offered after the journal's last entry (a mine still running at export) go on now.
    if (!this.stepMode) this.letGo();
    // The automatic mode goes on: nodes left with nothing under way search again.
    this.autopilot.kick();
    this.gatesChanged();
  }

  /** Whether a journal entry can be applied now (see Script.ready). */
  ready(entry: JournalEntry): boolean {
    return this.script.ready(entry);
  }

  /** Applies one journal entry, as replay.ts does when ready() says it can. */
  apply(entry: JournalEntry): void {
    this.script.apply(entry);
  }

  /** Writes a command's entry in the journal and does what it says (a replay's command). */
  private perform(entry: JournalEntry): void {
    const command = commandOf(entry);
    if (!command) throw new Error(`unknown journal entry "${entry.t}"`);
    this.record(entry);
    (command.perform as (network: NetworkActions, entry: JournalEntry) => unknown)(this.actions, entry);
  }

  /** Whether a real node's host has joined the network (see commands/real-node.ts). */
  isOutside(host: string): boolean {
    return this.outside.has(host);
  }

  /** The network now, as data that restore() makes again (see NetworkCheckpoint). */
  checkpoint(): NetworkCheckpoint {
    return {
      journal: this.journalEntries.length,
      scheduler: this.scheduler.state(),
      links: this.links.state,
      auto: this.auto.state,
      stepMode: this.stepMode,
      nextId: this.nextId,
      created: this.created,
      ids: this.ids.state,
      nodes: [...this.nodes.values()]
        .filter((n) => n.alive)
        .map((n) => ({
          address: n.address,
          port: n.port,
          snapshot: n.snapshot,
          served: n.served,
          node: n.connection.checkpoint(),
        })),
      commands: [...this.commands].map(([id, { done: _done, ...command }]) => [id, command]),
      script: this.script.state,
      guessing: [...this.guessing],
      outside: this.outside.state,
    };
  }

  /**
   * Makes the network what it was at `checkpoint`, with the first `checkpoint.journal` entries of
   * `journal` as its journal. Each node's worker is reused where the node runs now (else started),
   * and restored (see NodeConnection.restore); nodes that did not run then are stopped. What was
   * under way is dropped: answers awaited by callers are never given. The nodes are left
   * replaying: a restore is the start of a replay (see replay.ts), which ends with endScript().
   */
  restore(checkpoint: NetworkCheckpoint, journal: readonly JournalEntry[]): void {
    const keep = new Set(checkpoint.nodes.map((n) => n.address));
    for (const node of [...this.nodes.values()]) {
      if (keep.has(node.address) && node.alive) continue;
      node.alive = false;
      node.connection.terminate();
      this.nodes.delete(node.address);
    }
    for (const saved of checkpoint.nodes) {
      let node = this.nodes.get(saved.address);
      if (!node) {
        const { state, hashes } = saved.snapshot;
        node = this.attachNode(saved.address, saved.port, saved.snapshot, state, hashes);
      }
      node.connection.restore(saved.node);
      node.snapshot = saved.snapshot;
      node.served = saved.served;
      // The node says when it has run its inputs again (NodeEvents.settled).
      this.allSettled(node);
      node.unsettled = 1;
      node.sent.push(node.touched);
    }
    this.scheduler.load(checkpoint.scheduler);
    this.links.state = checkpoint.links;
    this.emit({ type: 'links', at: this.now, links: this.links.state });
    this.auto.state = checkpoint.auto;
    this.emit({ type: 'auto', at: this.now, auto: this.auto.state });
    this.stepMode = checkpoint.stepMode;
    this.nextId = checkpoint.nextId;
    this.created = checkpoint.created;
    this.ids.state = checkpoint.ids;
    this.commands.clear();
    for (const [id, command] of checkpoint.commands) this.commands.set(id, { ...command, done: () => {} });
    this.script.state = checkpoint.script;
    this.guessing.clear();
    for (const [address, step] of checkpoint.guessing) this.guessing.set(address, step);
    this.outside.state = checkpoint.outside;
    this.journalEntries = journal.slice(0, checkpoint.journal);
    this.gatesChanged();
  }

  /** Stops every node. */
  dispose(): void {
    this.disposed = true;
    for (const node of this.nodes.values()) node.connection.terminate();
    this.nodes.clear();
    this.listeners.clear();
    this.waiters.clear();
  }
}
