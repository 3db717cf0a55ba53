import type * as v from 'valibot';
import { peerTarget } from '../core/address';
import { blockHash } from '../core/block';
import {
  type ConnectNode,
  type FailureCause,
  type GuessCount,
  hashInSnapshot,
  type MiningProgress,
  type NodeCheckpoint,
  type NodeConnection,
  type NodePause,
  type NodeSnapshot,
} from '../core/connection';
import { endpointOf, type HttpRequest, type HttpResponse, textResponse } from '../core/http';
import { createNode, type Outcome } from '../core/node';
import type { PeerReply, ResolveStep } from '../core/resolve';
import type { Rules } from '../core/rules';
import { type AutoAction, Automatic, type AutomaticState } from './automatic';
import type { Command, EntrySchema, Fields, NetworkActions } from './command';
import {
  addNode as addNodeCommand,
  commandOf,
  forge as forgeCommand,
  type JournalEntry,
  latency as latencyCommand,
  removeNode as removeNodeCommand,
  request as requestCommand,
  resolve as resolveCommand,
  search as searchCommand,
  stepMode as stepModeCommand,
} from './commands';
import { NodeIdentifiers } from './ids';
import type { Answer, Release, Timeout } from './journal';
import { DEFAULT_LATENCY_MS, Links, type LinksState, type LossReason } from './links';
import { type AskOutside, Outside, type OutsideState, outsideKey } from './outside';
import {
  DEFAULT_TIMEOUT_MS,
  type Gate,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
  type Outgoing,
  Scheduler,
  type SchedulerState,
  type SimMessage,
} from './scheduler';

export type { Gate, SimMessage } from './scheduler';
export { DEFAULT_LATENCY_MS, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS };

export const FIRST_PORT = 5000;
export const MAX_NODES = 16;

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
      /** What the request did (see core's Outcome). */
      readonly outcome: Outcome;
      /** The node after the exchange, or null when it is gone. */
      readonly snapshot: NodeSnapshot | null;
    }
  | { readonly type: 'command'; readonly at: number; readonly address: string; readonly request: HttpRequest }
  | { readonly type: 'activity'; readonly at: number; readonly address: string; readonly activity: Activity | null }
  | { readonly type: 'sent'; readonly at: number; readonly message: SimMessage }
  | { readonly type: 'delivered'; readonly at: number; readonly message: SimMessage }
  /** A message that never arrived: its node offline, its link cut, or lost to the link's loss. */
  | { readonly type: 'lost'; readonly at: number; readonly message: SimMessage; readonly why: LossReason }
  /** The automatic mode changed: on or off, a node's hash power. */
  | { readonly type: 'auto'; readonly at: number; readonly auto: AutomaticState }
  /** The links changed: a node offline, a link cut or healed, the loss setting. */
  | { readonly type: 'links'; readonly at: number; readonly links: LinksState }
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
  | {
      readonly type: 'failed';
      readonly at: number;
      readonly address: string;
      readonly reason: string;
      readonly cause?: FailureCause;
    }
  /** A replayed journal says what cannot have happened (see replay.ts). */
  | { readonly type: 'contradiction'; readonly at: number; readonly reason: string };

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
  readonly ahead: readonly string[];
  readonly searching: readonly string[];
  readonly guessing: readonly (readonly [address: string, step: { entry: number; from: number; count: number }])[];
  readonly outside: OutsideState;
}

function activityOf(request: HttpRequest): Activity | null {
  const endpoint = endpointOf(request);
  if (endpoint === '/mine') return 'mining';
  if (endpoint === '/nodes/resolve') return 'resolving';
  return null;
}

