import type { ConnectNode, GuessCount } from '../core/connection';
import { endpointOf } from '../core/http';
import type { JournalEntry } from '../sim/commands';
import { mine as mineCommand } from '../sim/commands';
import type { Network, NetworkCheckpoint } from '../sim/network';
import { ReplayCancelled, replayJournal } from '../sim/replay';
import { applyEvents, type Stamped } from './feed';
import { entryWords } from './journal-words';
import type { AskReal } from './real-nodes';
import type { AppState } from './state';
import type { AppStore } from './store';

/** What the store needs from its surroundings; src/main.tsx gives the browser's, tests their own. */
export interface Host {
  readonly connect: ConnectNode;
  /** A monotonic clock in ms: sim time follows it in run mode. */
  now(): number;
  /** Runs a callback before the next paint (requestAnimationFrame in the browser). */
  frame(callback: () => void): void;
  /**
   * Runs a callback when the page has time to spare, soon in any case (requestIdleCallback with
   * a timeout in the browser). Without it, at the next frame.
   */
  idle?(callback: () => void): void;
  /** The wall clock, in seconds, for the epoch of a new network. */
  wallSeconds(): number;
  /** A seed for the node identifiers of a new network. */
  seed(): number;
  /** Asks a real node over HTTP (through the relay); absent, real nodes cannot be added. */
  readonly askReal?: AskReal;
}

export const INITIAL_NODES = 3;
/**
 * How many journal entries apart checkpoints are taken: a jump replays at most about this many (up
 * to twice as many in an imported run, whose checkpoints wait for the nodes to catch up).
 */
export const CHECKPOINT_EVERY = 128;
/**
 * A jump shows itself busy (the controls off, "Replaying the run…") only once it has taken this
 * long. Turning every column's controls off and on again made a frame of 50-90 ms of style and
 * paint at the start of each jump, a quarter of a quick one. Until then nothing can act on the
 * network all the same (see Simulator.replaying).
 */
const BUSY_SHOWN_AFTER_MS = 250;
/** How many waiting nodes start their next block in one moment of idle time. */
export const CONTINUING_AT_ONCE = 4;
/** A replay gives the page a frame after this long, so that its progress shows and Cancel works. */
const REPLAY_SLICE_MS = 40;

/** While replaying: a frame for the page every REPLAY_SLICE_MS, so that progress shows and Cancel works. */
export function breather(host: Host): () => Promise<void> | null {
  let last = host.now();
  return () => {
    if (host.now() - last < REPLAY_SLICE_MS) return null;
    return new Promise((done) =>
      host.frame(() => {
        last = host.now();
        done();
      }),
    );
  };
}

/** The network at a moment, and the page's state then: what a jump restores. */
export interface Checkpoint {
  readonly network: NetworkCheckpoint;
  readonly app: AppState;
}

/** The state of the page that a network's events make (the rest is the person's: language, speed…). */
export function networkPart(
  state: AppState,
): Pick<AppState, 'nodes' | 'messages' | 'links' | 'auto' | 'focus' | 'next' | 'settled' | 'steppable' | 'stepMode'> {
  const { nodes, messages, links, auto, focus, next, settled, steppable, stepMode } = state;
  return { nodes, messages, links, auto, focus, next, settled, steppable, stepMode };
}

/**
 * One network's life on the page, made whole and dropped whole: the network, its events brought
 * to the store once a frame, sim time kept in step with the clock, the pacing of nodes that mine
 * continuously, play in step mode, and time travel along the recorded line with its checkpoints.
 * Everything it schedules checks `disposed` first, so a session that is dropped stops at once.
 */
