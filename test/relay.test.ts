import { mkdtempSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeServer, startNodeServer } from '../src/cli/node-server';
import { type AppServer, startAppServer } from '../src/cli/serve';
import { RELAY_HEADER, RELAY_REFUSALS, RELAYED_TYPE_HEADER, relayPath } from '../src/core/relay';
import { freePort } from './support/processes';

/** `chainscope serve`: the app and the relay, asked over loopback only. */
let app: AppServer;
let node: NodeServer;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'chainscope-serve-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ChainScope</title>');
  writeFileSync(join(root, 'app.js'), 'export {};');
  app = await startAppServer({ root, port: 0, host: '127.0.0.1' });
  node = await startNodeServer({
    port: 0,
    host: '127.0.0.1',
    rules: { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' },
    nodeIdentifier: 'f'.repeat(32),
    log: () => {},
  });
});
afterAll(async () => {
  await app.close();
  await node.close();
});

const ask = (path: string, init?: RequestInit) => fetch(new URL(path, app.url), init);

describe('chainscope serve', () => {
  it('serves the built app, index.html for paths that name no file, and nothing outside it', async () => {
    const script = await ask('/app.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await (await ask('/lessons')).text()).toContain('<title>ChainScope</title>');
    // A path that climbs out, as sent on the wire (fetch would tidy it first).
    const climbed = await new Promise<string>((done, fail) => {
      const url = new URL(app.url);
      const socket = connect(Number(url.port), '127.0.0.1', () =>
        socket.write('GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (part) => {
        text += part.toString();
      });
      socket.on('end', () => done(text));
      socket.on('error', fail);
    });
    expect(climbed).toContain('<title>ChainScope</title>');
    expect(climbed).not.toContain('root:');
    expect((await ask('/', { method: 'POST' })).status).toBe(405);
  });

  it('relays the five tutorial requests to a node and passes its answers back as they came', async () => {
    const chain = await ask(relayPath(node.url, '/chain'));
    expect(chain.status).toBe(200);
    expect(chain.headers.get(RELAY_HEADER)).toBe('answered');
    // Whatever comes back is data to the browser, never a page of this origin; the node's type rides along.
    expect(chain.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(chain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(chain.headers.get(RELAYED_TYPE_HEADER)).toBe('application/json');
    expect(await chain.text()).toBe(await (await fetch(`${node.url}/chain`)).text());
    const tx = await ask(relayPath(node.url, '/transactions/new'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"sender": "a", "recipient": "b", "amount": 1}',
    });
    expect(tx.status).toBe(201);
    expect(node.ref.state.pendingTransactions).toHaveLength(1);
    const mined = await ask(relayPath(`${node.url}/`, '/mine'));
    expect(mined.status).toBe(200);
    expect(node.ref.state.chain).toHaveLength(2);
    // The node's own refusals come back as the node made them.
    const missing = await ask(relayPath(node.url, '/transactions/new'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    expect(missing.headers.get(RELAY_HEADER)).toBe('answered');
  });

  it('refuses what is not a tutorial request, a target that is not http(s), an oversized body, and says when a node is down', async () => {
    const refusal = async (response: Response, status: number, reason: RegExp) => {
      expect(response.status).toBe(status);
      expect(response.headers.get(RELAY_HEADER)).toBe('refused');
      const said = (await response.json()) as { relay: string; code: string };
      expect(said.relay).toMatch(reason);
      // With a code a page words in its own language.
      expect(RELAY_REFUSALS).toContain(said.code);
    };
    await refusal(await ask(relayPath(node.url, '/admin')), 403, /only the five tutorial requests/);
    await refusal(
      await ask(relayPath(node.url, '/chain'), { headers: { 'Sec-Fetch-Site': 'cross-site' } }),
      403,
      /not other sites/,
    );
    await refusal(await ask(relayPath(node.url, '/chain'), { method: 'DELETE' }), 403, /DELETE \/chain/);
    await refusal(await ask(relayPath('file:///etc/passwd', '/chain')), 400, /only http and https/);
    await refusal(await ask(relayPath('not a url', '/chain')), 400, /is not a node.s URL/);
    await refusal(
      await ask(relayPath(node.url, '/transactions/new'), { method: 'POST', body: 'x'.repeat(1_100_000) }),
      413,
      /1000000 bytes/,
    );
    const dead = await freePort();
    await refusal(
      await ask(relayPath(`http://127.0.0.1:${dead}`, '/chain')),
      502,
      /refused the connection: no node is listening there/,
    );
    // A node that stops while it is asked: it closes the connection before any answer.
    const stopping = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => stopping.listen(0, '127.0.0.1', done));
    const { port } = stopping.address() as AddressInfo;
    await refusal(
      await ask(relayPath(`http://127.0.0.1:${port}`, '/chain')),
      502,
      /closed the connection before it answered/,
    );
    await new Promise((done) => stopping.close(done));
    expect(node.ref.state.pendingTransactions).toHaveLength(0);
  });
});
