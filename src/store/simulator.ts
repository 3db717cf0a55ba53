import { hashInSnapshot, type NodeSnapshot } from '../core/connection';
import type { HttpRequest } from '../core/http';
import { canonicalJson } from '../core/json/canonical';
import type { PeerReply } from '../core/resolve';
import type { Rules } from '../core/rules';
import { type JournalEntry, realNode } from '../sim/commands';
import { DEFAULT_TIMEOUT_MS, Network } from '../sim/network';
import { outsideOrigin } from '../sim/outside';
import { ReplayCancelled, ReplayError, replayJournal } from '../sim/replay';
import type { Autosave } from './autosave';
import { applyEvents, type Stamped } from './feed';
import { checkChain } from './real-nodes';
import {
  type FinalNode,
  type Problem,
  type ReadRun,
  RUN_FORMAT,
  RUN_VERSION,
  type RunFile,
  readRunFile,
  writeRunFile,
} from './run-file';
import { breather, CHECKPOINT_EVERY, type Checkpoint, type Host, INITIAL_NODES, Session } from './session';
import type { AppState } from './state';
import { type AppStore, initialState } from './store';

/** A fresh network's page: everything starts anew but the person's language and play speed. */
function baseState(state: AppState, rules: Rules, latencyMs: number): AppState {
  return {
    ...initialState(),
    settings: { rules, latencyMs },
    links: { ...initialState().links, latencyMs },
    language: state.language,
    speed: state.speed,
    seq: state.seq,
    presenting: state.presenting,
    overview: state.overview,
    storageProblem: state.storageProblem,
    hinted: state.hinted,
    // The machine's hash rate, not the network's: the Difficulty list quotes times by it.
    measuredRate: state.measuredRate,
    // Real nodes and pasted chains stay, checked again under the new rules.
    real: state.real.map((view) => ({ ...view, ...checkChain(view.chain, rules) })),
    generation: state.generation + 1,
  };
}

/** What a run file records of a node at its end, from a snapshot of it. */
function finalOf(snapshot: NodeSnapshot | undefined): FinalNode {
  const state = snapshot?.state;
  return {
    // By hashAt where there is one: the hashes without the whole chain made as an array (the
    // autosave asks for sixteen chains every few seconds, each changed since the last time).
    chain: snapshot ? Array.from({ length: snapshot.length }, (_, i) => hashInSnapshot(snapshot, i)) : [],
    pending: canonicalJson([...(state?.pendingTransactions ?? [])]),
    neighbours: [...(state?.neighbours ?? [])],
  };
}

/** How a node's state differs from what the run file records, if it does (null: as recorded). */
function difference(now: FinalNode, recorded: FinalNode): 'chain' | 'pending' | 'neighbours' | null {
  if (JSON.stringify(now.chain) !== JSON.stringify(recorded.chain)) return 'chain';
  if (recorded.pending !== undefined && now.pending !== recorded.pending) return 'pending';
  if (recorded.neighbours !== undefined && JSON.stringify(now.neighbours) !== JSON.stringify(recorded.neighbours)) {
    return 'neighbours';
  }
  return null;
}

/** The position of the release that recorded `proof` for a block of `address`, at or before `from`. */
function recordedAt(journal: readonly JournalEntry[], from: number, address: string, proof: number): number {
  for (let i = Math.min(from, journal.length - 1); i >= 0; i--) {
    const entry = journal[i];
    if (entry?.t === 'release' && entry.proof === proof && entry.ref.startsWith(`${address}/`)) return i;
  }
  return from;
}

/**
 * The page's simulator: the host it runs on, the store, and the session of the network shown
 * now. A new network, or an imported one, is a new session; the old one is dropped whole.
 */
