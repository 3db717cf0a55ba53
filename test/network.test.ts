import { describe, expect, it } from 'vitest';
import { blockHash } from '../src/core/block';
import type { ConnectNode, NodeCheckpoint } from '../src/core/connection';
import type { HttpResponse } from '../src/core/http';
import { parseJson } from '../src/core/json/read';
import type { JsonObject } from '../src/core/json/value';
import type { Rules } from '../src/core/rules';
import type { NetworkEvent } from '../src/sim/events';
import { Network } from '../src/sim/network';
import { inProcessTransport } from '../src/workers/page/transports';
import { run as runCommand, timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 3, resolveRule: 'seed' };

/** A network of in-process nodes on a fake clock: each turn of the event loop is 25 ms of sim time. */
function setup(nodes = 3, rules: Rules = RULES) {
  const network = new Network({ rules, connect: inProcessTransport(timing), epochSeconds: 1_800_000_000, seed: 7 });
  const events: NetworkEvent[] = [];
  network.subscribe((e) => events.push(e));
  for (let i = 0; i < nodes; i++) network.addNode();

  const run = (address: string, method: string, path: string, body?: unknown) =>
    runCommand(network, address, method, path, body);
  const json = async (...args: Parameters<typeof run>) => parseJson((await run(...args)).body) as JsonObject;
  const hashes = (address: string) => network.state(address)?.chain.map(blockHash);
  return { network, events, run, json, hashes };
}

describe('the simulated network, in-process', () => {
  it('runs the tutorial scenario: register, transaction, mine on 5001, resolve on 5000', async () => {
    const { json, hashes, network, events } = setup(2);
    expect(await json('localhost:5000', 'POST', '/nodes/register', { nodes: ['http://localhost:5001'] })).toEqual({
      message: 'New nodes have been added',
      total_nodes: ['localhost:5001'],
    });
    expect(
      (await json('localhost:5001', 'POST', '/transactions/new', { sender: 'a', recipient: 'b', amount: 5 })).message,
    ).toBe('Transaction will be added to Block 2');
    expect((await json('localhost:5001', 'GET', '/mine')).message).toBe('New Block Forged');
    expect(hashes('localhost:5000')).not.toEqual(hashes('localhost:5001'));
    const before = network.now;
    expect((await json('localhost:5000', 'GET', '/nodes/resolve')).message).toBe('Our chain was replaced');
    expect(hashes('localhost:5000')).toEqual(hashes('localhost:5001'));
    // The request and its answer each crossed the link with its latency.
    const trips = events.filter((e) => e.type === 'delivered');
    expect(trips.map((e) => e.type === 'delivered' && e.message.kind)).toEqual(['request', 'response']);
    expect(network.now - before).toBeGreaterThanOrEqual(2 * network.latency);
  });

  it('keeps one copy of a block on the page, however many nodes hold it', async () => {
    const { run, network } = setup(2);
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5001'] });
    await run('localhost:5000', 'GET', '/nodes/resolve');
    const adopted = network.state('localhost:5000')?.chain ?? [];
    const own = network.state('localhost:5001')?.chain ?? [];
    expect(adopted).toHaveLength(3);
    // Each worker sent its own copy of the blocks; the page keeps the first it had.
    for (const [i, block] of adopted.entries()) expect(block).toBe(own[i]);
  });

  it('takes the longest of three chains of different lengths', async () => {
    const { run, json, hashes } = setup(3);
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5002', 'GET', '/mine');
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5002', 'localhost:5001'] });
    expect((await json('localhost:5000', 'GET', '/nodes/resolve')).message).toBe('Our chain was replaced');
    expect(hashes('localhost:5000')).toEqual(hashes('localhost:5001'));
  });

  it('keeps the first of two equally long chains, in registration order', async () => {
    const { run, hashes } = setup(3);
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5002', 'GET', '/mine');
    expect(hashes('localhost:5001')).not.toEqual(hashes('localhost:5002'));
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5002', 'localhost:5001'] });
    await run('localhost:5000', 'GET', '/nodes/resolve');
    expect(hashes('localhost:5000')).toEqual(hashes('localhost:5002'));
  });

  it('skips an unreachable neighbour with a reason and still adopts a longer chain', async () => {
    const { run, json, hashes, events } = setup(2);
    await run('localhost:5001', 'GET', '/mine');
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5009', '127.0.0.1:5001'] });
    expect((await json('localhost:5000', 'GET', '/nodes/resolve')).message).toBe('Our chain was replaced');
    expect(hashes('localhost:5000')).toEqual(hashes('localhost:5001'));
    const skips = events.flatMap((e) => (e.type === 'trace' && e.step.kind === 'skip' ? [e.step] : []));
    expect(skips).toEqual([
      {
        kind: 'skip',
        neighbour: 'localhost:5009',
        reason: 'connection refused: no node is listening at localhost:5009',
        code: 'unreachable',
      },
    ]);
  });

  it('finds a removed node unreachable; the others keep it as a neighbour', async () => {
    const { run, json, network, events } = setup(3);
    await run('localhost:5002', 'GET', '/mine');
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5002'] });
    network.removeNode('localhost:5002');
    expect(network.addresses()).toEqual(['localhost:5000', 'localhost:5001']);
    expect(network.state('localhost:5000')?.neighbours).toEqual(['localhost:5002']);
    expect((await json('localhost:5000', 'GET', '/nodes/resolve')).message).toBe('Our chain is authoritative');
    expect(
      events.some((e) => e.type === 'trace' && e.step.kind === 'skip' && /connection refused/.test(e.step.reason)),
    ).toBe(true);
    expect(network.addNode()).toBe('localhost:5002');
  });

  it('answers a neighbour while it mines', async () => {
    const { run, network } = setup(2, { ...RULES, difficulty: 5 });
    let mined = false;
    void network.command('localhost:5001', { method: 'GET', path: '/mine' }).then(() => (mined = true));
    await run('localhost:5000', 'POST', '/nodes/register', { nodes: ['localhost:5001'] });
    const resolved = await run('localhost:5000', 'GET', '/nodes/resolve');
    expect(resolved.body).toContain('Our chain is authoritative');
    expect(mined).toBe(false);
  });
});

