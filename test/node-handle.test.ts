import { describe, expect, it } from 'vitest';
import type { NodeSnapshot } from '../src/core/connection';
import type { HttpResponse } from '../src/core/http';
import { createNode } from '../src/core/node';
import { connectPort, type NodePort } from '../src/workers/page/node-handle';
import type { FromNode, ToNode } from '../src/workers/protocol';

/** A port whose far end we play by hand: the worker "dies" when we say so. */
function fakePort() {
  const sent: ToNode[] = [];
  let onError: (reason: string) => void = () => {};
  let onMessage: (message: FromNode) => void = () => {};
  let closed = false;
  const port: NodePort = {
    send: (message) => sent.push(message),
    listen(message, error) {
      onMessage = message;
      onError = error;
    },
    close: () => {
      closed = true;
    },
  };
  return {
    port,
    sent,
    crash: (reason: string) => onError(reason),
    say: (m: FromNode) => onMessage(m),
    closed: () => closed,
  };
}

describe('a node handle', () => {
  const state = createNode({
    address: 'localhost:5000',
    nodeIdentifier: '0'.repeat(32),
    rules: { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' },
    timestamp: 1.5,
  });

  it('answers every open and later request with 503 when its worker dies, and never hangs', () => {
    const far = fakePort();
    const answers: [number, HttpResponse, NodeSnapshot | null][] = [];
    const failures: string[] = [];
    const connection = connectPort(
      far.port,
      { state, hashes: ['h'], epochSeconds: 0 },
      {
        response: (id, response, _outcome, snapshot) => answers.push([id, response, snapshot]),
        fetch: () => {},
        trace: () => {},
        progress: () => {},
        pause: () => {},
        settled: () => {},
        failed: (reason) => failures.push(reason),
      },
    );
    expect(far.sent[0]).toMatchObject({ type: 'init' });
    connection.request(1, { method: 'GET', path: '/mine' }, 0);
    connection.request(2, { method: 'GET', path: '/chain' }, 0);
    far.say({
      type: 'response',
      id: 2,
      response: { status: 200, contentType: 'application/json', body: '{}' },
      outcome: { kind: 'chain', length: 1 },
      state,
      chain: { keep: 1, append: [], hashes: [], problems: [] },
      idle: null,
    });
    far.crash('the worker failed: out of memory');
    expect(answers.map(([id, r, s]) => [id, r.status, s === null])).toEqual([
      [2, 200, false],
      [1, 503, true],
    ]);
    expect(answers[1]?.[1].body).toContain('out of memory');
    expect(failures).toEqual(['the worker failed: out of memory']);
    expect(far.closed()).toBe(true);
    connection.request(3, { method: 'GET', path: '/chain' }, 0);
    expect(answers.at(-1)?.[0]).toBe(3);
    expect(answers.at(-1)?.[1].status).toBe(503);
    // Whatever a dead worker still sends is ignored.
    far.say({
      type: 'response',
      id: 1,
      response: { status: 200, contentType: 'text/plain', body: '' },
      outcome: { kind: 'chain', length: 1 },
      state,
      chain: { keep: 1, append: [], hashes: [], problems: [] },
      idle: null,
    });
    expect(answers).toHaveLength(3);
  });
});
