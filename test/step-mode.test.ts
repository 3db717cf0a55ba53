import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../src/core/http';
import type { Rules } from '../src/core/rules';
import type { NetworkEvent } from '../src/sim/events';
import { type Gate, Network } from '../src/sim/network';
import { inProcessTransport } from '../src/workers/page/transports';
import { run, tick, timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 3, resolveRule: 'seed' };

function makeNetwork(seed = 11) {
  return new Network({ rules: RULES, connect: inProcessTransport(timing), epochSeconds: 1_800_000_000.5, seed });
}

async function settle(network: Network): Promise<void> {
  for (let i = 0; !network.settled && i < 10_000; i++) await tick();
}

describe('step mode', () => {
  it('moves a resolve one message and one check at a time; the chain changes only at the end', async () => {
    const network = makeNetwork();
    const events: NetworkEvent[] = [];
    network.subscribe((e) => events.push(e));
    network.addNode();
    network.addNode();
    await run(network, 'localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5001'] });
    await run(network, 'localhost:5001', 'GET', '/mine');
    network.setMode(true);
    await settle(network);

    let answer: HttpResponse | null = null;
    void network.command('localhost:5000', { method: 'GET', path: '/nodes/resolve' }).then((r) => (answer = r));
    const opened: string[] = [];
    const before = network.snapshot('localhost:5000')?.hashes;
    const chainsSeen: boolean[] = [];
    for (let i = 0; answer === null && i < 100; i++) {
      await settle(network);
      if (answer !== null) break;
      const gate = network.step();
      if (gate === null || gate === 'timeout') continue;
      opened.push(label(gate));
      await settle(network);
      chainsSeen.push(JSON.stringify(network.snapshot('localhost:5000')?.hashes) === JSON.stringify(before));
    }
    expect(opened).toEqual([
      'trace begin',
      'trace request',
      'send request',
      'deliver request',
      'send response',
      'deliver response',
      'trace compare',
      'trace check previous_hash',
      'trace check proof',
      'trace verdict',
      'trace candidate',
      'trace end',
    ]);
    // Unchanged through every step but the last, which replaces the chain.
    expect(chainsSeen.slice(0, -1).every(Boolean)).toBe(true);
    expect(chainsSeen.at(-1)).toBe(false);
    expect(network.snapshot('localhost:5000')?.hashes).toEqual(network.snapshot('localhost:5001')?.hashes);
    // Sim time moved with the deliveries only: two trips across the link.
    const delivered = events.filter((e) => e.type === 'delivered');
    expect(delivered).toHaveLength(2);
  });

  it('steps the mining guess by guess, and faster by tens and thousands', async () => {
    const network = makeNetwork();
    network.addNode();
    network.setMode(true);
    await settle(network);
    let answer: HttpResponse | null = null;
    void network.command('localhost:5000', { method: 'GET', path: '/mine' }).then((r) => (answer = r));
    await settle(network);
    const gateAt = () => network.nextGate() as Extract<Gate, { kind: 'pause' }>;
    expect(gateAt().pause).toEqual({ kind: 'guess', attempt: null, tried: 0 });
    network.step(1);
    await settle(network);
    const first = gateAt().pause;
    expect(first).toMatchObject({ kind: 'guess', tried: 1, attempt: { proof: '0', guess: '1000' } });
    network.step(10);
    await settle(network);
    expect(gateAt().pause).toMatchObject({ kind: 'guess', tried: 11, attempt: { proof: '10', guess: '10010' } });
    network.step('finish');
    for (let i = 0; answer === null && i < 10_000; i++) {
      await settle(network);
      if (network.nextGate()) network.step();
      await tick();
    }
    expect((answer as HttpResponse | null)?.body).toContain('New Block Forged');
  });
});

describe('removing a node', () => {
  it('drops what it left waiting, so a node added on the same port starts clean', async () => {
    const network = makeNetwork();
    network.addNode();
    network.addNode();
    await run(network, 'localhost:5001', 'POST', '/nodes/register', { nodes: ['localhost:5000'] });
    network.setMode(true);
    await settle(network);
    void network.command('localhost:5001', { method: 'GET', path: '/nodes/resolve' });
    for (let i = 0; i < 3; i++) {
      await settle(network);
      network.step();
    }
    await settle(network);
    expect(network.messages()).toHaveLength(1); // its GET /chain, on its way
    network.removeNode('localhost:5001');
    expect(network.messages()).toEqual([]);
    expect(network.nextGate()).toBeNull();
    expect(network.step()).toBeNull(); // nothing left to time out either
    expect(network.addNode()).toBe('localhost:5001');
    await settle(network);
    expect(network.nextGate()).toBeNull();
  });
});

function label(gate: Gate): string {
  if (gate.kind === 'pause') {
    const { pause } = gate;
    if (pause.kind !== 'trace') return pause.kind;
    return pause.step.kind === 'check' ? `trace check ${pause.step.check.check}` : `trace ${pause.step.kind}`;
  }
  return `${gate.kind} ${gate.message.kind}`;
}
