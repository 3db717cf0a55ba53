import { describe, expect, it } from 'vitest';
import { blockHash, type Chain } from '../src/core/block';
import type { NodeEvents, NodeSnapshot } from '../src/core/connection';
import { type HttpResponse, jsonResponse } from '../src/core/http';
import type { JsonObject } from '../src/core/json/value';
import { bodyStart } from '../src/core/long-body';
import { createNode, type NodeState } from '../src/core/node';
import { connectPort } from '../src/workers/page/node-handle';
import { CHAIN_PART, type FromNode, type ToNode } from '../src/workers/protocol';
import { replyFromWire } from '../src/workers/wire';
import { NodeHost } from '../src/workers/worker/node-host';
import { minedChain, minedNode, QUICK_RULES } from './support/chains';

/** What a page's handle tells the page: only its answers matter here. */
function pageEvents(response: NodeEvents['response']): NodeEvents {
  const none = () => {};
  return { response, fetch: none, trace: none, progress: none, pause: none, settled: none, failed: none };
}

describe('a hosted node mining block after block', () => {
  it('reports its hash rate even when every block takes less than a report interval', async () => {
    const posted: FromNode[] = [];
    let clock = 0;
    const tasks: (() => void)[] = [];
    // A clock that moves 40 ms per reading: each slice "takes" 40 ms, each block is one slice.
    const host = new NodeHost((message) => posted.push(message), {
      defer: (task) => tasks.push(task),
      elapsedMs: () => (clock += 40),
    });
    const state = createNode({
      address: 'localhost:5000',
      nodeIdentifier: '0'.repeat(32),
      rules: { proofRule: 'seed', difficulty: 1, resolveRule: 'seed' },
      timestamp: 1.5,
    });
    host.receive({ type: 'init', state, epochSeconds: 0 });
    for (let id = 1; id <= 12; id++) {
      host.receive({ type: 'request', id, request: { method: 'GET', path: '/mine' }, at: id });
      while (!posted.some((m) => m.type === 'response' && m.id === id)) {
        const task = tasks.shift();
        if (task) {
          task();
          continue;
        }
        const found = posted.filter((m) => m.type === 'pause').at(-1);
        if (found?.type !== 'pause') throw new Error('the node stopped without finding a proof');
        host.receive({ type: 'release', gate: found.gate, count: 'finish' });
      }
    }
    const rates = posted.flatMap((m) => (m.type === 'progress' ? [m.rate] : []));
    // Blocks of one 40 ms slice each: the meter runs on across them and reports every 250 ms or so.
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const rate of rates) expect(rate).toBeGreaterThan(0);
  });
});

describe('a hosted node with a share of the machine', () => {
  const state = createNode({
    address: 'localhost:5000',
    nodeIdentifier: '0'.repeat(32),
    rules: { proofRule: 'seed', difficulty: 6, resolveRule: 'seed' },
    timestamp: 1.5,
  });

  /**
   * A host on a clock that moves 10 ms per reading (a slice "takes" 10 ms) and by each rest, with
   * a share of a quarter; `run` runs up to `limit` of its queued tasks, one at a time.
   */
  function quarterShareHost() {
    const posted: FromNode[] = [];
    const rests: number[] = [];
    let clock = 0;
    let next: (() => void) | undefined;
    const host = new NodeHost((message) => posted.push(message), {
      defer: (task) => {
        next = task;
      },
      elapsedMs: () => (clock += 10),
      later: (task, ms) => {
        rests.push(ms);
        clock += ms;
        next = task;
      },
    });
    host.receive({ type: 'init', state, epochSeconds: 0 });
    host.receive({ type: 'share', share: 0.25 });
    const run = (limit: number) => {
      for (let i = 0; i < limit && next; i++) {
        const task = next;
        next = undefined;
        task();
      }
    };
    return { host, posted, rests, run };
  }

  it('rests between slices in proportion, and counts the rests in its rate', () => {
    const { host, posted, rests, run } = quarterShareHost();
    host.receive({ type: 'request', id: 1, request: { method: 'GET', path: '/mine' }, at: 0 });
    run(40);
    // A quarter of the time: three times the slice's 10 ms of rest after each.
    expect(rests.length).toBeGreaterThan(10);
    for (const rest of rests) expect(rest).toBe(30);
    const rates = posted.flatMap((m) => (m.type === 'progress' ? [m.rate] : []));
    // The scalar kernel's slices of 20,000 guesses, every 50 ms of this clock (20 working, 30
    // resting): 400,000 a second. Without the rests it would say a million.
    expect(rates.length).toBeGreaterThan(0);
    for (const rate of rates.slice(1)) expect(rate).toBe(400_000);
  });

  it('mines flat out in step mode, where the nodes waiting at gates are not really mining', () => {
    const { host, posted, rests, run } = quarterShareHost();
    host.receive({ type: 'mode', step: true, report: true, replay: false });
    host.receive({ type: 'request', id: 1, request: { method: 'GET', path: '/mine' }, at: 0 });
    const gate = posted.find((m) => m.type === 'pause');
    if (gate?.type !== 'pause') throw new Error('no guess gate');
    host.receive({ type: 'release', gate: gate.gate, count: 'finish' });
    run(10);
    expect(posted.filter((m) => m.type === 'progress').length).toBeGreaterThan(0);
    expect(rests).toEqual([]);
  });

  it('does not take a share for a network message (nothing to settle)', () => {
    const posted: FromNode[] = [];
    const host = new NodeHost((message) => posted.push(message), { defer: () => {}, elapsedMs: () => 0 });
    host.receive({ type: 'init', state, epochSeconds: 0 });
    host.receive({ type: 'mode', step: true, report: true, replay: false });
    posted.length = 0;
    host.receive({ type: 'share', share: 0.5 });
    expect(posted).toEqual([]);
  });
});

