import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NodeServer, startNodeServer } from '../src/cli/node-server';
import { type AppServer, startAppServer } from '../src/cli/serve';
import type { Rules } from '../src/core/rules';
import { exportRun, importRun, mine, newTransaction, registerNodes, resolve } from '../src/store/actions';
import { addRealNode, realMine, realOf, realRegister, refreshReal, removeRealNode } from '../src/store/real-actions';
import { NO_RELAY, relayAsk } from '../src/store/real-ask';
import { checkChain } from '../src/store/real-nodes';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { freePort } from './support/processes';
import { until } from './support/until';

/**
 * The page's real nodes, with the page's own code (store and sim, in-process nodes) and a real
 * `chainscope node` and relay on 127.0.0.1: every request to the real node is real HTTP.
 */
const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };
let node: NodeServer;
let app: AppServer;
let asked = 0;
beforeAll(async () => {
  node = await startNodeServer({
    port: 0,
    host: '127.0.0.1',
    rules: RULES,
    nodeIdentifier: 'c'.repeat(32),
    log: () => {},
  });
  const root = mkdtempSync(join(tmpdir(), 'chainscope-page-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  app = await startAppServer({ root, port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await node.close();
  await app.close();
});

/** The page's fetch: relative URLs go to the server that served it (with its relay). */
const pageFetch: typeof fetch = (input, init) => {
  asked++;
  return fetch(new URL(String(input), app.url), init);
};

describe('real nodes on the page', () => {
  it('adds one by URL, acts on it over HTTP, and a simulated node resolves against it; a replay never asks it again', async () => {
    const sim = startTestNetwork(RULES, 0, undefined, relayAsk(pageFetch));
    const url = node.url;
    expect(addRealNode(sim, url)).toBeNull();
    const real = () => realOf(store.getState(), url);
    await until(() => real()?.status === 'reachable', 'the real node to be read');
    expect(real()?.chain).toHaveLength(1);

    newTransaction(sim, url, { sender: 'alice', recipient: 'bob', amount: '5' });
    await until(() => node.ref.state.pendingTransactions.length === 1 && real()?.busy === null, 'the transaction');
    expect(real()?.said?.text).toBe('Transaction will be added to Block 2');
    mine(sim, url);
    await until(() => real()?.chain.length === 2 && real()?.busy === null, 'the real block');
    expect(real()?.said).toEqual({ ok: true, text: 'New Block Forged' });
    expect(real()?.problems).toEqual([]);
    expect(real()?.log.map((e) => `${e.request.method} ${e.request.path} ${e.status}`)).toContain('GET /mine 200');

    // A simulated node cannot be registered on a real one: it has no address on the network.
    expect(registerNodes(sim, url, ['http://localhost:5001'])[0]?.key).toBe('real.cannotReachSimulated');
    // Simulated and real nodes never share an address.
    expect(addRealNode(sim, 'http://127.0.0.1:5001')?.key).toBe('real.clash');
    expect(addRealNode(sim, url)?.key).toBe('real.duplicate');

    // localhost:5000 registers the real node and resolves against it: a real GET /chain.
    expect(registerNodes(sim, 'localhost:5000', [url])).toEqual([]);
    const before = asked;
    resolve(sim, 'localhost:5000');
    const simulated = () => store.getState().nodes[0]?.snapshot;
    await until(() => simulated()?.length === 2, 'the simulated node to adopt the real chain');
    expect(simulated()?.hashes).toEqual(real()?.hashes);
    expect(asked).toBeGreaterThan(before);

    // The run replays from its journal, the real node's answer with it, without asking it.
    const file = exportRun(sim);
    expect(JSON.parse(file).journal.some((e: { t: string }) => e.t === 'answer')).toBe(true);
    await node.close();
    const afterClose = asked;
    expect(await importRun(sim, file)).toBe(true);
    expect(store.getState().nodes[0]?.snapshot.hashes).toEqual(real()?.hashes);
    expect(asked).toBe(afterClose);
    node = await startNodeServer({
      port: 0,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'd'.repeat(32),
      log: () => {},
    });
    removeRealNode(sim, url);
    expect(real()).toBeUndefined();
  });

  it('shows a node that is down as unreachable with the reason, and says when only a relay is missing', async () => {
    const sim = startTestNetwork(RULES, 0, undefined, relayAsk(pageFetch));
    const dead = `http://127.0.0.1:${await freePort()}`;
    expect(addRealNode(sim, dead)).toBeNull();
    await until(() => realOf(store.getState(), dead)?.status === 'unreachable', 'unreachable');
    expect(realOf(store.getState(), dead)?.reason).toMatch(/refused the connection: no node is listening there/);
    // In the page's words too (Korean included): the relay's code and its values.
    expect(realOf(store.getState(), dead)?.problem).toEqual({
      key: 'relay.refused',
      params: { host: new URL(dead).host },
    });
    // It comes back when it answers.
    const back = await startNodeServer({
      port: Number(new URL(dead).port),
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'e'.repeat(32),
      log: () => {},
    });
    await refreshReal(sim, dead);
    expect(realOf(store.getState(), dead)?.status).toBe('reachable');
    await back.close();

    // A static build: no relay answers, and the node itself sends no CORS headers (here: is down).
    const noRelay = relayAsk(async (input, init) => {
      if (String(input).startsWith('/relay')) return new Response('<!doctype html>', { status: 200 });
      return fetch(String(input), init);
    });
    expect(await noRelay(dead, { method: 'GET', path: '/chain' })).toEqual({
      ok: false,
      reason: NO_RELAY,
      problem: { key: 'real.noRelay', params: {} },
    });
  });

  it('says when a real node was started again with its chain gone, and drops a success that no longer holds', async () => {
    const sim = startTestNetwork(RULES, 0, undefined, relayAsk(pageFetch));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = () =>
      startNodeServer({ port, host: '127.0.0.1', rules: RULES, nodeIdentifier: 'd'.repeat(32), log: () => {} });
    let server = await start();
    expect(addRealNode(sim, url)).toBeNull();
    await until(() => realOf(store.getState(), url)?.status === 'reachable', 'reachable');
    await realMine(sim, url);
    await realMine(sim, url);
    expect(realOf(store.getState(), url)?.chain).toHaveLength(3);
    expect(realOf(store.getState(), url)?.said?.ok).toBe(true);
    // Stopped: the success it last said goes with it.
    await server.close();
    await refreshReal(sim, url);
    expect(realOf(store.getState(), url)?.status).toBe('unreachable');
    expect(realOf(store.getState(), url)?.said).toBeNull();
    // Started again, empty: said so, in the page's words.
    server = await start();
    await refreshReal(sim, url);
    expect(realOf(store.getState(), url)?.chain).toHaveLength(1);
    expect(realOf(store.getState(), url)?.said?.problem).toEqual({
      key: 'real.restarted',
      params: { host: `127.0.0.1:${port}`, before: '3', now: '1' },
    });
    await server.close();
    removeRealNode(sim, url);
  });

  it('keeps whom the page registered on a real node, as the node stores them, for the map to draw', async () => {
    const sim = startTestNetwork(RULES, 0, undefined, relayAsk(pageFetch));
    const port = await freePort();
    const other = await startNodeServer({
      port,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'b'.repeat(32),
      log: () => {},
    });
    expect(addRealNode(sim, node.url)).toBeNull();
    expect(addRealNode(sim, other.url)).toBeNull();
    await until(() => realOf(store.getState(), node.url)?.status === 'reachable', 'reachable');
    expect(realRegister(sim, node.url, [other.url, other.url])).toEqual([]);
    await until(() => (realOf(store.getState(), node.url)?.registered.length ?? 0) > 0, 'the registration');
    expect(realOf(store.getState(), node.url)?.registered).toEqual([`127.0.0.1:${port}`]);
    expect(realOf(store.getState(), other.url)?.registered).toEqual([]);
    removeRealNode(sim, node.url);
    removeRealNode(sim, other.url);
    await other.close();
  });

  it('says when a chain fails only because it was mined under the other proof rule', async () => {
    const { parseJson } = await import('../src/core/json/read');
    // A proof found under one rule holds under the other once in 256 (difficulty 2): a block or
    // two may hold under both, so the node mines until its chain has one that does not (CI met
    // a chain whose every block held under both).
    let blocks: never[] = [];
    let underReference: ReturnType<typeof checkChain> | null = null;
    for (let mined = 0; mined < 4 && (underReference?.problems.length ?? 0) === 0; mined++) {
      await (await fetch(`${node.url}/mine`)).text();
      const chain = await (await fetch(`${node.url}/chain`)).json();
      blocks = parseJson(JSON.stringify(chain.chain)) as never[];
      underReference = checkChain(blocks, { ...RULES, proofRule: 'reference' });
    }
    expect(checkChain(blocks, RULES).otherRule).toBeNull();
    expect(underReference?.problems.length).toBeGreaterThan(0);
    expect(underReference?.otherRule).toBe('seed');
  });
});
