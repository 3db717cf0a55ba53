import type { ConnectNode } from '../core/connection';
import type { Rules } from '../core/rules';
import { Network, type NetworkEvent } from '../sim/network';
import { applyEvents } from './feed';
import { store } from './store';

/** What the store needs from its surroundings; src/main.tsx gives the browser's, tests their own. */
export interface Host {
  readonly connect: ConnectNode;
  /** A monotonic clock in ms: sim time follows it in run mode. */
  now(): number;
  /** Runs a callback before the next paint (requestAnimationFrame in the browser). */
  frame(callback: () => void): void;
  /** The wall clock, in seconds, for the epoch of a new network. */
  wallSeconds(): number;
  /** A seed for the node identifiers of a new network. */
  seed(): number;
}

export const INITIAL_NODES = 3;

let host: Host | null = null;
let network: Network | null = null;
let startedAt = 0;
let pending: NetworkEvent[] = [];
let flushScheduled = false;
let ticking = false;

export function currentNetwork(): Network {
  if (!network) throw new Error('the network has not been started (call startNetwork)');
  return network;
}

/** Sim time now, for drawing messages in flight. */
export function simNow(): number {
  return network?.now ?? 0;
}

/** Store updates reach React at most once per frame: events wait here until then. */
function enqueue(event: NetworkEvent): void {
  pending.push(event);
  if (flushScheduled || !host) return;
  flushScheduled = true;
  host.frame(flush);
}

function flush(): void {
  flushScheduled = false;
  const events = pending;
  pending = [];
  if (events.length > 0) store.setState((state) => applyEvents(state, events));
}

/** Keeps sim time in step with the host's clock while anything is in flight. */
function tick(): void {
  if (!host || !network) return;
  network.advanceTo(host.now() - startedAt);
  if (network.nextEventTime() === null) {
    ticking = false;
    return;
  }
  host.frame(tick);
}

export function wake(): void {
  if (ticking || !host || !network) return;
  ticking = true;
  host.frame(tick);
}

/** Starts a fresh network of three nodes under these rules, replacing any current one. */
export function startNetwork(with_: Host, rules: Rules, latencyMs: number): void {
  network?.dispose();
  pending = [];
  host = with_;
  const next = new Network({
    rules,
    latencyMs,
    connect: with_.connect,
    epochSeconds: with_.wallSeconds(),
    seed: with_.seed(),
  });
  network = next;
  startedAt = with_.now();
  ticking = false;
  next.subscribe((event) => {
    enqueue(event);
    if (event.type === 'sent') wake();
  });
  store.setState((state) => ({
    nodes: [],
    messages: [],
    settings: { rules, latencyMs },
    pendingRules: null,
    generation: state.generation + 1,
    error: null,
  }));
  for (let i = 0; i < INITIAL_NODES; i++) next.addNode();
  flush();
}

export function currentHost(): Host {
  if (!host) throw new Error('the network has not been started');
  return host;
}

/** Delivers what is due now and flushes events at once (tests and step-by-step use). */
export function flushNow(): void {
  if (host && network) network.advanceTo(host.now() - startedAt);
  flush();
}
