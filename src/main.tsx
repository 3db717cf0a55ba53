import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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
  },
  store,
);
const { rules, latencyMs } = store.getState().settings;
simulator.start(rules, latencyMs);
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