export class Session {
  private disposed = false;
  private startedAt: number;
  private pending: Stamped[] = [];
  private flushScheduled = false;
  private ticking = false;
  private playing = false;
  private lastPlayedAt = 0;
  /** Nodes mining continuously that have forged a block and wait for a moment to start the next. */
  private readonly continuing = new Set<string>();
  private continuingScheduled = false;
  /**
   * The recorded line after a jump: the journal with its future, which stays selectable until
   * the person acts. Null while the network's own journal is the line.
   */
  private line: readonly JournalEntry[] | null = null;
  /** How much of the line the network shows now. */
  private cursor: number;
  /** Checkpoints along the line, by journal position (the first is the network as it started). */
  private checkpoints: Checkpoint[];
  private travelling = false;
  /** The run dropped by acting in the past, until the next action or jump: what Undo brings back. */
  private dropped: { line: readonly JournalEntry[]; checkpoints: Checkpoint[]; at: number } | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly host: Host,
    readonly network: Network,
    private readonly store: AppStore,
    checkpoints: readonly Checkpoint[] = [],
  ) {
    this.startedAt = host.now() - network.now;
    this.cursor = network.journal.length;
    this.checkpoints = [...checkpoints];
    this.unsubscribe = network.subscribe((event) => {
      this.enqueue({ event, journal: network.journal.length });
      if (event.type === 'sent' || event.type === 'auto') this.wake();
      if (event.type === 'exchange' && event.origin === 'user' && endpointOf(event.request) === '/mine') {
        if (event.response.status === 200 && event.snapshot !== null) this.continueMining(event.address);
        // A mine that failed ends continuous mining: the switch must not claim a loop that stopped.
        else this.markContinuous(event.address, false);
      }
    });
    this.wake();
  }

  /** Stops everything this session does and its nodes. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.network.dispose();
  }

  /** Sim time now, for drawing messages in flight. */
  get now(): number {
    return this.network.now;
  }

  get replaying(): boolean {
    return this.travelling;
  }

  /** The newest checkpoint (or a first one, made now), so that a jump always has one to start from. */
  checkpointNow(): void {
    const at = this.network.journal.length;
    if (this.checkpoints.at(-1)?.network.journal === at) return;
    this.flush();
    this.checkpoints.push({ network: this.network.checkpoint(), app: this.store.getState() });
  }

  /** Store updates reach React at most once per frame: events wait here until then. */
  private enqueue(stamped: Stamped): void {
    this.pending.push(stamped);
    if (this.flushScheduled || this.travelling) return;
    this.flushScheduled = true;
    this.host.frame(() => {
      this.flushScheduled = false;
      if (!this.disposed && !this.travelling) this.flush();
    });
  }

  flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (this.line === null) this.cursor = this.network.journal.length;
    const cursor = this.cursor;
    if (batch.length > 0) this.store.setState((state) => ({ ...applyEvents(state, batch), cursor }));
    else if (this.store.getState().cursor !== cursor) this.store.setState({ cursor });
    // A checkpoint every so often along the line, while it is the network's own.
    const last = this.checkpoints.at(-1)?.network.journal ?? Number.NEGATIVE_INFINITY;
    if (this.line === null && this.network.journal.length - last >= CHECKPOINT_EVERY) {
      this.checkpoints.push({ network: this.network.checkpoint(), app: this.store.getState() });
    }
  }

  /** Keeps sim time in step with the host's clock while anything is in flight (run mode only). */
  private tick(): void {
    const net = this.network;
    if (this.disposed || this.travelling || net.inStepMode || net.nextEventTime() === null) {
      this.ticking = false;
      return;
    }
    net.advanceTo(this.host.now() - this.startedAt);
    this.host.frame(() => this.tick());
  }

  wake(): void {
    if (this.ticking || this.disposed || this.travelling || this.network.inStepMode) return;
    this.ticking = true;
    this.host.frame(() => this.tick());
  }

  /**
   * Before a person acts: sim time catches up with the clock (a command after a quiet spell is
   * stamped with the time now, not the time of the last message), and after a jump back the
   * future is dropped: acting starts a new one.
   */
  beforeActing(): void {
    if (!this.network.inStepMode) this.network.advanceTo(this.host.now() - this.startedAt);
    if (this.dropped) {
      this.dropped = null;
      this.store.setState({ dropped: false });
    }
    if (this.line === null) return;
    if (!this.inPast) {
      // Back at the end of the line: nothing is dropped, and the network's journal is the line again.
      this.line = null;
      this.store.setState({ pastNext: null });
      return;
    }
    const at = this.cursor;
    const timeline = this.store.getState().timeline;
    this.dropped = { line: this.line, checkpoints: this.checkpoints, at };
    this.line = null;
    this.checkpoints = this.checkpoints.filter((c) => c.network.journal <= at);
    this.store.setState({
      timeline: timeline.filter((entry) => entry.journal <= at),
      pastNext: null,
      dropped: true,
    });
    this.droppedTimeline = timeline;
  }

  /** The run dropped by acting in the past, with the checkpoint of its end (what a saved copy of it holds). */
  get droppedRun(): { readonly line: readonly JournalEntry[]; readonly end: Checkpoint['network'] } | null {
    const dropped = this.dropped;
    const end = dropped?.checkpoints.at(-1)?.network;
    if (!dropped || end?.journal !== dropped.line.length) return null;
    return { line: dropped.line, end };
  }

  /** The timeline as it was before the future was dropped (Undo brings it back). */
  private droppedTimeline: AppState['timeline'] | null = null;

  /** Undo: the run dropped by acting in the past comes back, and the network goes back to where it was. */
  async undoDrop(): Promise<boolean> {
    const dropped = this.dropped;
    if (!dropped || this.travelling) return false;
    this.dropped = null;
    this.line = dropped.line;
    this.checkpoints = dropped.checkpoints;
    if (this.droppedTimeline) this.store.setState({ timeline: this.droppedTimeline });
    this.droppedTimeline = null;
    this.store.setState({ dropped: false });
    return this.travelTo(dropped.at);
  }

  /** In the past: one step forward along the recorded run (its future kept). */
  stepForward(): Promise<boolean> {
    return this.travelTo(this.cursor + 1);
  }

  private markContinuous(address: string, on: boolean): void {
    this.store.setState((state) => ({
      nodes: state.nodes.map((n) => (n.address === address && n.continuous !== on ? { ...n, continuous: on } : n)),
    }));
  }

  private mineAgain(address: string): void {
    this.beforeActing();
    void this.network.run(mineCommand, { address });
    this.wake();
  }

  /** Switches "Mine continuously" for one node; switching it on starts mining if the node is idle. */
  setContinuous(address: string, on: boolean): void {
    const node = this.store.getState().nodes.find((n) => n.address === address);
    if (!node) return;
    this.markContinuous(address, on);
    // Switched off while waiting for idle time: it must not start again if switched back on while
    // a Mine of the person's is under way.
    if (!on) this.continuing.delete(address);
    // Between two blocks the next one is already on its way (see continueMining).
    if (on && node.activity === null && !this.continuing.has(address)) this.mineAgain(address);
  }

  /**
   * Mine continuously: the next block right after this one, once the page has time to spare.
   * Workers mine as fast as they can, but a new block costs the page a little (messages, drawing),
   * so sixteen nodes at a low difficulty would otherwise forge faster than the page can paint.
   * Waiting for idle time lets the frames come first; the timeout keeps every node mining.
   */
  private continueMining(address: string): void {
    this.continuing.add(address);
    this.scheduleContinuing();
  }

  private scheduleContinuing(): void {
    if (this.continuingScheduled || this.continuing.size === 0 || this.disposed) return;
    this.continuingScheduled = true;
    (this.host.idle ?? this.host.frame)(() => {
      this.continuingScheduled = false;
      // Nothing acts on the network during a jump; the waiting nodes wait on (see travelTo).
      if (this.disposed || this.travelling) return;
      // The longest waiting first, a few at a time: their blocks then reach the page over several
      // frames, each with time to spare, rather than all in one. Nodes that no longer mine (the
      // switch turned off, the node down) are dropped without taking a turn.
      let started = 0;
      for (const waiter of this.continuing) {
        if (started === CONTINUING_AT_ONCE) break;
        this.continuing.delete(waiter);
        const node = this.store.getState().nodes.find((n) => n.address === waiter);
        if (!node?.continuous || node.failure) continue;
        this.mineAgain(waiter);
        started++;
      }
      this.scheduleContinuing();
    });
  }

  setStepMode(step: boolean): void {
    this.beforeActing();
    this.network.setMode(step);
    this.startedAt = this.host.now() - this.network.now;
    if (!step) {
      this.setPlaying(false);
      this.wake();
    }
    this.flush();
  }

  /** Opens the next gate (see Network.step). */
  step(count: GuessCount = 1): boolean {
    const net = this.network;
    if (this.travelling || !net.inStepMode || !net.settled) return false;
    this.beforeActing();
    const opened = net.step(count);
    this.flush();
    return opened !== null;
  }

  setPlaying(on: boolean): void {
    const start = on && !this.playing;
    this.playing = on;
    this.store.setState({ playing: on });
    if (start) this.host.frame(() => this.playLoop());
  }

  /** Play: one Step every 1/speed seconds, whenever the nodes are ready for it. */
  private playLoop(): void {
    if (this.disposed || !this.playing) return;
    const now = this.host.now();
    const { speed } = this.store.getState();
    if (
      !this.travelling &&
      this.network.inStepMode &&
      now - this.lastPlayedAt >= 1000 / speed &&
      this.network.settled
    ) {
      this.lastPlayedAt = now;
      // In the past, Play goes on along the recorded run (as Step does), its future kept.
      if (this.inPast) void this.travelTo(this.cursor + 1, { playing: true });
      else this.step();
    }
    this.host.frame(() => this.playLoop());
  }

  /** The line of the run as far as it is recorded (the live journal, or the line with its future). */
  recordedLine(): readonly JournalEntry[] {
    return this.line ?? this.network.journal;
  }

  get position(): number {
    return this.cursor;
  }

  /** After a jump back: the network shows less than the recorded line, whose future is kept. */
  get inPast(): boolean {
    return this.line !== null && this.cursor < this.line.length;
  }

  /**
   * Time travel: the network as it was after the first `target` entries of the line. The network
   * is restored from the checkpoint before it and replays the rest (recorded proofs: no search),
   * in the same workers. It is left in step mode, so that it stays where it was put; the future
   * stays selectable until the person acts.
   */
  async travelTo(target: number, options: { readonly playing?: boolean } = {}): Promise<boolean> {
    const playing = options.playing === true && this.playing;
    if (this.travelling || this.disposed) return false;
    this.dropped = null;
    this.droppedTimeline = null;
    const line = this.recordedLine();
    const to = Math.max(Math.min(INITIAL_NODES, line.length), Math.min(target, line.length));
    // The moment left behind, so that a jump forward to it again is cheap.
    if (this.line === null) this.checkpointNow();
    else this.flush();
    const checkpoint = this.checkpointBefore(to);
    if (!checkpoint) return false;
    this.travelling = true;
    if (!playing) this.setPlaying(false);
    const busy = setTimeout(() => {
      if (this.travelling && !this.disposed) this.store.setState({ replaying: 'rewind' });
    }, BUSY_SHOWN_AFTER_MS);
    const events: Stamped[] = [];
    const stop = this.network.subscribe((event) => events.push({ event, journal: this.network.journal.length }));
    this.pending = [];
    this.continuing.clear();
    const began = this.host.now();
    let restored = began;
    let failed = false;
    try {
      this.network.restore(checkpoint.network, line);
      restored = this.host.now();
      // Held where it was put: a network in run mode would go on by itself.
      await replayJournal(this.network, line, checkpoint.network.journal, to, {
        breather: breather(this.host),
        hold: true,
      });
    } catch (error) {
      // Our own journal always replays; should it not, the network shows how far it got.
      if (!(error instanceof ReplayCancelled)) console.error(error);
      failed = true;
    } finally {
      clearTimeout(busy);
      stop();
      this.travelling = false;
    }
    const replayed = this.host.now();
    this.line = line;
    this.cursor = failed ? Math.min(to, this.network.journal.length) : to;
    this.startedAt = this.host.now() - this.network.now;
    this.store.setState((state) => {
      // Folded as step mode folds them (the network is held in it from here): the Algorithm panel
      // follows the pauses replayed, so that a jump into a resolve shows where it stands. The
      // timeline stays as it was (the whole run's), so none of its entries is made again.
      const base = { ...state, ...networkPart(checkpoint.app), ...(failed ? {} : { stepMode: true }) };
      const rebuilt = applyEvents(base, events, { timeline: 'none' });
      return {
        ...rebuilt,
        // The switches are off: the network is held still in the past.
        nodes: rebuilt.nodes.map((n) => (n.continuous ? { ...n, continuous: false } : n)),
        timeline: state.timeline,
        // The link latency of that moment (a run may change it; its rules stay).
        settings: { ...state.settings, latencyMs: this.network.latency },
        cursor: this.cursor,
        replaying: null,
        // Play goes on from here if it asked for this step and was not paused meanwhile.
        playing: playing && this.playing,
        pastNext: this.cursor < line.length ? entryWords(line[this.cursor] as JournalEntry) : null,
        dropped: false,
      };
    });
    this.pending = [];
    const now = this.host.now();
    this.lastTravel = {
      from: checkpoint.network.journal,
      to,
      restoreMs: restored - began,
      replayMs: replayed - restored,
      storeMs: now - replayed,
      events: events.length,
    };
    return !failed;
  }

  /** What the last jump cost, and where (for bench:travel and docs/performance.md). */
  lastTravel: {
    readonly from: number;
    readonly to: number;
    readonly restoreMs: number;
    readonly replayMs: number;
    readonly storeMs: number;
    readonly events: number;
  } | null = null;

  stepBack(): Promise<boolean> {
    return this.travelTo(this.cursor - 1);
  }

  private checkpointBefore(position: number): Checkpoint | undefined {
    let found: Checkpoint | undefined;
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.network.journal <= position) found = checkpoint;
      else break;
    }
    return found;
  }

  /** The checkpoints along the line (for a run's export, and for tests). */
  get checkpointList(): readonly Checkpoint[] {
    return this.checkpoints;
  }
}