describe('a hosted node resolving in run mode', () => {
  /** Resolves against one neighbour answering `chain`; returns the steps of its trace messages. */
  function resolveAgainst(chain: Chain, own?: Chain) {
    const posted: FromNode[] = [];
    const host = new NodeHost((message) => posted.push(message), { defer: (task) => task(), elapsedMs: () => 0 });
    const state = createNode({
      address: 'localhost:5000',
      nodeIdentifier: '0'.repeat(32),
      rules: QUICK_RULES,
      timestamp: 1.5,
    });
    const init = { ...state, chain: own ?? state.chain, neighbours: ['localhost:5001'] };
    host.receive({ type: 'init', state: init, epochSeconds: 0 });
    host.receive({ type: 'request', id: 1, request: { method: 'GET', path: '/nodes/resolve' }, at: 0 });
    const fetch = posted.find((m) => m.type === 'fetch');
    if (fetch?.type !== 'fetch') throw new Error('the node asked no neighbour');
    const body = jsonResponse(200, { chain: [...chain], length: BigInt(chain.length) });
    host.receive({ type: 'reply', fetchId: fetch.fetchId, reply: { ok: true, response: body }, at: 0 });
    expect(posted.at(-1)?.type).toBe('response');
    return { posted, steps: posted.flatMap((m) => (m.type === 'trace' ? m.steps : [])) };
  }

  /** The chain a page's handle on the node has after these messages, starting from `own`. */
  function onThePage(posted: readonly FromNode[], own?: Chain) {
    let listener: (message: FromNode) => void = () => {};
    const snapshots: (NodeSnapshot | null)[] = [];
    const none = () => {};
    const state = createNode({
      address: 'localhost:5000',
      nodeIdentifier: '0'.repeat(32),
      rules: QUICK_RULES,
      timestamp: 1.5,
    });
    const chain = own ?? state.chain;
    const connection = connectPort(
      { send: none, close: none, listen: (onMessage) => (listener = onMessage) },
      { state: { ...state, chain }, hashes: chain.map(blockHash), epochSeconds: 0 },
      pageEvents((_id, _response, _outcome, snapshot) => snapshots.push(snapshot)),
    );
    connection.request(1, { method: 'GET', path: '/nodes/resolve' }, 0);
    for (const message of posted) listener(message);
    expect(snapshots).toHaveLength(1);
    return { chain: snapshots[0]?.state.chain, hashes: snapshots[0]?.hashes };
  }

  it('sends no check that holds (the page shows those in step mode only), and every step around them', () => {
    const { steps } = resolveAgainst(minedChain(6));
    expect(steps.map((step) => step.kind)).toEqual(['begin', 'request', 'compare', 'verdict', 'candidate', 'end']);
    expect(steps.find((step) => step.kind === 'verdict')).toMatchObject({ valid: true });
  });

  it('sends the check that failed, before its verdict', () => {
    const chain = minedChain(6).map((block, i) => {
      const fields = block as JsonObject;
      return i === 4 ? { ...fields, proof: Number(fields.proof) + 1 } : block;
    });
    const { steps } = resolveAgainst(chain);
    const checks = steps.flatMap((step) => (step.kind === 'check' ? [step.check] : []));
    expect(checks).toEqual([expect.objectContaining({ check: 'proof', position: 4, ok: false })]);
    expect(steps.map((step) => step.kind).slice(2, 5)).toEqual(['compare', 'check', 'verdict']);
    expect(steps.find((step) => step.kind === 'verdict')).toMatchObject({ valid: false });
  });

  it('sends a long adopted chain in parts of at most CHAIN_PART blocks, which the page puts together', () => {
    const adopted = minedChain(CHAIN_PART * 2 + 10);
    const { posted } = resolveAgainst(adopted);
    const parts = posted.flatMap((m) => (m.type === 'blocks' ? [m] : []));
    const response = posted.at(-1);
    if (response?.type !== 'response') throw new Error('no response');
    expect(parts.map((m) => [m.id, m.append.length, m.hashes.length])).toEqual([
      [1, CHAIN_PART, CHAIN_PART],
      [1, CHAIN_PART, CHAIN_PART],
    ]);
    expect(response.chain.keep).toBe(0);
    expect(response.chain.append).toHaveLength(11);
    // The page's side: a handle fed the same messages has the whole chain, each block with its hash.
    expect(onThePage(posted)).toEqual({ chain: adopted, hashes: adopted.map(blockHash) });
  });

  it('sends only the blocks after the part it already shares with the page (the same by hash)', () => {
    const adopted = minedChain(CHAIN_PART * 2 + 110);
    // Its own chain: the first 100 blocks of the one it adopts, as objects of its own.
    const own = structuredClone(adopted.slice(0, 100));
    const { posted } = resolveAgainst(adopted, own);
    const parts = posted.flatMap((m) => (m.type === 'blocks' ? [m.append.length] : []));
    const response = posted.at(-1);
    if (response?.type !== 'response') throw new Error('no response');
    expect(response.chain.keep).toBe(100);
    expect(parts).toEqual([CHAIN_PART, CHAIN_PART]);
    // 611 blocks with genesis: 100 kept, then 250, 250 and the last 11 with the response.
    expect(response.chain.append).toHaveLength(11);
    expect(response.chain.hashes).toEqual(adopted.slice(-11).map(blockHash));
    expect(onThePage(posted, own)).toEqual({ chain: adopted, hashes: adopted.map(blockHash) });
  });
});

