import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../src/core/http';
import { parseJson } from '../src/core/json/read';
import type { JsonObject } from '../src/core/json/value';
import type { Rules } from '../src/core/rules';
import { behaviour, cutLink, heal, loss, mine, partition, publish, register, resolve } from '../src/sim/commands';
import { Network } from '../src/sim/network';
import { replayJournal } from '../src/sim/replay';
import { inProcessTransport } from '../src/workers/page/transports';
import { answerOf, tick, timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

function makeNetwork(nodes = 3) {
  const network = new Network({
    rules: RULES,
    connect: inProcessTransport(timing),
    epochSeconds: 1_800_000_000.5,
    seed: 11,
    timeoutMs: 2_000,
  });
  for (let i = 0; i < nodes; i++) network.addNode();
  return network;
}

/** A command's answer, read as JSON. */
async function answer(network: Network, pending: Promise<HttpResponse>): Promise<JsonObject> {
  return parseJson((await answerOf(network, pending)).body) as JsonObject;
}

async function settle(network: Network): Promise<void> {
  for (let i = 0; !network.settled && i < 10_000; i++) await tick();
}

const chains = (network: Network) => network.addresses().map((a) => network.snapshot(a)?.hashes);

/** Everyone registers everyone. */
async function connectAll(network: Network) {
  for (const a of network.addresses()) {
    const nodes = network.addresses().filter((b) => b !== a);
    await answer(network, network.run(register, { address: a, nodes }));
  }
}

describe('misbehaving nodes and lossy links, on the network', () => {
  it('skips an offline neighbour after its timeout, with the reason, and reaches it again once honest', async () => {
    const network = makeNetwork(2);
    const lost: string[] = [];
    const skips: string[] = [];
    network.subscribe((e) => {
      if (e.type === 'lost') lost.push(`${e.message.kind} ${e.why}`);
      if (e.type === 'trace' && e.step.kind === 'skip') skips.push(e.step.code);
    });
    await connectAll(network);
    await answer(network, network.run(mine, { address: 'localhost:5001' }));
    await answer(network, network.run(behaviour, { address: 'localhost:5001', behaviour: 'offline' }));
    expect(network.linksState.offline).toEqual(['localhost:5001']);
    // The page hears of it (the node's state, its chain aside, goes with the answer when it changed).
    expect(network.snapshot('localhost:5001')?.state.behaviour).toEqual({ kind: 'offline' });
    expect((await answer(network, network.run(resolve, { address: 'localhost:5000' }))).message).toBe(
      'Our chain is authoritative',
    );
    expect(lost).toEqual(['request offline']);
    expect(skips).toEqual(['timeout']);
    await answer(network, network.run(behaviour, { address: 'localhost:5001', behaviour: 'honest' }));
    expect((await answer(network, network.run(resolve, { address: 'localhost:5000' }))).message).toBe(
      'Our chain was replaced',
    );
  });

  it('forks across a partition, heals, and converges; the attacker’s release wins; all of it replays byte for byte', async () => {
    const network = makeNetwork(4);
    await connectAll(network);
    network.run(partition, { side: ['localhost:5000', 'localhost:5001'] });
    expect(network.linksState.cut).toHaveLength(4);
    await answer(network, network.run(mine, { address: 'localhost:5000' }));
    await answer(network, network.run(mine, { address: 'localhost:5002' }));
    await answer(network, network.run(mine, { address: 'localhost:5002' }));
    // Across the cut nothing arrives: each side keeps its own.
    await answer(network, network.run(resolve, { address: 'localhost:5001' }));
    await answer(network, network.run(resolve, { address: 'localhost:5003' }));
    const [a, b, c, d] = chains(network);
    expect(b).toEqual(a);
    expect(d).toEqual(c);
    expect(a).not.toEqual(c);
    network.run(heal, {});
    for (const address of network.addresses()) await answer(network, network.run(resolve, { address }));
    expect(new Set(chains(network).map((h) => JSON.stringify(h))).size).toBe(1);
    // One link cut by itself, then mended: the others stay whole.
    network.run(cutLink, { a: 'localhost:5003', b: 'localhost:5000', cut: true });
    expect(network.linksState.cut).toEqual(['localhost:5000|localhost:5003']);
    await answer(network, network.run(mine, { address: 'localhost:5003' }));
    await answer(network, network.run(resolve, { address: 'localhost:5000' }));
    expect(chains(network)[0]).not.toEqual(chains(network)[3]);
    network.run(cutLink, { a: 'localhost:5000', b: 'localhost:5003', cut: false });
    expect(network.linksState.cut).toEqual([]);
    await answer(network, network.run(resolve, { address: 'localhost:5000' }));
    expect(chains(network)[0]).toEqual(chains(network)[3]);

    // 5003 mines in private, past the others; they see nothing until it releases.
    await answer(network, network.run(behaviour, { address: 'localhost:5003', behaviour: 'private' }));
    for (let i = 0; i < 3; i++) await answer(network, network.run(mine, { address: 'localhost:5003' }));
    await answer(network, network.run(mine, { address: 'localhost:5000' }));
    await answer(network, network.run(resolve, { address: 'localhost:5001' }));
    expect(chains(network)[1]).toEqual(chains(network)[0]);
    await answer(network, network.run(publish, { address: 'localhost:5003' }));
    await answer(network, network.run(resolve, { address: 'localhost:5001' }));
    expect(chains(network)[1]).toEqual(chains(network)[3]);

    // Half the messages lost: which ones, the seed decides.
    network.run(loss, { percent: 50 });
    for (const address of network.addresses()) await answer(network, network.run(resolve, { address }));
    await settle(network);

    const copy = makeNetwork(0);
    await replayJournal(copy, network.journal, 0, network.journal.length);
    await settle(copy);
    expect(chains(copy)).toEqual(chains(network));
    expect(copy.linksState).toEqual(network.linksState);
    expect(copy.journal).toEqual(network.journal);
    copy.dispose();
    network.dispose();
  });
});
