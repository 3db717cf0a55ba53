import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeServer, startNodeServer } from '../src/cli/node-server';
import { parseJson } from '../src/core/json/read';
import type { JsonObject } from '../src/core/json/value';
import { validChain } from '../src/core/validation';
import { post } from './support/http';

const RULES = { proofRule: 'reference', difficulty: 3, resolveRule: 'seed' } as const;
const servers: NodeServer[] = [];
const logs: string[] = [];

async function node(id: string): Promise<NodeServer> {
  const server = await startNodeServer({
    port: 0,
    host: '127.0.0.1',
    rules: RULES,
    nodeIdentifier: id.repeat(32),
    log: (l) => logs.push(l),
  });
  servers.push(server);
  return server;
}

let a: NodeServer;
let b: NodeServer;
beforeAll(async () => {
  a = await node('a');
  b = await node('b');
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const json = async (response: Response) => parseJson(await response.text()) as JsonObject;

describe('chainscope node: the tutorial node over real HTTP (loopback only)', () => {
  it('runs the tutorial’s curl walkthrough: transaction, mine, chain, register, resolve', async () => {
    const tx = await post(
      `${b.url}/transactions/new`,
      '{"sender": "d4ee26eee15148ee92c6cd394edd974e", "recipient": "someone-other-address", "amount": 5}',
    );
    expect(tx.status).toBe(201);
    expect(await tx.text()).toBe('{"message":"Transaction will be added to Block 2"}\n');
    // GET /chain is answered while a mine is under way.
    const mining = fetch(`${b.url}/mine`);
    const during = await fetch(`${b.url}/chain`);
    expect(during.status).toBe(200);
    const mined = await json(await mining);
    expect(mined).toMatchObject({ message: 'New Block Forged', index: 2n });
    const chain = await json(await fetch(`${b.url}/chain`));
    expect(chain.length).toBe(2n);
    expect(validChain(chain.chain ?? null, RULES).valid).toBe(true);

    const registered = await post(`${a.url}/nodes/register`, JSON.stringify({ nodes: [b.url, 'http://127.0.0.1:9'] }));
    expect(registered.status).toBe(201);
    const resolved = await json(await fetch(`${a.url}/nodes/resolve`));
    expect(resolved.message).toBe('Our chain was replaced');
    expect(a.ref.state.chain).toHaveLength(2);
    // The neighbour nobody answers for was skipped, with the reason in the log, not a 500.
    expect(logs.some((l) => l.includes('skipped 127.0.0.1:9'))).toBe(true);
  });

  it('refuses bad input with a clear 4xx and changes nothing; sends CORS headers', async () => {
    const before = a.ref.state;
    const huge = await post(
      `${a.url}/transactions/new`,
      `{"sender": "${'x'.repeat(1_100_000)}", "recipient": "b", "amount": 1}`,
    );
    expect(huge.status).toBe(413);
    const bad = await post(`${a.url}/transactions/new`, '{"sender": ');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('malformed JSON');
    expect((await fetch(`${a.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${a.url}/mine`, { method: 'POST' })).status).toBe(405);
    const preflight = await fetch(`${a.url}/chain`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect((await fetch(`${a.url}/chain`)).headers.get('access-control-allow-origin')).toBe('*');
    expect(a.ref.state).toBe(before);
  });

  it('cuts off a client that sends half a request and then nothing', async () => {
    const slow = await startNodeServer({
      port: 0,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'e'.repeat(32),
      log: () => {},
      slowClientMs: 300,
    });
    servers.push(slow);
    const socket = connect(Number(new URL(slow.url).port), '127.0.0.1');
    socket.write('POST /transactions/new HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n');
    let answer = '';
    socket.on('data', (part) => {
      answer += part.toString();
    });
    const closed = await new Promise<boolean>((done) => {
      socket.once('close', () => done(true));
      setTimeout(() => done(false), 5_000);
    });
    socket.destroy();
    expect(closed).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(slow.ref.state.pendingTransactions).toEqual([]);
  });

  it('says clearly when its port is taken', async () => {
    const port = Number(new URL(a.url).port);
    await expect(node('c').then(() => undefined)).resolves.toBe(undefined);
    await expect(
      startNodeServer({ port, host: '127.0.0.1', rules: RULES, nodeIdentifier: 'd'.repeat(32), log: () => {} }),
    ).rejects.toThrow(/is in use/);
  });
});

describe('chainscope node --data', () => {
  it('saves its state on every change, loads it at start, and refuses a damaged file without writing over it', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'chainscope-node-'));
    const file = join(dir, 'node.json');
    const first = await startNodeServer({
      port: 0,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'e'.repeat(32),
      log: () => {},
      data: file,
    });
    await post(`${first.url}/transactions/new`, '{"sender": "a", "recipient": "b", "amount": 1.5}');
    await fetch(`${first.url}/mine`);
    await post(`${first.url}/transactions/new`, '{"sender": "c", "recipient": "d", "amount": 7}');
    const saved = first.ref.state;
    await first.close();
    // Stopped and started again: the same chain, pending transactions and identifier.
    const second = await startNodeServer({
      port: 0,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'f'.repeat(32),
      log: () => {},
      data: file,
    });
    expect(second.ref.state.nodeIdentifier).toBe('e'.repeat(32));
    expect(second.ref.state.chain).toEqual(saved.chain);
    expect(second.ref.state.pendingTransactions).toEqual(saved.pendingTransactions);
    expect(readFileSync(file, 'utf8')).toContain('"amount": 1.5');
    await second.close();
    // A damaged file: refused with the reason, and left as it is.
    const damaged = readFileSync(file, 'utf8')
      .replace('"proof": 100', '"proof": 101')
      .replace(/"previous_hash": "[0-9a-f]{64}"/, '"previous_hash": "0"');
    writeFileSync(file, damaged);
    await expect(
      startNodeServer({
        port: 0,
        host: '127.0.0.1',
        rules: RULES,
        nodeIdentifier: 'f'.repeat(32),
        log: () => {},
        data: file,
      }),
    ).rejects.toThrow(/cannot be loaded: its chain is not valid/);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });
});
