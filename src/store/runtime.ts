import type { ConnectNode, GuessCount } from '../core/connection';
import { endpointOf } from '../core/http';
import type { Rules } from '../core/rules';
import type { JournalEntry } from '../sim/journal';
import { Network } from '../sim/network';
import { applyEvents, type Stamped } from './feed';
import { RUN_FORMAT, RUN_VERSION, type RunFile, readRunFile, writeRunFile } from './run-file';
import type { AppState, TimelineEntry } from './state';
import { initialState, store } from './store';

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
  /** How long a replay may make no progress before it is given up (default 20 s). */
  readonly replayStallMs?: number;
}

export const INITIAL_NODES = 3;
/** A replay that makes no progress for this long does not match what the nodes do. */
const STALL_MS = 20_000;

let host: Host | null = null;
let network: Network | null = null;
let unsubscribe: () => void = () => {};
let startedAt = 0;
let pending: Stamped[] = [];
let flushScheduled = false;
let ticking = false;
let playing = false;
let lastPlayedAt = 0;
let looping = false;
/**
 * The recorded line of the run. After a rewind the network shows only a prefix of it (`cursor`
 * entries); the rest is the future, which stays selectable until the person acts.
 */
let line: readonly JournalEntry[] = [];
let cursor = 0;
let rewound = false;

export function currentNetwork(): Network {
  if (!network) throw new Error('the network has not been started (call startNetwork)');
  return network;
}

function mineAgain(address: string): void {
  catchUp();
  void network?.command(address, { method: 'GET', path: '/mine' });
  wake();
}

function markContinuous(address: string, on: boolean): void {
  store.setState((state) => ({
    nodes: state.nodes.map((n) => (n.address === address && n.continuous !== on ? { ...n, continuous: on } : n)),
  }));
}

/** Switches "Mine continuously" for one node; switching it on starts mining if the node is idle. */
export function setContinuous(address: string, on: boolean): void {
  const node = store.getState().nodes.find((n) => n.address === address);
  if (!node) return;
  markContinuous(address, on);
  // Switched off while waiting for idle time: it must not start again if switched back on while
  // a Mine of the person's is under way.
  if (!on) continuing.delete(address);
  // Between two blocks the next one is already on its way (see continueMining).
  if (on && node.activity === null && continuing.get(address) !== network) {
    beforeActing();
    mineAgain(address);
  }
}

export function currentHost(): Host {
  if (!host) throw new Error('the network has not been started');
  return host;
}

/** Sim time now, for drawing messages in flight. */
export function simNow(): number {
  return network?.now ?? 0;
}

/** Store updates reach React at most once per frame: events wait here until then. */
function enqueue(stamped: Stamped): void {
  pending.push(stamped);
  if (flushScheduled || !host) return;
  flushScheduled = true;
  host.frame(flush);
}

function flush(): void {
  flushScheduled = false;
  const batch = pending;
  pending = [];
  if (!rewound && network) cursor = network.journal.length;
  if (batch.length > 0) store.setState((state) => ({ ...applyEvents(state, batch), cursor }));
  else store.setState({ cursor });
}

/** Keeps sim time in step with the host's clock while anything is in flight (run mode only). */
function tick(): void {
  if (!host || !network || network.inStepMode || network.nextEventTime() === null) {
    ticking = false;
    return;
  }
  network.advanceTo(host.now() - startedAt);
  host.frame(tick);
}

/**
 * Brings sim time up to the host's clock before something happens in run mode. The clock only
 * ticks by itself while messages are in flight: without this, a command after a quiet spell would
 * be stamped with the time of the last message (its block's timestamp, its neighbour requests'
 * deadlines, and so a resolve whose requests all time out at once).
 */
function catchUp(): void {
  if (host && network && !network.inStepMode) network.advanceTo(host.now() - startedAt);
}

export function wake(): void {
  if (ticking || !host || !network || network.inStepMode) return;
  ticking = true;
  host.frame(tick);
}

function attach(next: Network): void {
  unsubscribe();
  network = next;
  unsubscribe = next.subscribe((event) => {
    enqueue({ event, journal: next.journal.length });
    if (event.type === 'sent') wake();
    if (event.type === 'exchange' && event.origin === 'user' && endpointOf(event.request) === '/mine') {
      if (event.response.status === 200 && event.snapshot !== null) continueMining(next, event.address);
      // A mine that failed ends continuous mining: the switch must not claim a loop that stopped.
      else markContinuous(event.address, false);
    }
  });
}

/**
 * Nodes mining continuously that have just forged a block, waiting to start the next, each with
 * its network (a rewind or an import may swap the network in the meantime).
 */
let continuing = new Map<string, Network>();
let continuingScheduled = false;
let continuingTicket = 0;
/** How many waiting nodes start their next block in one moment of idle time. */
export const CONTINUING_AT_ONCE = 4;

