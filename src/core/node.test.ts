import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUICK_RULES } from '../../test/support/chains';
import { TestNetwork } from '../../test/support/network';
import { parseJson } from './json/read';
import type { JsonObject } from './json/value';
import { createNode, type NodeRef } from './node';

function freshNetwork() {
  let time = 1_700_000_000.5;
  const network = new TestNetwork(() => (time += 1));
  const ref: NodeRef = {
    state: createNode({
      address: 'localhost:5000',
      nodeIdentifier: 'f'.repeat(32),
      rules: QUICK_RULES,
      timestamp: time,
    }),
  };
  network.nodes.set(5000, ref);
  const post = (path: string, body: string, contentType = 'application/json') =>
    network.request(5000, { method: 'POST', path, contentType, body });
  return { network, ref, post, get: (path: string) => network.request(5000, { method: 'GET', path }) };
}

describe('the node endpoints', () => {
  it('mines the pending transactions with the reward last, and empties the pool', () => {
    const { ref, post, get } = freshNetwork();
    expect(post('/transactions/new', '{"sender": "a", "recipient": "b", "amount": 5}').body).toBe(
      '{"message":"Transaction will be added to Block 2"}\n',
    );
    const mined = parseJson(get('/mine').body) as JsonObject;
    expect(mined).toMatchObject({ index: 2n, message: 'New Block Forged' });
    expect(mined.transactions).toEqual([
      { sender: 'a', recipient: 'b', amount: 5n },
      { sender: '0', recipient: 'f'.repeat(32), amount: 1n },
    ]);
    expect(ref.state.pendingTransactions).toEqual([]);
    expect(ref.state.chain).toHaveLength(2);
  });

  it('registers all valid nodes of a request, or none when one is bad', () => {
    const { ref, post } = freshNetwork();
    expect(post('/nodes/register', '{"nodes": ["http://localhost:5001", "localhost:5002"]}').status).toBe(201);
    expect(ref.state.neighbours).toEqual(['localhost:5001', 'localhost:5002']);
    const refused = post('/nodes/register', '{"nodes": ["localhost:5003", ""]}');
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('"" is not a node URL');
    expect(ref.state.neighbours).toEqual(['localhost:5001', 'localhost:5002']);
  });

  it('never throws and never changes state on junk requests', () => {
    const { network, ref } = freshNetwork();
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', '');
    const path = fc.oneof(fc.constantFrom('/transactions/new', '/nodes/register', '/chain/', '/x'), fc.string());
    const junkBody = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom(
        '{"sender": 1, "recipient": 2, "amount": NaN}',
        '{"nodes": "abc"}',
        '{"nodes": [1]}',
        'null',
        '[]',
      ),
    );
    const contentType = fc.constantFrom('application/json', 'text/plain', null, 'application/x+json');
    fc.assert(
      fc.property(method, path, junkBody, contentType, (m, p, body, type) => {
        const before = ref.state;
        const response = network.request(5000, { method: m, path: p, contentType: type, body });
        expect(response.status).toBeGreaterThanOrEqual(200);
        if (response.status >= 400) expect(ref.state).toBe(before);
        ref.state = before;
      }),
      { numRuns: 500 },
    );
  });

  it('answers 404 to paths named after Object.prototype members, with or without a slash', () => {
    const { network, ref } = freshNetwork();
    const before = ref.state;
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      for (const path of [name, `/${name}`]) {
        for (const method of ['GET', 'POST']) {
          const response = network.request(5000, { method, path });
          expect(response, `${method} ${path}`).toEqual({
            status: 404,
            contentType: 'text/html; charset=utf-8',
            body: `Not Found: there is no endpoint ${path}`,
          });
        }
      }
    }
    expect(ref.state).toBe(before);
  });

  it('refuses to mine on a last block that has no proof, and says why', () => {
    const { ref, get } = freshNetwork();
    ref.state = { ...ref.state, chain: [{ anything: 'goes' }] };
    const response = get('/mine');
    expect(response.status).toBe(409);
    expect(response.body).toContain('no proof');
  });
});