export class Simulator {
  private current: Session | null = null;
  /** What keeps the run saved across a reload (the page sets it; tests may not). */
  saved: Autosave | null = null;
  private importing: { cancelled: boolean; readonly network: Network } | null = null;
  /** A lesson's "Do it for me" under way, by its stop (see lesson-actions.ts), or null. */
  doing: (() => void) | null = null;

  constructor(
    readonly host: Host,
    readonly store: AppStore,
  ) {}

  get session(): Session {
    if (!this.current) throw new Error('the network has not been started (call start)');
    return this.current;
  }

  /** Whether a network is on the page (from start until dispose). */
  get active(): boolean {
    return this.current !== null;
  }

  /**
   * A simulated node's request to a real node (see Network's ask): through the page's way to
   * real nodes, or refused with the reason where the page has none.
   */
  /** Whether this page has a way to real nodes (a relay, or a direct request). */
  get canReachReal(): boolean {
    return this.host.askReal !== undefined;
  }

  /** Asks a real node (its URL) one of the five requests (see Host.askReal). */
  get askReal(): Host['askReal'] {
    return this.host.askReal;
  }

  private readonly askOutside = async (neighbour: string, request: HttpRequest): Promise<PeerReply> => {
    const origin = outsideOrigin(neighbour);
    if (!this.host.askReal || origin === null) {
      return { ok: false, reason: 'this page cannot reach real nodes', code: 'unreachable' };
    }
    const answer = await this.host.askReal(origin, request);
    return answer.ok ? answer : { ok: false, reason: answer.reason, code: 'unreachable' };
  };

  /**
   * Whether a jump or an import is being replayed: then nothing else may act on the network. A
   * jump counts from its first moment, before the page shows it (see BUSY_SHOWN_AFTER_MS).
   */
  get replaying(): boolean {
    return this.store.getState().replaying !== null || (this.current?.replaying ?? false);
  }

  /**
   * Starts a fresh network of three nodes under these rules, replacing any current one (a lesson
   * passes a shorter timeout, so that a class never waits for a neighbour that cannot answer).
   */
  start(rules: Rules, latencyMs: number, timeoutMs?: number): void {
    // The run shown is saved before it goes (nothing is lost silently).
    if (this.current) void this.saved?.saveNow(true);
    this.current?.dispose();
    const network = new Network({
      rules,
      latencyMs,
      timeoutMs,
      ask: this.askOutside,
      connect: this.host.connect,
      epochSeconds: this.host.wallSeconds(),
      seed: this.host.seed(),
    });
    this.store.setState((state) => baseState(state, rules, latencyMs));
    const session = new Session(this.host, network, this.store);
    this.current = session;
    for (let i = 0; i < INITIAL_NODES; i++) network.addNode();
    // The real nodes on the page join the new network too.
    for (const real of this.store.getState().real) {
      if (real.kind === 'node') network.run(realNode, { host: real.key, joined: true });
    }
    session.flush();
    session.checkpointNow();
  }

  /** The run so far, as a file that imports and replays to the same network, indented for a person. */
  exportRun(): string {
    return writeRunFile(this.runFile());
  }

  /**
   * The run so far, as the run file's data (the autosave writes it with a RunWriter). Its journal
   * is the network's own list, not a copy: write it at once, do not keep it (a copy of 64,000
   * entries for each save went straight to the old part of the page's heap).
   */
  runFile(): RunFile {
    const { network } = this.session;
    // The network as it is on the page (after a jump back, its future is not part of it).
    const nodes = Object.fromEntries(
      network.addresses().map((address) => [address, finalOf(network.snapshot(address))]),
    );
    return this.fileOf(network.journal, { latencyMs: network.latency, stepMode: network.inStepMode, nodes });
  }

  /**
   * The whole recorded run, also in the past (a jump back keeps the future until the person
   * acts): its line, and the state at its end from the checkpoint taken there. What the autosave
   * keeps, so that a reload in the past, or after an Undo, brings back the whole run. Null when
   * there is no checkpoint at the end of the line.
   */
  wholeRunFile(): RunFile | null {
    const { session } = this;
    if (!session.inPast) return this.runFile();
    const line = session.recordedLine();
    const end = session.checkpointList.at(-1)?.network;
    if (end?.journal !== line.length) return null;
    return this.fileAtEnd(line, end);
  }