/**
 * Mine continuously: the next block right after this one, once the page has time to spare.
 * Workers mine as fast as they can, but a new block costs the page a little (messages, drawing),
 * so sixteen nodes at a low difficulty would otherwise forge faster than the page can paint.
 * Waiting for idle time lets the frames come first; the timeout keeps every node mining.
 */
function continueMining(on: Network, address: string): void {
  continuing.set(address, on);
  scheduleContinuing();
}

function scheduleContinuing(): void {
  if (continuingScheduled || !host || continuing.size === 0) return;
  continuingScheduled = true;
  const ticket = continuingTicket;
  (host.idle ?? host.frame)(() => {
    // A fresh network has a queue of its own (and may have asked for idle time already).
    if (ticket !== continuingTicket) return;
    continuingScheduled = false;
    // Nothing acts on the network during a replay. The waiting nodes wait on: the replay's end
    // asks again (see replayEnded); if the replay takes the network's place, they are dropped then.
    if (isReplaying()) return;
    // The longest waiting first, a few at a time: their blocks then reach the page over several
    // frames, each with time to spare, rather than all in one. Entries that no longer mine (the
    // switch turned off, the node down, an older network) are dropped without taking a turn.
    let started = 0;
    for (const [waiter, of] of continuing) {
      if (started === CONTINUING_AT_ONCE) break;
      continuing.delete(waiter);
      const node = store.getState().nodes.find((n) => n.address === waiter);
      if (network !== of || !node?.continuous || node.failure) continue;
      mineAgain(waiter);
      started++;
    }
    scheduleContinuing();
  });
}

/** A fresh network's state: everything starts anew but the person's language and play speed. */
function baseState(state: AppState, rules: Rules, latencyMs: number): AppState {
  return {
    ...initialState(),
    settings: { rules, latencyMs },
    language: state.language,
    speed: state.speed,
    generation: state.generation + 1,
  };
}

/** Starts a fresh network of three nodes under these rules, replacing any current one. */
export function startNetwork(with_: Host, rules: Rules, latencyMs: number): void {
  network?.dispose();
  pending = [];
  continuing = new Map();
  continuingScheduled = false;
  continuingTicket++;
  host = with_;
  playing = false;
  rewound = false;
  const next = new Network({
    rules,
    latencyMs,
    connect: with_.connect,
    epochSeconds: with_.wallSeconds(),
    seed: with_.seed(),
  });
  attach(next);
  startedAt = with_.now();
  ticking = false;
  store.setState((state) => baseState(state, rules, latencyMs));
  for (let i = 0; i < INITIAL_NODES; i++) next.addNode();
  flush();
  if (!looping) {
    looping = true;
    host.frame(playLoop);
  }
}

/** Whether a rewind or an import is being replayed: then nothing else may act on the network. */
export function isReplaying(): boolean {
  return store.getState().replaying !== null;
}

/**
 * Before a person acts: sim time catches up with the clock (see catchUp), and after a rewind the
 * future is dropped: acting starts a new one.
 */
export function beforeActing(): void {
  catchUp();
  if (!rewound || !network) return;
  rewound = false;
  line = [];
  const at = cursor;
  store.setState((state) => ({ timeline: state.timeline.filter((entry) => entry.journal <= at) }));
}

export function setStepMode(step: boolean): void {
  const net = currentNetwork();
  beforeActing();
  net.setMode(step);
  startedAt = currentHost().now() - net.now;
  if (!step) {
    playing = false;
    store.setState({ playing: false });
    wake();
  }
  flush();
}

/** Opens the next gate (see Network.step). */
export function step(count: GuessCount = 1): boolean {
  const net = currentNetwork();
  if (!net.inStepMode || !net.settled) return false;
  beforeActing();
  const opened = net.step(count);
  flush();
  return opened !== null;
}

export function setPlaying(on: boolean): void {
  playing = on;
  store.setState({ playing: on });
}

export function setSpeed(stepsPerSecond: number): void {
  store.setState({ speed: stepsPerSecond });
}

/** Play: one Step every 1/speed seconds, whenever the nodes are ready for it. */
function playLoop(): void {
  if (!host) return;
  const now = host.now();
  const { speed } = store.getState();
  if (playing && network?.inStepMode && now - lastPlayedAt >= 1000 / speed && network.settled) {
    lastPlayedAt = now;
    step();
  }
  host.frame(playLoop);
}

/** The line of the run as far as it is recorded (the live journal, or the line with its future). */
function recordedLine(): readonly JournalEntry[] {
  return rewound ? line : currentNetwork().journal;
}

