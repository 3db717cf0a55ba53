import type { Rules } from '../../src/core/rules';
import type { Host } from '../../src/store/session';
import { Simulator } from '../../src/store/simulator';
import { initialState, store } from '../../src/store/store';
import { inProcessTransport } from '../../src/workers/page/transports';

/** Messages to and from the in-process nodes, while holdNodes holds them. */
let held: (() => void)[] | null = null;
const timing = {
  defer: (task: () => void) => {
    if (held) held.push(task);
    else setTimeout(task, 0);
  },
  elapsedMs: () => performance.now(),
};

/**
 * Holds every message to and from the in-process nodes (a jump then lasts as long as a test
 * wants); the function returned lets them go, in order.
 */
export function holdNodes(): () => void {
  held ??= [];
  return () => {
    const tasks = held ?? [];
    held = null;
    for (const task of tasks) setTimeout(task, 0);
  };
}

/** The simulator a test started last: the next one stops it, so no test leaves nodes running. */
let last: Simulator | null = null;

/** The store on a fresh network of in-process nodes (same node code as the workers), real time. */
export function startTestNetwork(
  rules: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' },
  latencyMs = 0,
  idle: Host['idle'] = (callback) => setTimeout(callback, 1),
  askReal?: Host['askReal'],
): Simulator {
  last?.dispose();
  // A test that failed while it held the nodes does not hold the next one's.
  held = null;
  store.setState(initialState());
  let seed = 41;
  const host: Host = {
    connect: inProcessTransport(timing),
    now: () => performance.now(),
    frame: (callback) => setTimeout(callback, 0),
    idle,
    wallSeconds: () => 1_800_000_000.25,
    seed: () => seed++,
    ...(askReal ? { askReal } : {}),
  };
  const simulator = new Simulator(host, store);
  simulator.start(rules, latencyMs);
  last = simulator;
  return simulator;
}