/** "localhost:5000/g3": gate 3 of localhost:5000, a gate its node made and numbered. */
const NODE_GATE = /^(.+)\/g(\d+)$/;

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
  private disposed = false;
  private readonly connect: ConnectNode;
  private readonly ids: NodeIdentifiers;
  private readonly nodes = new Map<string, SimNode>();
  /** Every block the page has had, by hash, once (see NodeInit.blocks). */
  private readonly blocks = new Map<string, SimNode['snapshot']['state']['chain'][number]>();
  private readonly commands = new Map<number, OpenCommand>();
  /** Node gates a replay let go before the node reached them (see apply). */
  private readonly ahead = new Set<string>();
  /** "found" gates a replay left without a proof, whose node searches for it now. */
  private readonly searching = new Set<string>();
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
        this.heardOutside(ref, reply);
        this.gatesChanged();
      },
    );
    this.ids = new NodeIdentifiers(options.seed);
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
    if (this.searching.size > 0) return false;
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
    },
    setStepMode: (step) => this.changeMode(step),
    addresses: () => this.addresses(),
    setAutomatic: (on, resolveEveryMs) => {
      this.auto.switch(on, this.addresses(), this.now, resolveEveryMs);
      this.emit({ type: 'auto', at: this.now, auto: this.auto.state });
      this.autoKick();
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
      this.auto.forging(address);
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
    send(node.connection);
  }

  /** Tells every node the mode, and whether to report settling and to replay, after any changed. */
  private tellMode(): void {
    for (const node of this.nodes.values()) if (node.alive) this.tellNodeMode(node);
  }

  private tellNodeMode(node: SimNode): void {
    this.toNode(node, (c) => c.setMode(this.stepMode, this.reporting, this.scripted));
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
      this.autoKick();
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
        response: (id, response, outcome, after) => this.answered(address, connection, id, response, outcome, after),
        fetch: (_request, fetchId, neighbour) => this.fetch(address, fetchId, neighbour),
        trace: (_request, step) => this.emit({ type: 'trace', at: this.now, address, step }),
        progress: (_request, progress) => this.emit({ type: 'progress', at: this.now, address, progress }),
        pause: (_request, gate, pause) => this.paused(address, gate, pause),
        settled: (count) => this.nodeSettled(address, count),
        failed: (reason, cause) => this.failed(address, connection, reason, cause),
      },
    );
    const node: SimNode = { address, port, connection, snapshot, alive: true, unsettled: 0, served: 0 };
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
      this.autoKick();
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
    for (const ref of [...this.searching]) if (ref.startsWith(`${address}/`)) this.searching.delete(ref);
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
    if (!this.reporting) for (const node of this.nodes.values()) node.unsettled = 0;
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
    if (node) node.unsettled = Math.max(0, node.unsettled - count);
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
    if (command.origin === 'user') this.autoAfter(address, command.request, outcome, node.snapshot);
  }

  /**
   * What the automatic mode makes of an answer (its state moves the same way in a replay; only
   * what it then asks for is left to the journal): a search's block waits for its moment, a
   * forged block is followed by a resolve and a new search, an adopted chain by a new search.
   */
  private autoAfter(address: string, request: HttpRequest, outcome: Outcome, snapshot: NodeSnapshot): void {
    const endpoint = endpointOf(request);
    const tip = hashInSnapshot(snapshot, snapshot.length - 1);
    if (endpoint === '/lab/search') {
      this.auto.searched(address, outcome.kind === 'searched' ? outcome : null, tip, this.now);
    } else if (endpoint === '/lab/forge') {
      if (outcome.kind === 'forged') this.autoIssue({ kind: 'resolve', address });
    } else if (outcome.kind === 'replaced') {
      this.auto.replaced(address, this.now);
    } else if (endpoint !== '/nodes/resolve') return;
    this.autoKick();
    this.gatesChanged();
  }

  /** Every node with nothing under way in automatic mode starts a search (not while a replay decides). */
  private autoKick(): void {
    if (!this.auto.on || this.scripted) return;
    for (const address of this.addresses()) {
      // A node resolving searches when its resolve is done (a search would wait behind it).
      if (this.nodes.get(address)?.alive && this.auto.idle(address) && !this.resolvingNow(address)) {
        this.autoIssue({ kind: 'search', address, from: this.auto.startOf(address) });
      }
    }
  }

  private resolvingNow(address: string): boolean {
    for (const command of this.commands.values()) {
      if (command.address === address && command.activity === 'resolving') return true;
    }
    return false;
  }

  /** Does what the automatic mode asks, as a journaled command. */
  private autoIssue(action: AutoAction): void {
    if (this.scripted) return;
    const { address } = action;
    if (!this.nodes.get(address)?.alive) return;
    switch (action.kind) {
      case 'search':
        void this.run(searchCommand, { address, from: action.from });
        return;
      case 'forge':
        void this.run(forgeCommand, { address, proof: action.proof, lastHash: action.lastHash });
        return;
      case 'resolve':
        // One resolve at a time: a node still resolving skips this one. A node mining in
        // private never takes another chain: it keeps to its own until it releases it.
        if (this.resolvingNow(address) || this.nodes.get(address)?.snapshot.state.behaviour?.kind === 'private') {
          this.auto.resolving(address, this.now);
          return;
        }
        void this.run(resolveCommand, { address });
        return;
      default:
        action satisfies never;
    }
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
        ...(outcome?.kind === 'chain' ? { blocks: outcome.length } : {}),
      },
    });
  }

  /** A node asks a neighbour for its chain: the request waits to be sent. */
  private fetch(address: string, fetchId: number, neighbour: string): void {
    const ref = `${address}/f${fetchId}`;
    this.scheduler.fetches.set(ref, { node: address, fetchId, deadline: this.now + this.timeoutMs });
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
    const ref = `${address}/g${gate}`;
    this.guessing.delete(address);
    // Let go by a replay before the node got there: nothing waits.
    if (this.ahead.delete(ref)) return;
    const known = this.scheduler.find(ref);
    if (known) {
      // A "found" gate a replay left without a proof, now with the one its node searched for.
      this.searching.delete(ref);
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
        this.send(gate.message);
        break;
      case 'deliver':
        this.deliver(gate.message);
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
    this.expire(expired[0]);
    return 'timeout';
  }

  private send(message: Outgoing): void {
    const to = this.route(message.to) ?? message.to;
    const full: SimMessage = {
      ...message,
      id: this.nextId++,
      sentAt: this.now,
      deliverAt: this.now + this.links.delay(message.from, to),
    };
    this.scheduler.inFlight = [...this.scheduler.inFlight, full];
    this.emit({ type: 'sent', at: this.now, message: full });
    this.scheduler.offer({ kind: 'deliver', ref: `${message.ref}>`, address: to, message: full });
  }

  /** The address of the running node a stored neighbour names, if any ("127.0.0.1:5001" is localhost:5001). */
  route(neighbour: string): string | null {
    const address = Links.addressOf(neighbour);
    return address !== null && this.nodes.get(address)?.alive ? address : null;
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
        this.expire(expired[0]);
      } else if (auto) {
        this.scheduler.clock = Math.max(this.now, auto.at);
        if (auto.action.kind === 'resolve') this.auto.resolving(auto.action.address, this.now);
        this.autoIssue(auto.action);
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

  /** A neighbour request that got no answer in time: the asker hears so, and a late answer is dropped. */
  private expire(ref: string): void {
    const open = this.scheduler.fetches.get(ref);
    if (!open) return;
    const entry: Timeout = { t: 'timeout', at: this.now, ref };
    this.record(entry);
    this.scheduler.fetches.delete(ref);
    // A real node's answer that comes after this is not heard (the journal says it timed out).
    this.outside.drop(ref);
    const node = this.nodes.get(open.node);
    const reply: PeerReply = { ok: false, reason: `no answer within ${this.timeoutMs / 1000} s`, code: 'timeout' };
    if (node?.alive) this.toNode(node, (c) => c.reply(open.fetchId, reply, this.now));
    this.gatesChanged();
  }

  private deliver(message: SimMessage): void {
    this.scheduler.inFlight = this.scheduler.inFlight.filter((m) => m.id !== message.id);
    const why = this.links.lost(
      Links.addressOf(message.from) ?? message.from,
      Links.addressOf(message.to) ?? message.to,
      message.ref,
    );
    if (why !== null) {
      // Nothing arrives: the asker hears nothing, and gives up at its timeout.
      this.emit({ type: 'lost', at: this.now, message, why });
      return;
    }
    this.emit({ type: 'delivered', at: this.now, message });
    if (message.kind === 'response') {
      const ref = `${message.asker}/f${message.fetchId}`;
      if (!this.scheduler.fetches.delete(ref)) return; // timed out meanwhile: the answer is dropped
      const reply = message.reply ?? { ok: false, reason: 'the answer was lost' };
      const node = this.nodes.get(message.asker);
      if (node?.alive) this.toNode(node, (c) => c.reply(message.fetchId, reply, this.now));
      return;
    }
    const target = this.route(message.to);
    const node = target ? this.nodes.get(target) : undefined;
    const key = node ? null : outsideKey(message.to);
    if (message.request && key !== null && this.outside.has(key)) {
      // In a replay, the journal's "answer" entry brings what the real node said.
      this.outside.request(message, !this.scripted);
      return;
    }
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
    this.toNode(node, (c) => c.request(id, request, this.now));
  }

  /** A real node's answer: written in the journal, then on its way to the node that asked. */
  private heardOutside(ref: string, reply: PeerReply): void {
    const message = this.outside.answered(ref);
    if (!message) return;
    const entry: Answer = {
      t: 'answer',
      at: this.now,
      ref,
      reply: reply.ok ? { ok: true, response: { ...reply.response } } : { ...reply },
    };
    this.record(entry);
    this.offer({
      kind: 'send',
      ref: `${ref}x`,
      address: message.asker,
      message: {
        ref: `${ref}x`,
        kind: 'response',
        from: message.to,
        to: message.asker,
        asker: message.asker,
        fetchId: message.fetchId,
        reply,
      },
    });
  }

  private failed(address: string, from: NodeConnection, reason: string, cause?: FailureCause): void {
    const node = this.nodes.get(address);
    if (node?.connection !== from) return;
    node.alive = false;
    node.unsettled = 0;
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
    if (!this.reporting) for (const node of this.nodes.values()) node.unsettled = 0;
    this.tellMode();
    for (const gate of this.scheduler.pending) {
      if (gate.kind === 'pause' && gate.pause.kind === 'found' && gate.pause.proof === null) this.searchFor(gate);
    }
    // Gates offered after the journal's last entry (a mine still running at export) go on now.
    if (!this.stepMode) this.letGo();
    // The automatic mode goes on: nodes left with nothing under way search again.
    this.autoKick();
    this.gatesChanged();
  }

  /**
   * Whether a journal entry can be applied now. A gate must be there to be opened, but for a
   * "found" gate of a node, which the node makes as soon as it gets its request: a replay lets it
   * go at once (with its proof), without waiting to hear of it. A "found" gate whose entry has no
   * proof (a run file of the first version) waits while its node searches for it, once: the
   * journal then records the proof.
   */
  ready(entry: JournalEntry): boolean {
    if (entry.t === 'timeout') return this.scheduler.fetches.has(entry.ref);
    // A node moves only when it is idle (as it was when the move was made).
    if (entry.t === 'move') return this.idle(entry.address);
    if (entry.t !== 'release') return true;
    const gate = this.scheduler.find(entry.ref);
    if (gate) {
      if (gate.kind !== 'pause' || gate.pause.kind !== 'found' || gate.pause.proof !== null) return true;
      if (entry.proof !== undefined) return true;
      this.searchFor(gate);
      return false;
    }
    const own = NODE_GATE.exec(entry.ref);
    return (
      this.scripted && entry.proof !== undefined && own !== null && this.nodes.get(own[1] as string)?.alive === true
    );
  }

  /** Asks a node to search for the proof of a "found" gate a replay made without one (once). */
  private searchFor(gate: Extract<Gate, { kind: 'pause' }>): void {
    if (this.searching.has(gate.ref)) return;
    const node = this.nodes.get(gate.address);
    if (!node?.alive) return;
    this.searching.add(gate.ref);
    this.toNode(node, (c) => c.search(gate.gate));
  }

  /** Applies one journal entry, as replay.ts does when ready() says it can. */
  apply(entry: JournalEntry): void {
    this.scheduler.clock = Math.max(this.now, entry.at);
    switch (entry.t) {
      case 'release': {
        const gate = this.scheduler.find(entry.ref);
        if (gate) {
          this.open(gate, entry.count ?? 'finish', entry.proof);
          return;
        }
        const own = NODE_GATE.exec(entry.ref);
        const node = own ? this.nodes.get(own[1] as string) : undefined;
        if (!own || !node?.alive || entry.proof === undefined) throw new Error(`${entry.ref} names no gate`);
        this.record(entry);
        this.ahead.add(entry.ref);
        this.toNode(node, (c) => c.release(Number(own[2]), entry.count ?? 'finish', entry.proof));
        return;
      }
      case 'timeout':
        this.expire(entry.ref);
        return;
      case 'answer':
        if (!this.outside.asks(entry.ref)) throw new Error(`${entry.ref} asked no real node`);
        this.heardOutside(entry.ref, entry.reply);
        return;
      default: {
        const command = commandOf(entry);
        if (!command) throw new Error(`unknown journal entry "${entry.t}"`);
        this.record(entry);
        (command.perform as (network: NetworkActions, entry: JournalEntry) => unknown)(this.actions, entry);
      }
    }
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
      ahead: [...this.ahead],
      searching: [...this.searching],
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
      node.unsettled = 1;
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
    this.ahead.clear();
    for (const ref of checkpoint.ahead) this.ahead.add(ref);
    this.searching.clear();
    for (const ref of checkpoint.searching) this.searching.add(ref);
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
