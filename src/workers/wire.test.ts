import { describe, expect, it } from 'vitest';
import type { FromNode, ToNode } from './protocol';
import { batched, mergeSettled, nodeMessages, type Settling, toNodeBatch, toNodeInputs } from './wire';

/** What one task of a node posts, as the worker batches it. */
async function posted(messages: readonly FromNode[]): Promise<Settling | readonly Settling[]> {
  const sent: (Settling | readonly Settling[])[] = [];
  const post = batched<Settling>((batch) => sent.push(batch), mergeSettled);
  for (const message of messages) post(message);
  await Promise.resolve();
  expect(sent).toHaveLength(1);
  return sent[0] as Settling | readonly Settling[];
}

describe('a node\'s "settled" messages on the wire', () => {
  const pause: FromNode = { type: 'pause', id: 1, gate: 3, pause: { kind: 'found', proof: 7, tried: 8 } };
  const fetch: FromNode = {
    type: 'fetch',
    id: 2,
    fetchId: 1,
    neighbour: 'localhost:5001',
    url: 'http://localhost:5001/chain',
  };

  it('folds each into the message before it, and unfolds them in the same order', async () => {
    const sent: FromNode[] = [pause, { type: 'settled' }, fetch, { type: 'settled' }, { type: 'settled' }];
    const batch = await posted(sent);
    expect(batch).toHaveLength(2);
    expect([...nodeMessages(batch)].map((m) => (m.type === 'settled' ? `settled ${m.count}` : m.type))).toEqual([
      'pause',
      'settled 1',
      'fetch',
      'settled 2',
    ]);
  });

  it('keeps "settled"s that come first, counted', async () => {
    const batch = await posted([{ type: 'settled' }, { type: 'settled' }, pause]);
    expect([...nodeMessages(batch)]).toEqual([{ type: 'settled', count: 2 }, pause]);
  });

  it('sends a lone message as it is', async () => {
    const batch = await posted([fetch]);
    expect([...nodeMessages(batch)]).toEqual([fetch]);
  });
});

describe("a batch of a node's inputs on the wire", () => {
  it('crosses as one JSON text when every input is plain, and reads back the same', () => {
    const inputs: ToNode[] = [
      { type: 'request', id: 4, request: { method: 'GET', path: '/mine' }, at: 1234.5600000001 },
      { type: 'release', gate: 9, count: 'finish', proof: 35293 },
      { type: 'release', gate: 10, count: 1000 },
      { type: 'request', id: 5, request: { method: 'POST', path: '/x', contentType: null, body: '\ud800 "é"' }, at: 0 },
    ];
    const batch = toNodeBatch(inputs);
    expect(typeof batch).toBe('string');
    expect(toNodeInputs(batch)).toEqual(inputs);
  });

  it('goes as objects when one input carries blocks (bigints), and alone as it is', () => {
    const init: ToNode = {
      type: 'init',
      epochSeconds: 1,
      state: {
        address: 'localhost:5000',
        nodeIdentifier: 'a',
        chain: [{ index: 1n }],
        pendingTransactions: [],
        neighbours: [],
        rules: { proofRule: 'seed', difficulty: 3, resolveRule: 'seed' },
      },
    } as unknown as ToNode;
    const release: ToNode = { type: 'release', gate: 1, count: 'finish' };
    expect(toNodeBatch([release, init])).toEqual([release, init]);
    expect(toNodeInputs(toNodeBatch(release))).toEqual([release]);
  });
});
