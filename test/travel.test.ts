import { describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import {
  exportRun,
  mine,
  registerNodes,
  resolve,
  rewindTo,
  setContinuous,
  setLatency,
  setPlaying,
  setSpeed,
} from '../src/store/actions';
import { store } from '../src/store/store';
import { holdNodes, startTestNetwork } from './support/app-host';
import { until } from './support/until';

const RULES: Rules = { proofRule: 'seed', difficulty: 1, resolveRule: 'seed' };

const chains = () => Object.fromEntries(store.getState().nodes.map((n) => [n.address, n.snapshot.hashes]));

/** A network where localhost:5000 mined two blocks, its nodes idle again. */
async function twoBlocks() {
  const sim = startTestNetwork(RULES, 0);
  for (let i = 0; i < 2; i++) {
    const length = store.getState().nodes[0]?.snapshot.length ?? 0;
    mine(sim, 'localhost:5000');
    await until(() => store.getState().nodes[0]?.snapshot.length === length + 1, 'a block mined');
  }
  await until(() => store.getState().nodes.every((n) => n.activity === null), 'the nodes idle');
  return sim;
}

describe('time travel along a recorded line', () => {
  it('jumps back and forth along the same line while nodes were mining continuously', async () => {
    const sim = startTestNetwork(RULES, 20);
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    for (const address of ['localhost:5000', 'localhost:5001', 'localhost:5002']) setContinuous(sim, address, true);
    await until(() => store.getState().nodes.every((n) => n.snapshot.length > 12), 'a dozen blocks each');
    resolve(sim, 'localhost:5000');
    await until(() => (sim.session.network.journal.length ?? 0) > 300, 'three hundred steps');
    for (const address of ['localhost:5000', 'localhost:5001', 'localhost:5002']) setContinuous(sim, address, false);
    await until(() => store.getState().nodes.every((n) => n.activity === null), 'the blocks in hand');
    await new Promise((done) => setTimeout(done, 50));
    const line = sim.session.recordedLine().length;
    const seen = new Map<number, unknown>();
    for (const target of [line - 5, 40, line - 100, 120, line]) {
      expect(await rewindTo(sim, target)).toBe(true);
      // Nothing acted meanwhile: the line is the same, and the network shows its first `target` steps.
      expect(sim.session.recordedLine().length).toBe(line);
      expect(store.getState().cursor).toBe(target);
      expect(sim.session.network.journal.slice(0, target)).toEqual(sim.session.recordedLine().slice(0, target));
      seen.set(target, chains());
      // The switches are off in the past, and stay off.
      expect(store.getState().nodes.every((n) => !n.continuous)).toBe(true);
      await new Promise((done) => setTimeout(done, 30));
      expect(sim.session.recordedLine().length).toBe(line);
    }
    // The same point twice gives the same chains.
    expect(await rewindTo(sim, 40)).toBe(true);
    expect(chains()).toEqual(seen.get(40));
    // Acting in the past drops the future: the line is now the network's own journal.
    mine(sim, 'localhost:5002');
    expect(sim.session.recordedLine().length).toBeLessThan(line);
  });

  it('plays on along the recorded run from the past, its future kept, and acting at its end drops nothing', async () => {
    const sim = await twoBlocks();
    const whole = chains();
    const recorded = [...sim.session.recordedLine()];
    const line = recorded.length;
    expect(await rewindTo(sim, line - 4)).toBe(true);
    expect(store.getState().nodes[0]?.snapshot.length).toBeLessThan(3);
    setSpeed(sim, 20);
    setPlaying(sim, true);
    await until(() => store.getState().cursor === line && !sim.replaying, 'played to the end of the run');
    // Play took the recorded steps: the second block is back, and nothing was dropped.
    expect(chains()).toEqual(whole);
    expect(store.getState().dropped).toBe(false);
    setPlaying(sim, false);
    // Back at the end: a new action drops nothing either (and offers no Undo).
    mine(sim, 'localhost:5001');
    expect(store.getState().dropped).toBe(false);
    expect(sim.session.recordedLine().length).toBeGreaterThan(line);
    expect(sim.session.recordedLine().slice(0, line)).toEqual(recorded);
  });

  it('shows the link latency of the moment it goes back to', async () => {
    const sim = startTestNetwork(RULES, 300);
    mine(sim, 'localhost:5000');
    await until(() => store.getState().nodes[0]?.snapshot.length === 2, 'a block mined');
    const before = sim.session.recordedLine().length;
    setLatency(sim, 100);
    expect(store.getState().settings.latencyMs).toBe(100);
    expect(await rewindTo(sim, before)).toBe(true);
    expect(store.getState().settings.latencyMs).toBe(300);
    expect(await rewindTo(sim, sim.session.recordedLine().length)).toBe(true);
    expect(store.getState().settings.latencyMs).toBe(100);
  });

  it('says an export made in the past holds the run up to the moment shown, and how much of it that is', async () => {
    const sim = await twoBlocks();
    exportRun(sim);
    expect(store.getState().transferDone).toBeNull();
    const line = sim.session.recordedLine().length;
    expect(await rewindTo(sim, line - 3)).toBe(true);
    const file = JSON.parse(exportRun(sim));
    // (The jump itself put the network in step mode: one entry of its own.)
    expect(file.journal.length).toBeLessThan(line);
    expect(store.getState().transferDone).toEqual({
      key: 'run.exportedPast',
      params: { steps: line - 3, total: line },
    });
    // At the end again, an export is the whole run and says nothing more.
    expect(await rewindTo(sim, line)).toBe(true);
    expect(JSON.parse(exportRun(sim)).journal.length).toBeGreaterThanOrEqual(line);
    expect(store.getState().transferDone).toBeNull();
  });

  it('lets nothing act from the first moment of a jump, and shows it busy only once it has lasted', async () => {
    const sim = startTestNetwork(RULES, 0);
    for (let i = 0; i < 4; i++) {
      const length = store.getState().nodes[0]?.snapshot.length ?? 0;
      mine(sim, 'localhost:5000');
      await until(() => store.getState().nodes[0]?.snapshot.length === length + 1, 'a block mined');
    }
    await until(() => store.getState().nodes.every((n) => n.activity === null), 'the nodes idle');
    const line = sim.session.recordedLine().length;

    // A quick jump: refused actions all along, and never a busy page.
    const quick = rewindTo(sim, line - 2);
    expect(sim.replaying).toBe(true);
    expect(store.getState().replaying).toBeNull();
    mine(sim, 'localhost:5001');
    expect(await quick).toBe(true);
    expect(sim.replaying).toBe(false);
    expect(store.getState().replaying).toBeNull();
    expect(sim.session.recordedLine().length).toBe(line);

    // A jump still going after a quarter of a second (its nodes held here) shows it. Holding the
    // page's thread instead left the jump free to end before the page's timer came round.
    const release = holdNodes();
    const slow = rewindTo(sim, line);
    await new Promise((done) => setTimeout(done, 300));
    expect(store.getState().replaying).toBe('rewind');
    release();
    expect(await slow).toBe(true);
    expect(store.getState().replaying).toBeNull();
    expect(store.getState().cursor).toBe(line);
  });
});
