import { readFileSync } from 'node:fs';
import { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { inProcessTransport } from '../src/workers/page/transports';

const text = readFileSync(process.argv[2] ?? '/tmp/big-run.json', 'utf8');
const timing = { defer: (task: () => void) => setImmediate(task), elapsedMs: () => performance.now() };
const sim = new Simulator(
  {
    connect: inProcessTransport(timing),
    now: () => performance.now(),
    frame: (cb) => setTimeout(cb, 0),
    wallSeconds: () => 1_800_000_000,
    seed: () => 7,
  },
  store,
);
sim.start({ proofRule: 'seed', difficulty: 3, resolveRule: 'seed' }, 300);
const t0 = performance.now();
const ok = await sim.importRun(text);
console.log(
  'import',
  ok,
  ((performance.now() - t0) / 1000).toFixed(2),
  's',
  JSON.stringify(store.getState().transferError),
);
sim.dispose();
process.exit(0);
