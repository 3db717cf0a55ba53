import { createStore, del, get, keys, promisifyRequest, set } from 'idb-keyval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { openRunLink } from './store/actions';
import { Autosave, type TabPlace } from './store/autosave';
import { startLesson } from './store/lesson-actions';
import { watchRealNodes } from './store/real-actions';
import { relayAsk } from './store/real-ask';
import { LINK_PREFIX } from './store/run-link';

const LESSON_PREFIX = '#lesson=';

import { type RunStorage, SavedRuns } from './store/saved-runs';
import { Simulator } from './store/simulator';
import { store } from './store/store';
import { App } from './ui/App';
import { SimulatorProvider } from './ui/simulator';
import './ui/styles.css';
import { connectWorkerNode } from './workers/page/transports';

/**
 * Runs a callback in a frame with half of it to spare (8 ms), or after 200 ms whatever happens:
 * the page stays ahead of the work it takes on.
 */
function whenIdle(callback: () => void): void {
  // Some engines (Safari) have no requestIdleCallback: then at the next frame.
  if (typeof requestIdleCallback !== 'function') {
    requestAnimationFrame(() => callback());
    return;
  }
  const started = performance.now();
  const wait = () =>
    requestIdleCallback(
      (deadline) => {
        if (deadline.timeRemaining() >= 8 || deadline.didTimeout || performance.now() - started >= 200) callback();
        else wait();
      },
      { timeout: Math.max(1, 200 - (performance.now() - started)) },
    );
  wait();
}

// The one place that wires the Worker transport into the sim (DESIGN.md, Layers).
const simulator = new Simulator(
  {
    connect: connectWorkerNode,
    now: () => performance.now(),
    frame: (callback) => requestAnimationFrame(() => callback()),
    idle: whenIdle,
    wallSeconds: () => Date.now() / 1000,
    seed: () => crypto.getRandomValues(new Uint32Array(1))[0] ?? 1,
    askReal: relayAsk(),
  },
  store,
);
const { rules, latencyMs } = store.getState().settings;
simulator.start(rules, latencyMs);
watchRealNodes(simulator);

/** Saved runs in IndexedDB, in a database of their own. */
function idbRunStorage(): RunStorage {
  const runs = createStore('chainscope', 'runs');
  // Opened now: opening takes the page several turns, which a page being left does not get, so a
  // first save on leaving (a reload within a second of the first change) found no database.
  runs('readonly', (store) => promisifyRequest(store.count())).catch(() => {});
  return {
    get: (key) => get(key, runs),
    set: (key, value) => set(key, value, runs),
    setMany: (entries) =>
      runs('readwrite', (store) => {
        for (const [key, value] of entries) store.put(value, key);
        // Committed now, without waiting for the page to hear that each put is done: a page
        // being reloaded may never hear it.
        store.transaction.commit?.();
        return promisifyRequest(store.transaction);
      }),
    del: (key) => del(key, runs),
    keys: async () => (await keys(runs)).map(String),
  };
}

/** This tab's run: its id kept in the tab across a reload, and a lock on it while the tab is open. */
function tabPlace(): TabPlace {
  const KEY = 'chainscope-run';
  let release: (() => void) | null = null;
  return {
    read: () => {
      try {
        return sessionStorage.getItem(KEY);
      } catch {
        return null;
      }
    },
    write: (id) => {
      try {
        sessionStorage.setItem(KEY, id);
      } catch {
        // Without session storage a reload starts afresh; the run is still saved and listed.
      }
    },
    claim: (id) => {
      if (!('locks' in navigator)) return Promise.resolve(true);
      return new Promise((claimed) => {
        void navigator.locks.request(`chainscope-run-${id}`, { ifAvailable: true }, (lock) => {
          if (!lock) {
            claimed(false);
            return;
          }
          release?.();
          claimed(true);
          // Held until this tab takes another run, or closes.
          return new Promise<void>((done) => {
            release = done;
          });
        });
      });
    },
  };
}

/**
 * The hash rate measured on this machine is the machine's, not a run's: kept across a reload, so
 * that the Difficulty list quotes how long a block takes here at once (a lesson asks to look).
 */
function keepMeasuredRate(): void {
  const KEY = 'chainscope-measured-rate';
  try {
    const rate = Number(localStorage.getItem(KEY));
    if (rate > 0 && Number.isFinite(rate) && store.getState().measuredRate === null)
      store.setState({ measuredRate: rate });
  } catch {
    // Without local storage the list quotes times once a block has been mined.
  }
  store.subscribe((state, before) => {
    if (state.measuredRate === before.measuredRate || state.measuredRate === null) return;
    try {
      localStorage.setItem(KEY, String(state.measuredRate));
    } catch {
      // As above.
    }
  });
}

// Runs are kept across a reload (not in the benchmarks' probe pages, which measure the page alone).
if (!new URLSearchParams(location.search).has('probe')) {
  keepMeasuredRate();
  const autosave = new Autosave(simulator, new SavedRuns(idbRunStorage()), tabPlace(), {
    now: () => Date.now(),
    random: () => (crypto.getRandomValues(new Uint32Array(1))[0] ?? 1) / 2 ** 32,
    later: (task, ms) => setTimeout(task, ms),
  });
  simulator.saved = autosave;
  void autosave.start().then(openLink);
  // Leaving or hiding the page saves what the last second changed.
  addEventListener('pagehide', () => void autosave.saveNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void autosave.saveNow();
  });
} else void openLink();

/**
 * A link with a run in it (#run=…) opens that run, one with a lesson (#lesson=id) starts that
 * lesson; the fragment then goes, so that a reload keeps the tab's run.
 */
async function openLink(): Promise<void> {
  const fragment = location.hash;
  const lesson = fragment.startsWith(LESSON_PREFIX) ? fragment.slice(LESSON_PREFIX.length) : null;
  if (!fragment.startsWith(LINK_PREFIX) && lesson === null) return;
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (lesson !== null) startLesson(simulator, decodeURIComponent(lesson));
  else await openRunLink(simulator, fragment);
}
window.addEventListener('hashchange', () => void openLink());
// Benchmarks (bench/travel.ts) drive time travel and import directly, with ?probe in the address.
if (new URLSearchParams(location.search).has('probe')) Object.assign(window, { chainscope: simulator });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SimulatorProvider simulator={simulator}>
      <App />
    </SimulatorProvider>
  </StrictMode>,
);
