import { describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import { moveNode } from '../src/sim/commands';
import { Network } from '../src/sim/network';
import { replayJournal } from '../src/sim/replay';
import { addNode, exportRun, importRun, mine, registerNodes, setStepMode, stepBack } from '../src/store/actions';
import { addRealNode, moveSimulatedNode, realOf } from '../src/store/real-actions';
import type { RealAnswer } from '../src/store/real-nodes';
import { store } from '../src/store/store';
import { inProcessTransport } from '../src/workers/page/transports';
import { startTestNetwork } from './support/app-host';
import { run, tick, timing } from './support/sim';
import { until } from './support/until';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

describe('moving a simulated node to another port', () => {
  it('keeps its chain, pending transactions, neighbours and identifier, and replays the same', async () => {
    const network = new Network({
      rules: RULES,
      connect: inProcessTransport(timing),
      epochSeconds: 1_800_000_000,
      seed: 4,
    });
    for (let i = 0; i < 3; i++) network.addNode();
    await run(network, 'localhost:5001', 'GET', '/mine');
    await run(network, 'localhost:5001', 'POST', '/nodes/register', { nodes: ['localhost:5000'] });
    await run(network, 'localhost:5001', 'POST', '/transactions/new', { sender: 'a', recipient: 'b', amount: 1 });
    const before = network.snapshot('localhost:5001');
    expect(network.run(moveNode, { address: 'localhost:5001', port: 5003 })).toBe('localhost:5003');
    expect(network.addresses()).toEqual(['localhost:5000', 'localhost:5002', 'localhost:5003']);
    const after = network.snapshot('localhost:5003');
    expect(after?.hashes).toEqual(before?.hashes);
    expect(after?.state.nodeIdentifier).toBe(before?.state.nodeIdentifier);
    expect(after?.state.neighbours).toEqual(['localhost:5000']);
    expect(after?.state.pendingTransactions).toHaveLength(1);
    expect(after?.state.address).toBe('localhost:5003');
    // It works at its new address: it mines on its chain.
    await run(network, 'localhost:5003', 'GET', '/mine');
    expect(network.snapshot('localhost:5003')?.length).toBe(3);

    const copy = new Network({
      rules: RULES,
      connect: inProcessTransport(timing),
      epochSeconds: 1_800_000_000,
      seed: 4,
    });
    await replayJournal(copy, network.journal, 0, network.journal.length);
    for (let i = 0; !copy.settled && i < 10_000; i++) await tick();
    expect(copy.addresses()).toEqual(network.addresses());
    expect(copy.snapshot('localhost:5003')?.hashes).toEqual(network.snapshot('localhost:5003')?.hashes);
    network.dispose();
    copy.dispose();
  });

  it('is what a clash with a real node offers; a run with it imports, and one moving onto a running node is refused', async () => {
    const unreachable = async (): Promise<RealAnswer> => ({ ok: false, reason: 'down' });
    const sim = startTestNetwork(RULES, 0, undefined, unreachable);
    mine(sim, 'localhost:5001');
    await until(() => store.getState().nodes[1]?.snapshot.length === 2, 'a block');
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    expect(addRealNode(sim, 'http://localhost:5001')?.key).toBe('real.clash');
    await until(() => sim.session.network.idle('localhost:5001'), 'localhost:5001 to be idle');
    expect(moveSimulatedNode(sim, 'localhost:5001')).toBe('localhost:5003');
    expect(addRealNode(sim, 'http://localhost:5001')).toBeNull();
    expect(realOf(store.getState(), 'http://localhost:5001')).toBeDefined();
    await until(
      () => store.getState().nodes.some((n) => n.address === 'localhost:5003' && n.snapshot.length === 2),
      'the moved node',
    );
    // The next simulated node would take a real node's address: it takes the next free port
    // instead (in step mode too, where a new node is not idle at once).
    expect(addRealNode(sim, 'http://localhost:5004')).toBeNull();
    setStepMode(sim, true);
    addNode(sim);
    await until(() => store.getState().nodes.some((n) => n.address === 'localhost:5005'), 'the added node');
    expect(sim.session.network.addresses()).not.toContain('localhost:5004');
    setStepMode(sim, false);

    const file = exportRun(sim);
    expect(await importRun(sim, file)).toBe(true);
    expect(sim.session.network.addresses()).toEqual([
      'localhost:5000',
      'localhost:5002',
      'localhost:5003',
      'localhost:5005',
    ]);
    const run = JSON.parse(file) as { journal: { t: string; port?: number }[] };
    const move = run.journal.find((e) => e.t === 'move');
    expect(move?.port).toBe(5003);
    if (move) move.port = 5002;
    const onto = JSON.stringify(run);
    expect(await importRun(sim, onto)).toBe(false);
    expect(store.getState().transferError?.key).toBe('run.portTaken');
  });

  it('tells an imported network of the real nodes on the page, and drops the future when one is added in the past', async () => {
    const unreachable = async (): Promise<RealAnswer> => ({ ok: false, reason: 'down' });
    const sim = startTestNetwork(RULES, 0, undefined, unreachable);
    mine(sim, 'localhost:5000');
    await until(() => store.getState().nodes[0]?.snapshot.length === 2, 'a block');
    const before = exportRun(sim);
    expect(addRealNode(sim, 'http://127.0.0.1:6200')).toBeNull();
    // A run that never heard of it: the page's real node joins it when it is imported.
    expect(await importRun(sim, before)).toBe(true);
    expect(sim.session.network.isOutside('localhost:6200')).toBe(true);
    expect(store.getState().real.map((r) => r.url)).toEqual(['http://127.0.0.1:6200']);

    // Back in time, a real node added is an action: the future is dropped, the entry stays.
    mine(sim, 'localhost:5001');
    await until(() => store.getState().nodes[1]?.snapshot.length === 2, 'a second block');
    expect(await stepBack(sim)).toBe(true);
    expect(addRealNode(sim, 'http://127.0.0.1:6201')).toBeNull();
    expect(sim.session.recordedLine().at(-1)).toMatchObject({ t: 'real', host: 'localhost:6201', joined: true });
    expect(sim.session.network.isOutside('localhost:6201')).toBe(true);
  });
});
