import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeServer, startNodeServer } from '../src/cli/node-server';
import type { PeerReply } from '../src/core/resolve';
import type { Rules } from '../src/core/rules';
import { realNode } from '../src/sim/commands';
import { Network } from '../src/sim/network';
import { type AskOutside, outsideKey, outsideOrigin } from '../src/sim/outside';
import { replayJournal } from '../src/sim/replay';
import { inProcessTransport } from '../src/workers/page/transports';
import { run, tick, timing } from './support/sim';

/**
 * A simulated node resolves against a real `chainscope node` (in this process, on 127.0.0.1):
 * its GET /chain is a real request, and the answer is written in the journal, so that a replay
 * makes the same network without asking the real node again.
 */
const RULES: Rules = { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' };
let real: NodeServer;
let asked = 0;
beforeAll(async () => {
  real = await startNodeServer({
    port: 0,
    host: '127.0.0.1',
    rules: RULES,
    nodeIdentifier: 'a'.repeat(32),
    log: () => {},
  });
});
afterAll(() => real.close());

async function overHttp(neighbour: string, request: { method: string; path: string }): Promise<PeerReply> {
  asked++;
  const answer = await fetch(`${outsideOrigin(neighbour)}${request.path}`, { method: request.method });
  return {
    ok: true,
    response: {
      status: answer.status,
      contentType: answer.headers.get('content-type') ?? '',
      body: await answer.text(),
    },
  };
}

const network = (ask?: AskOutside) =>
  new Network({
    rules: RULES,
    connect: inProcessTransport(timing),
    epochSeconds: 1_800_000_000.5,
    seed: 9,
    ...(ask ? { ask } : {}),
  });

async function settle(n: Network): Promise<void> {
  for (let i = 0; !n.settled && i < 10_000; i++) await tick();
}

describe('a real node among simulated ones', () => {
  it('answers a simulated resolve over real HTTP; the journal keeps the answer and a replay never asks again', async () => {
    await fetch(`${real.url}/mine`);
    await fetch(`${real.url}/mine`);
    const host = new URL(real.url).host;
    const original = network(overHttp);
    original.addNode();
    original.run(realNode, { host: outsideKey(host) ?? host, joined: true });
    await run(original, 'localhost:5000', 'POST', '/nodes/register', { nodes: [real.url] });
    const resolved = await run(original, 'localhost:5000', 'GET', '/nodes/resolve');
    expect(resolved.body).toContain('Our chain was replaced');
    expect(asked).toBe(1);
    expect(original.snapshot('localhost:5000')?.hashes).toHaveLength(3);
    const answer = original.journal.find((e) => e.t === 'answer');
    expect(answer?.t === 'answer' && answer.reply.ok && answer.reply.response.body).toBe(
      await (await fetch(`${real.url}/chain`)).text(),
    );

    // The real node moves on; the replay still hears what it said then, and asks nothing.
    await fetch(`${real.url}/mine`);
    const copy = network(() => {
      throw new Error('a replay asked the real node');
    });
    await replayJournal(copy, original.journal, 0, original.journal.length);
    await settle(copy);
    expect(copy.snapshot('localhost:5000')?.hashes).toEqual(original.snapshot('localhost:5000')?.hashes);
    expect(asked).toBe(1);
    original.dispose();
    copy.dispose();
  });

  it('without a way to ask real nodes, or with one that fails, the neighbour is skipped with the reason', async () => {
    const quiet = network();
    quiet.addNode();
    quiet.run(realNode, { host: '192.0.2.1:5000', joined: true });
    await run(quiet, 'localhost:5000', 'POST', '/nodes/register', { nodes: ['http://192.0.2.1:5000'] });
    const resolved = await run(quiet, 'localhost:5000', 'GET', '/nodes/resolve');
    expect(resolved.body).toContain('Our chain is authoritative');
    const answer = quiet.journal.find((e) => e.t === 'answer');
    expect(answer?.t === 'answer' && !answer.reply.ok && answer.reply.reason).toBe('real nodes cannot be asked here');
    quiet.dispose();
  });

  it('a real node that answers after the timeout is not heard (the journal says it timed out), and a Step waits for one being asked', async () => {
    let answer: (reply: PeerReply) => void = () => {};
    const late = network(() => new Promise<PeerReply>((done) => (answer = done)));
    late.addNode();
    late.run(realNode, { host: '192.0.2.7:5000', joined: true });
    await run(late, 'localhost:5000', 'POST', '/nodes/register', { nodes: ['http://192.0.2.7:5000'] });
    const resolved = await run(late, 'localhost:5000', 'GET', '/nodes/resolve');
    expect(resolved.body).toContain('Our chain is authoritative');
    expect(late.journal.some((e) => e.t === 'timeout')).toBe(true);
    answer({ ok: true, response: { status: 200, contentType: 'application/json', body: '{"chain":[],"length":0}' } });
    for (let i = 0; i < 20; i++) await tick();
    expect(late.journal.some((e) => e.t === 'answer')).toBe(false);
    expect(late.settled).toBe(true);

    // In step mode, while a real node is being asked, the network is not settled: a Step waits
    // for its answer rather than time it out.
    late.setMode(true);
    void late.command('localhost:5000', { method: 'GET', path: '/nodes/resolve' });
    for (let i = 0; i < 200 && !(late.settled && late.step() === null); i++) await tick();
    expect(late.settled).toBe(false);
    answer({ ok: false, reason: 'down', code: 'unreachable' });
    for (let i = 0; i < 20 && !late.settled; i++) await tick();
    expect(late.settled).toBe(true);
    expect(late.journal.filter((e) => e.t === 'answer')).toHaveLength(1);
    late.dispose();
  });
});
