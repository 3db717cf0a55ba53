import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startNetwork } from './store/runtime';
import { store } from './store/store';
import { App } from './ui/App';
import './ui/styles.css';
import { connectWorkerNode } from './workers/transports';

// The one place that wires the Worker transport into the sim (DESIGN.md, Layers).
const { rules, latencyMs } = store.getState().settings;
startNetwork(
  {
    connect: connectWorkerNode,
    now: () => performance.now(),
    frame: (callback) => requestAnimationFrame(() => callback()),
    idle: (callback) => requestIdleCallback(() => callback(), { timeout: 200 }),
    wallSeconds: () => Date.now() / 1000,
    seed: () => crypto.getRandomValues(new Uint32Array(1))[0] ?? 1,
  },
  rules,
  latencyMs,
);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
