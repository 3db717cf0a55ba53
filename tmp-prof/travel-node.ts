import { readFileSync } from 'node:fs';
import { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { inProcessTransport } from '../src/workers/page/transports';

const text = readFileSync(process.argv[2] ?? '/tmp/big-run.json', 'utf8');
const timing = { defer: (task: () => void) => setImmediate(task), elapsedMs: () => performance.now() };
const sim = new Simulator(
  { connect: inProcessTransport(timing), now: () => performance.now(), frame: (cb) => setTimeout(cb, 0), wallSeconds: () => 1_800_000_000, seed: () => 7 },
  store,
);
sim.start({ proofRule: 'seed', difficulty: 3, resolveRule: 'seed' }, 300);
console.log('import', await sim.importRun(text));
const line = sim.session.recordedLine().length;
let seed = 3;
for (let i = 0; i < 12; i++) {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  const target = 3 + (seed % (line - 3));
  const t0 = performance.now();
  const net = sim.session.network;
  await sim.session.travelTo(target);
  console.log(target, (performance.now() - t0).toFixed(0), 'ms', JSON.stringify(sim.session.lastTravel));
}
process.exit(0);