  /** The run that acting in the past dropped, whole (what Undo would bring back), if there is one. */
  droppedRunFile(): RunFile | null {
    const dropped = this.session.droppedRun;
    return dropped ? this.fileAtEnd(dropped.line, dropped.end) : null;
  }

  private fileAtEnd(line: readonly JournalEntry[], end: Checkpoint['network']): RunFile {
    const nodes = Object.fromEntries(end.nodes.map((node) => [node.address, finalOf(node.snapshot)]));
    return this.fileOf(line, { latencyMs: end.links.latencyMs, stepMode: end.stepMode, nodes });
  }

  private fileOf(journal: readonly JournalEntry[], final: RunFile['final']): RunFile {
    const { network } = this.session;
    return {
      format: RUN_FORMAT,
      version: RUN_VERSION,
      rules: network.rules,
      epochSeconds: network.epochSeconds,
      seed: network.seed,
      latencyMs: network.initialLatencyMs,
      ...(network.timeoutMs === DEFAULT_TIMEOUT_MS ? {} : { timeoutMs: network.timeoutMs }),
      journal: journal as RunFile['journal'],
      final,
    };
  }

  /** Stops the network shown and everything it does (a page or a test that ends). */
  dispose(): void {
    this.cancelImport();
    this.current?.dispose();
    this.current = null;
  }

  /** Stops an import under way; the current network stays. */
  cancelImport(): void {
    if (!this.importing) return;
    this.importing.cancelled = true;
    // A replay waiting for its nodes hears it at once.
    this.importing.network.wake();
  }

