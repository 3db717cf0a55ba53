import { describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import { automatic, heal, partition, power, register } from '../src/sim/commands';
import { Network } from '../src/sim/network';
import { replayJournal } from '../src/sim/replay';
import { inProcessTransport } from '../src/workers/page/transports';
import { drive, quiet } from './support/drive';
import { timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

function makeNetwork(nodes: number) {
  const network = new Network({
    rules: RULES,
    connect: inProcessTransport(timing),
    epochSeconds: 1_800_000_000.5,
    seed: 21,
    latencyMs: 50,
    report: true,
  });
  for (let i = 0; i < nodes; i++) network.addNode();
  return network;
}

const lengths = (network: Network) => network.addresses().map((a) => network.snapshot(a)?.length ?? 0);
const heads = (network: Network) => new Set(network.addresses().map((a) => network.snapshot(a)?.hashes.at(-1)));

async function connectAll(network: Network) {
  for (const a of network.addresses()) {
    void network.run(register, { address: a, nodes: network.addresses().filter((b) => b !== a) });
  }
  await quiet(network);
}

describe('the automatic mode', () => {
  it('mines at each node’s hash power from a start of its own, and stops when switched off', async () => {
    const network = makeNetwork(3);
    await connectAll(network);
    for (const address of network.addresses()) network.run(power, { address, guesses: 100 });
    network.run(automatic, { on: true, resolveEveryMs: 1_000 });
    await drive(network, () => Math.min(...lengths(network)) >= 6, 600_000);
    expect(Math.min(...lengths(network))).toBeGreaterThanOrEqual(6);
    // Each search began at its own seeded start, written in the journal.
    const starts = network.journal.flatMap((e) => (e.t === 'search' ? [e.from] : []));
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts.some((from) => from > 1_000_000)).toBe(true);
    // Blocks come about 256 guesses / 100 per s = 2.56 s apart per node: not all at once.
    const forged = network.journal.flatMap((e) => (e.t === 'forge' ? [e.at] : []));
    expect(new Set(forged).size).toBe(forged.length);

    // Switched off, what is under way ends, and nothing new starts.
    network.run(automatic, { on: false, resolveEveryMs: 1_000 });
    const entries = network.journal.length;
    await drive(network, () => false, network.now + 60_000);
    expect(network.nextEventTime()).toBe(null);
    expect(network.journal.slice(entries).filter((e) => e.t === 'search' || e.t === 'forge')).toEqual([]);
    network.dispose();
  });

  it('forks when the network is cut, converges when it heals, and replays byte for byte', async () => {
    const network = makeNetwork(4);
    await connectAll(network);
    network.run(automatic, { on: true, resolveEveryMs: 1_000 });
    for (const address of network.addresses()) network.run(power, { address, guesses: 200 });
    network.run(partition, { side: ['localhost:5000', 'localhost:5001'] });
    await drive(network, () => Math.min(...lengths(network)) >= 5, 600_000);
    // Two sides, two chains.
    const cut = network.now;
    await drive(network, () => false, cut + 3_000);
    expect(heads(network).size).toBeGreaterThanOrEqual(2);
    network.run(heal, {});
    network.run(power, { address: 'localhost:5000', guesses: 1 });
    network.run(power, { address: 'localhost:5001', guesses: 1 });
    network.run(power, { address: 'localhost:5002', guesses: 1 });
    network.run(power, { address: 'localhost:5003', guesses: 1 });
    // Mining nearly stops (a block every 256 s); resolves every second bring everyone to one chain.
    await drive(network, () => heads(network).size === 1, network.now + 20_000);
    expect(heads(network).size).toBe(1);
    network.run(automatic, { on: false, resolveEveryMs: 1_000 });
    await quiet(network);

    const copy = makeNetwork(0);
    await replayJournal(copy, network.journal, 0, network.journal.length);
    await quiet(copy);
    expect(copy.addresses().map((a) => copy.snapshot(a)?.hashes)).toEqual(
      network.addresses().map((a) => network.snapshot(a)?.hashes),
    );
    expect(copy.journal).toEqual(network.journal);
    copy.dispose();
    network.dispose();
  });
});
