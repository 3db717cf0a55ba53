import type { Rules } from '../../src/core/rules';
import { type Host, startNetwork } from '../../src/store/runtime';
import { initialState, store } from '../../src/store/store';
import { inProcessTransport } from '../../src/workers/page/transports';

const timing = { defer: (task: () => void) => setTimeout(task, 0), elapsedMs: () => performance.now() };

/** The store on a fresh network of in-process nodes (same node code as the workers), real time. */
export function startTestNetwork(
  rules: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' },
  latencyMs = 0,
  replayStallMs?: number,
  idle: Host['idle'] = (callback) => setTimeout(callback, 1),
) {
  store.setState(initialState());
  let seed = 41;
  const host: Host = {
    connect: inProcessTransport(timing),
    now: () => performance.now(),
    frame: (callback) => setTimeout(callback, 0),
    idle,
    wallSeconds: () => 1_800_000_000.25,
    seed: () => seed++,
    ...(replayStallMs === undefined ? {} : { replayStallMs }),
  };
  startNetwork(host, rules, latencyMs);
  return host;
}