  /**
   * Imports an exported run: it is replayed beside the current network (recorded proofs: no
   * search), and only if it ends as it records does it take the current network's place, with
   * checkpoints along its line. Otherwise a message says why and nothing changes.
   */
  async importRun(file: string | ReadRun, options: { quiet?: boolean } = {}): Promise<boolean> {
    if (this.replaying || this.importing) return false;
    // The file's text, or the file already read (the page reads it before asking to replace).
    const read = typeof file === 'string' ? readRunFile(file) : file;
    if (!read.ok) {
      this.store.setState({ transferError: read.problem, transferDone: null });
      return false;
    }
    const { run } = read;
    const replica = new Network({
      rules: run.rules,
      latencyMs: run.latencyMs,
      timeoutMs: run.timeoutMs,
      ask: this.askOutside,
      connect: this.host.connect,
      epochSeconds: run.epochSeconds,
      seed: run.seed,
    });
    const importing = { cancelled: false, network: replica };
    this.importing = importing;
    const total = run.journal.length;
    this.store.setState({ replaying: 'import', transferError: null, transferDone: null, progress: { done: 0, total } });
    // The replica's page, made as it replays, and checkpoints along its line.
    let app = baseState(this.store.getState(), run.rules, run.latencyMs);
    let events: Stamped[] = [];
    const checkpoints: Checkpoint[] = [];
    // Each node's states from the journal's last entry on. A run is saved or exported at any
    // moment, so a node may have been finishing what an entry asked (a resolve whose last answer
    // had come) and its recorded state is one of these, not the last.
    // Kept as they are, and read only for a node whose last state is not the one recorded.
    const tails = new Map<string, NodeSnapshot[]>();
    let atEnd = total === 0;
    const noteTail = (address: string, snapshot: NodeSnapshot | undefined) => {
      if (!snapshot) return;
      const list = tails.get(address) ?? [];
      list.push(snapshot);
      tails.set(address, list);
    };
    const stop = replica.subscribe((event) => {
      // Where it happened in the run as recorded: a node's answer comes after the replay went on.
      const position = replica.eventPosition();
      events.push(
        position
          ? { event: { ...event, at: position.at }, journal: position.journal }
          : { event, journal: replica.journal.length },
      );
      if (atEnd && event.type === 'exchange' && event.snapshot) noteTail(event.address, event.snapshot);
    });
    const catchUp = () => {
      // In the order of the steps the entries belong to: a node's answer comes back after the
      // replay has gone on (a batch ends where the network is settled, so no answer crosses it).
      app = applyEvents(app, events, { timeline: 'by-step' });
      events = [];
    };
    // The network before its first entry: a jump to the start of the run begins here.
    checkpoints.push({ network: replica.checkpoint(), app });
    const breathe = breather(this.host);
    let failure: Problem | null = null;
    try {
      await replayJournal(replica, run.journal, 0, total, {
        checkpoint: {
          every: CHECKPOINT_EVERY,
          take: () => {
            catchUp();
            checkpoints.push({ network: replica.checkpoint(), app });
          },
        },
        breather: () => {
          this.store.setState({ progress: { done: replica.journal.length, total } });
          return breathe();
        },
        cancelled: () => importing.cancelled,
        progress: (position) => {
          if (position !== total) return;
          atEnd = true;
          for (const address of replica.addresses()) noteTail(address, replica.snapshot(address));
        },
      });
      for (const [address, recorded] of Object.entries(run.final.nodes)) {
        const last = replica.snapshot(address);
        const what = !last ? 'chain' : difference(finalOf(last), recorded);
        const passed =
          what !== null && (tails.get(address) ?? []).some((s) => difference(finalOf(s), recorded) === null);
        if (what && !passed) {
          failure = { key: 'run.mismatch', params: { address }, detail: { key: `run.differs.${what}` as const } };
          break;
        }
      }
      if (!failure && (replica.latency !== run.final.latencyMs || replica.inStepMode !== run.final.stepMode)) {
        failure = { key: 'run.mismatchSettings' };
      }
      // Cancelled up to the last moment: the network shown stays.
      if (!failure && importing.cancelled) failure = { key: 'run.cancelled' };
    } catch (error) {
      if (error instanceof ReplayCancelled) failure = { key: 'run.cancelled' };
      else if (error instanceof ReplayError) {
        const { why } = error;
        failure =
          why?.code === 'badProof'
            ? {
                key: 'run.badProof',
                params: {
                  // The step that recorded the proof (the replay runs ahead of the nodes: it had
                  // gone further by the time the node said the proof does not hold).
                  step: recordedAt(run.journal, error.entry, why.address, why.proof) + 1,
                  index: why.index,
                  address: why.address,
                  proof: why.proof,
                  zeros: why.zeros,
                },
              }
            : { key: 'run.failedAt', params: { step: error.entry + 1, reason: error.message } };
      } else failure = { key: 'run.failedAt', params: { step: replica.journal.length, reason: String(error) } };
    } finally {
      stop();
      this.importing = null;
    }
    if (failure) {
      replica.dispose();
      this.store.setState({ replaying: null, progress: null, transferError: failure });
      return false;
    }
    catchUp();
    if (this.current) void this.saved?.saveNow(true);
    this.current?.dispose();
    const session = new Session(this.host, replica, this.store, checkpoints);
    this.current = session;
    // The real nodes on the page join the imported network too (its journal may not know them).
    for (const real of this.store.getState().real) {
      if (real.kind === 'node' && !replica.isOutside(real.key)) replica.run(realNode, { host: real.key, joined: true });
    }
    this.store.setState({
      ...app,
      cursor: replica.journal.length,
      settings: { rules: run.rules, latencyMs: replica.latency },
      replaying: null,
      progress: null,
      transferError: null,
      transferDone: options.quiet ? null : { key: 'run.imported', params: { entries: total } },
    });
    session.checkpointNow();
    return true;
  }
}