/** Time travel: the network as it was after the first `length` journal entries, made again by replay. */
export async function rewindTo(length: number): Promise<void> {
  const net = currentNetwork();
  if (store.getState().replaying) return;
  const full = recordedLine();
  const target = Math.max(Math.min(INITIAL_NODES, full.length), Math.min(length, full.length));
  const outcome = await replayInto(
    full.slice(0, target),
    {
      rules: net.rules,
      latencyMs: net.initialLatencyMs,
      epochSeconds: net.epochSeconds,
      seed: net.seed,
    },
    'rewind',
  );
  if (!outcome) return;
  line = full;
  rewound = target < full.length;
  cursor = target;
  const future = store
    .getState()
    .timeline.toArray()
    .filter((entry) => entry.journal > target);
  swapIn(outcome.replica, outcome.buffered, future);
}

export function stepBack(): Promise<void> {
  return rewindTo(cursor - 1);
}

interface Replayed {
  readonly replica: Network;
  readonly buffered: Stamped[];
}

interface Origin {
  readonly rules: Rules;
  readonly latencyMs: number;
  readonly epochSeconds: number;
  readonly seed: number;
}

/** Replays a journal into a new network beside the current one; null if it stalls. */
async function replayInto(
  journal: readonly JournalEntry[],
  origin: Origin,
  why: 'rewind' | 'import',
): Promise<Replayed | null> {
  const with_ = currentHost();
  store.setState({ replaying: why, playing: false });
  playing = false;
  const replica = new Network({ ...origin, connect: with_.connect });
  const buffered: Stamped[] = [];
  const stop = replica.subscribe((event) => buffered.push({ event, journal: replica.journal.length }));
  let lastProgress = with_.now();
  let stalled = false;
  const watchdog = new Promise<void>((done) => {
    const watch = () => {
      if (stalled) return;
      if (with_.now() - lastProgress > (with_.replayStallMs ?? STALL_MS)) {
        stalled = true;
        done();
        return;
      }
      with_.frame(watch);
    };
    with_.frame(watch);
  });
  const replay = replica.replay(journal, () => {
    lastProgress = with_.now();
  });
  // A journal the nodes cannot follow either stalls (the watchdog) or throws (say, a 17th node).
  const failed = await Promise.race([replay.then(() => false), watchdog.then(() => true)]).catch(() => true);
  if (failed) {
    stalled = true;
    stop();
    replica.dispose();
    replayEnded();
    return null;
  }
  stalled = true; // stops the watchdog
  if (!replica.inStepMode && why === 'rewind') replica.setMode(true);
  stop();
  return { replica, buffered };
}

/** A replay is over and the network stays as it was: the nodes waiting to mine go on. */
function replayEnded(): void {
  store.setState({ replaying: null });
  scheduleContinuing();
}

function swapIn(replica: Network, buffered: Stamped[], future: readonly TimelineEntry[]): void {
  network?.dispose();
  pending = [];
  // The nodes that waited to mine belonged to the network that goes (its switches go with it).
  continuing = new Map();
  continuingScheduled = false;
  continuingTicket++;
  attach(replica);
  startedAt = currentHost().now() - replica.now;
  store.setState((state) => {
    const base = baseState(state, replica.rules, replica.latency);
    const rebuilt = applyEvents(base, buffered);
    return {
      ...rebuilt,
      stepMode: replica.inStepMode,
      timeline: rebuilt.timeline.appended(future, Number.POSITIVE_INFINITY),
      cursor,
    };
  });
  wake();
}

/** Each node's chain, as its block hashes: what a run file promises its replay makes. */
function chainsOf(net: Network): Record<string, readonly string[]> {
  return Object.fromEntries(net.addresses().map((address) => [address, net.snapshot(address)?.hashes ?? []]));
}

/** The run so far, as a file that imports and replays to the same chains. */
export function exportRun(): string {
  const net = currentNetwork();
  const chains = chainsOf(net);
  const run: RunFile = {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    rules: net.rules,
    epochSeconds: net.epochSeconds,
    seed: net.seed,
    latencyMs: net.initialLatencyMs,
    journal: net.journal,
    chains,
  };
  return writeRunFile(run);
}

/**
 * Imports an exported run: it is replayed beside the current network, and only if it makes the
 * chains it records does it take the current network's place. Otherwise a message says why.
 */
export async function importRun(text: string): Promise<boolean> {
  const read = readRunFile(text);
  if (!read.ok) {
    store.setState({
      transferError:
        read.problem === null ? { key: 'run.badJson' } : { key: 'run.badFormat', params: { problem: read.problem } },
    });
    return false;
  }
  const { run } = read;
  if (store.getState().replaying) return false;
  const outcome = await replayInto(run.journal, run, 'import');
  if (!outcome) {
    store.setState({ transferError: { key: 'run.stuck' } });
    return false;
  }
  if (JSON.stringify(chainsOf(outcome.replica)) !== JSON.stringify(run.chains)) {
    outcome.replica.dispose();
    store.setState({ transferError: { key: 'run.tampered' } });
    replayEnded();
    return false;
  }
  rewound = false;
  line = [];
  cursor = outcome.replica.journal.length;
  swapIn(outcome.replica, outcome.buffered, []);
  store.setState({ transferError: null });
  return true;
}
