import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from '../src/core/json/read';
import type { JsonObject } from '../src/core/json/value';
import { validChain } from '../src/core/validation';
import { post } from './support/http';
import { chainscopeNode, freePort, type Started, startProcess } from './support/processes';

/**
 * Two `chainscope node` processes on free ports of 127.0.0.1, and (where python3 is installed) a
 * node written from PROTOCOL.md with Python's standard library: the tutorial's network over real
 * HTTP. Every request goes to loopback.
 */
const RULES = { proofRule: 'reference', difficulty: 4, resolveRule: 'seed' } as const;
const started: Started[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
});

async function keep(process: Promise<Started>): Promise<Started> {
  const s = await process;
  started.push(s);
  return s;
}

const json = async (response: Response) => parseJson(await response.text()) as JsonObject;
const get = (url: string) => fetch(url).then(json);
const chainText = async (node: Started) => (await fetch(`${node.url}/chain`)).text();

describe('two chainscope node processes over real HTTP', () => {
  let a: Started;
  let b: Started;
  beforeAll(async () => {
    [a, b] = await Promise.all([keep(chainscopeNode()), keep(chainscopeNode())]);
  }, 60_000);

  it('register, transaction, mine, and resolve both ways: the adopted chain equal block for block', async () => {
    expect((await post(`${a.url}/nodes/register`, JSON.stringify({ nodes: [b.url] }))).status).toBe(201);
    expect((await post(`${b.url}/nodes/register`, JSON.stringify({ nodes: [a.url] }))).status).toBe(201);
    const tx = await post(`${a.url}/transactions/new`, '{"sender": "alice", "recipient": "bob", "amount": 5}');
    expect(tx.status).toBe(201);
    expect((await get(`${a.url}/mine`)).message).toBe('New Block Forged');
    await get(`${a.url}/mine`);
    // b takes a's longer chain...
    expect((await get(`${b.url}/nodes/resolve`)).message).toBe('Our chain was replaced');
    expect(await chainText(b)).toBe(await chainText(a));
    const adopted = await get(`${b.url}/chain`);
    expect(adopted.length).toBe(3n);
    expect(validChain(adopted.chain ?? null, RULES).valid).toBe(true);
    expect(await chainText(b)).toContain('"alice"');
    // ...and the other way round, once b is ahead.
    await get(`${b.url}/mine`);
    expect((await get(`${a.url}/nodes/resolve`)).message).toBe('Our chain was replaced');
    expect(await chainText(a)).toBe(await chainText(b));
    expect((await get(`${a.url}/nodes/resolve`)).message).toBe('Our chain is authoritative');
  }, 60_000);

  it('skips a dead neighbour and a junk one, never failing the resolve', async () => {
    const dead = await freePort();
    const junk = await keep(
      startProcess(
        process.execPath,
        [
          '-e',
          "const s=require('http').createServer((q,r)=>r.end('not json'));s.listen(0,'127.0.0.1',()=>console.log('listening '+s.address().port))",
        ],
        /listening (\d+)/,
      ),
    );
    await post(`${a.url}/nodes/register`, JSON.stringify({ nodes: [`http://127.0.0.1:${dead}`, junk.url] }));
    const before = await chainText(a);
    const resolved = await fetch(`${a.url}/nodes/resolve`);
    expect(resolved.status).toBe(200);
    expect((await json(resolved)).message).toBe('Our chain is authoritative');
    expect(await chainText(a)).toBe(before);
    expect(a.output()).toMatch(new RegExp(`skipped 127\\.0\\.0\\.1:${dead}`));
    expect(a.output()).toMatch(new RegExp(`skipped 127\\.0\\.0\\.1:${new URL(junk.url).port}`));
  }, 60_000);

  it('refuses every bad input with a 4xx and changes nothing', async () => {
    const before = await chainText(b);
    const refusals = [
      post(`${b.url}/transactions/new`, `{"sender": "${'x'.repeat(1_100_000)}", "recipient": "b", "amount": 1}`),
      post(`${b.url}/transactions/new`, '{"sender": '),
      post(`${b.url}/transactions/new`, '{"sender": "a", "recipient": "b", "amount": 1}', 'text/plain'),
      post(`${b.url}/transactions/new`, '{"sender": "a"}'),
      post(`${b.url}/nodes/register`, '{"nodes": null}'),
      post(`${b.url}/nodes/register`, '{"nodes": [""]}'),
      post(`${b.url}/nodes/register`, '[1, 2]'),
      fetch(`${b.url}/nowhere`),
      fetch(`${b.url}/chain`, { method: 'DELETE' }),
      fetch(`${b.url}/mine`, { method: 'POST' }),
    ];
    for (const answer of await Promise.all(refusals)) {
      expect(answer.status, await answer.text()).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect(await chainText(b)).toBe(before);
    // Nothing refused reached the chain or the pending transactions: the next block holds only its reward.
    const mined = await get(`${b.url}/mine`);
    expect(mined.transactions).toHaveLength(1);
  }, 60_000);

  it('answers 200 concurrent GET /chain while it mines', async () => {
    const mining = get(`${a.url}/mine`);
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${a.url}/chain`)));
    for (const answer of answers) expect(answer.status).toBe(200);
    const bodies = await Promise.all(answers.map((r) => r.text().then((t) => parseJson(t) as JsonObject)));
    for (const body of bodies) expect(validChain(body.chain ?? null, RULES).valid).toBe(true);
    expect((await mining).message).toBe('New Block Forged');
  }, 60_000);
});

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python)(
  python ? 'a Python node written from PROTOCOL.md' : 'a Python node (skipped: python3 is not installed)',
  () => {
    it('registers a chainscope node and adopts its longer chain, and the other way round', async () => {
      const port = await freePort();
      const [py, ours] = await Promise.all([
        keep(startProcess('python3', ['test/compat/tutorial_node.py', String(port)], /listening (\d+)/)),
        keep(chainscopeNode()),
      ]);
      // Python's urlparse keeps "127.0.0.1:port" whole only with a scheme: register full URLs.
      await post(`${py.url}/nodes/register`, JSON.stringify({ nodes: [ours.url] }));
      await post(`${ours.url}/nodes/register`, JSON.stringify({ nodes: [py.url] }));
      await post(`${ours.url}/transactions/new`, '{"sender": "파이썬", "recipient": "bob", "amount": 1.0}');
      await get(`${ours.url}/mine`);
      await get(`${ours.url}/mine`);
      expect((await get(`${py.url}/nodes/resolve`)).message).toBe('Our chain was replaced');
      expect(await chainText(py)).toBe(await chainText(ours));

      await get(`${py.url}/mine`);
      await get(`${py.url}/mine`);
      const resolved = await get(`${ours.url}/nodes/resolve`);
      expect(resolved.message).toBe('Our chain was replaced');
      const adopted = await get(`${ours.url}/chain`);
      expect(adopted.length).toBe(5n);
      expect(await chainText(ours)).toBe(await chainText(py));
      expect(validChain(adopted.chain ?? null, RULES).valid).toBe(true);
    }, 90_000);
  },
);