describe('a long answer between workers, through the page', () => {
  const none = () => {};
  const events = (response: (r: HttpResponse) => void) => pageEvents((_id, r) => response(r));

  it('goes as bytes the worker hands over, on to the asker as bytes, and reads as the text it was', () => {
    // The neighbour: a node whose chain (120 blocks) makes a long answer to GET /chain.
    const neighbour = minedNode(120, QUICK_RULES, 'localhost:5001');
    // Each message is sent as postMessage sends it: a copy, with the listed buffers handed over.
    const sent: { readonly original: FromNode; readonly copy: FromNode; readonly buffer?: ArrayBuffer }[] = [];
    const host = new NodeHost(
      (original, transfer) =>
        sent.push({ original, copy: structuredClone(original, { transfer }), buffer: transfer?.[0] }),
      { defer: (task) => task(), elapsedMs: () => 0 },
    );
    host.receive({ type: 'init', state: neighbour, epochSeconds: 0 });
    host.receive({ type: 'request', id: 1, request: { method: 'GET', path: '/chain' }, at: 0 });
    const { original, copy: message, buffer } = sent.at(-1) ?? {};
    if (message?.type !== 'response' || !('bytes' in message.response)) throw new Error('no answer as bytes');
    if (original?.type !== 'response' || !('bytes' in original.response)) throw new Error('no answer as bytes');
    // Handed over, not copied: the worker's bytes are gone from it once sent.
    expect(buffer).toBe(original.response.bytes.buffer);
    expect(original.response.bytes.byteLength).toBe(0);
    const text = jsonResponse(200, { chain: [...neighbour.chain], length: BigInt(neighbour.chain.length) });

    // The page's handle on the neighbour: the answer, its text made only when read.
    let listen: (m: FromNode) => void = none;
    const answers: HttpResponse[] = [];
    const init = (state: NodeState) => ({ state, hashes: state.chain.map(blockHash), epochSeconds: 0 });
    const page = connectPort(
      { send: none, close: none, listen: (onMessage) => (listen = onMessage) },
      init(neighbour),
      events((r) => answers.push(r)),
    );
    page.request(1, { method: 'GET', path: '/chain' }, 0);
    listen(message);
    const answer = answers[0] as HttpResponse;
    expect(bodyStart(answer, 40)).toBe(text.body.slice(0, 40));
    expect({ ...answer }).toEqual(text);

    // The asker's handle passes it on as the same bytes (postMessage copies them), which read as the text.
    const toAsker: ToNode[] = [];
    const asker = connectPort(
      { send: (m) => toAsker.push(m), close: none, listen: none },
      init(minedNode(1)),
      events(none),
    );
    asker.reply(7, { ok: true, response: answer }, 0);
    const reply = toAsker.at(-1);
    if (reply?.type !== 'reply' || !reply.reply.ok || !('bytes' in reply.reply.response)) throw new Error('no bytes');
    expect(reply.reply.response.bytes).toBe(message.response.bytes);
    expect(replyFromWire(reply.reply)).toEqual({ ok: true, response: text });
  });
});