describe('a slow neighbour', () => {
  it('is skipped after the timeout, and the resolve still ends', async () => {
    const inProcess = inProcessTransport(timing);
    // localhost:5001 takes requests and never answers them (a hung node).
    const connect: ConnectNode = (init, events) =>
      init.state.address === 'localhost:5001'
        ? {
            request: () => {},
            reply: () => {},
            setMode: () => {},
            release: () => {},
            search: () => {},
            checkpoint: () => ({}) as NodeCheckpoint,
            restore: () => {},
            terminate: () => {},
          }
        : inProcess(init, events);
    const network = new Network({ rules: RULES, connect, epochSeconds: 1_800_000_000, seed: 3, timeoutMs: 2_000 });
    const steps: string[] = [];
    network.subscribe((e) => {
      if (e.type === 'trace' && e.step.kind === 'skip') steps.push(`${e.step.code}: ${e.step.reason}`);
    });
    network.addNode();
    network.addNode();
    const ask = (request: { method: string; path: string; contentType?: string; body?: string }) => {
      let answer: HttpResponse | null = null;
      void network.command('localhost:5000', request).then((r) => (answer = r));
      return async () => {
        for (let spins = 0; answer === null && spins < 10_000; spins++) {
          await new Promise((done) => setImmediate(done));
          network.advanceTo(network.now + 25);
        }
        return answer as HttpResponse | null;
      };
    };
    const body = JSON.stringify({ nodes: ['localhost:5001'] });
    await ask({ method: 'POST', path: '/nodes/register', contentType: 'application/json', body })();
    const started = network.now;
    const resolved = await ask({ method: 'GET', path: '/nodes/resolve' })();
    expect(resolved?.body).toContain('Our chain is authoritative');
    expect(steps).toEqual(['timeout: no answer within 2 s']);
    expect(network.now - started).toBeGreaterThanOrEqual(2_000);
  });
});
