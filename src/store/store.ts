import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Rules } from '../core/rules';
import { DEFAULT_RESOLVE_EVERY_MS } from '../sim/automatic';
import { DEFAULT_LATENCY_MS } from '../sim/network';
import { Recent } from './recent';
import type { AppState } from './state';

/** What a fresh page starts with: the tutorial's own proof rule, four zeros, claimed lengths. */
export const DEFAULT_RULES: Rules = { proofRule: 'seed', difficulty: 4, resolveRule: 'seed' };

export function initialState(): AppState {
  return {
    seq: 0,
    nodes: [],
    messages: [],
    links: { latencyMs: DEFAULT_LATENCY_MS, offline: [], cut: [], lossPercent: 0 },
    auto: { on: false, resolveEveryMs: DEFAULT_RESOLVE_EVERY_MS, power: [], nodes: [] },
    settings: { rules: DEFAULT_RULES, latencyMs: DEFAULT_LATENCY_MS },
    pendingRules: null,
    language: 'en',
    generation: 0,
    error: null,
    stepMode: false,
    next: null,
    settled: true,
    steppable: false,
    focus: null,
    timeline: Recent.of([]),
    cursor: 0,
    playing: false,
    speed: 2,
    replaying: null,
    progress: null,
    transferError: null,
    transferDone: null,
    real: [],
    openedBlock: null,
    seenBlock: null,
    storageProblem: null,
    measuredRate: null,
    chainEnd: null,
    selected: null,
    presenting: false,
    overview: false,
    pastNext: null,
    dropped: false,
    dialog: null,
    lesson: null,
    hinted: false,
  };
}

export type AppStore = StoreApi<AppState>;

/** The one store (vanilla zustand): fed by the sim, read by the UI, changed by actions.ts. */
export const store = createStore<AppState>()(() => initialState());
