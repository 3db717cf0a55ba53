import { describe, expect, it } from 'vitest';
import { blockHash, genesisBlock } from '../../src/core/block';
import { type HttpRequest, type HttpResponse, jsonResponse, TEXT_TYPE } from '../../src/core/http';
import { parseJson } from '../../src/core/json/read';
import { containsNonFinite, type Json, type JsonObject } from '../../src/core/json/value';
import { createNode } from '../../src/core/node';
import { REFERENCE_RULES } from '../../src/core/rules';
import { TestNetwork } from '../support/network';
import { haveVectors, list, object, readVector, text, vectorSuite } from '../support/vectors';

interface Step {
  readonly name: string;
  readonly port: number;
  readonly request: HttpRequest;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

function stepsOf(file: JsonObject): Step[] {
  return list(file.steps).map((s) => {
    const step = object(s);
    const request = object(step.request);
    return {
      name: text(step.step),
      port: Number(step.node),
      request: {
        method: text(request.method),
        path: text(request.path),
        contentType: request.content_type as string | null,
        body: request.body as string | null,
      },
      status: Number(step.status),
      contentType: text(step.response_content_type),
      body: text(step.response_body),
    };
  });
}

/** Genesis timestamps and block timestamps, read back from the chains the reference returned. */
function timestampsOf(steps: Step[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const step of steps) {
    if (step.status !== 200 || !step.body.startsWith('{')) continue;
    const body = object(parseJson(step.body));
    const chain = body.chain ?? body.new_chain;
    if (!Array.isArray(chain)) continue;
    chain.forEach((block, i) => {
      const { timestamp } = object(block);
      if (i === 0 && !seen.has(`genesis ${step.port}`)) seen.set(`genesis ${step.port}`, Number(timestamp));
      else seen.set(`block ${i + 1} ${text(object(block).previous_hash)}`, Number(timestamp));
    });
  }
  return seen;
}

function networkFor(file: JsonObject, steps: Step[]) {
  const timestamps = timestampsOf(steps);
  let mining: { port: number } | null = null;
  const network = new TestNetwork(() => {
    const ref = mining && network.nodes.get(mining.port);
    if (!ref) throw new Error('the clock is only read when a block is forged');
    const tip = ref.state.chain.length;
    const last = object(ref.state.chain[tip - 1]);
    return timestamps.get(`block ${tip + 1} ${blockHash(last)}`) ?? 0;
  });
  for (const [port, id] of Object.entries(object(file.node_identifiers))) {
    const timestamp = timestamps.get(`genesis ${port}`) ?? 1.5;
    network.nodes.set(Number(port), {
      state: createNode({ address: `127.0.0.1:${port}`, nodeIdentifier: text(id), rules: REFERENCE_RULES, timestamp }),
    });
  }
  return {
    network,
    send(step: Step): HttpResponse {
      mining = { port: step.port };
      return network.request(step.port, step.request);
    },
  };
}

/** total_nodes is a Python set: its order is arbitrary, so compare it as a set. */
function normalised(body: string): Json {
  const value = parseJson(body);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray(value.total_nodes)) {
    return { ...value, total_nodes: [...value.total_nodes].map(String).sort() };
  }
  return value;
}

function expectSameAnswer(actual: HttpResponse, step: Step): void {
  expect(actual.status).toBe(step.status);
  expect(actual.contentType).toBe(step.contentType);
  if (step.contentType === 'application/json' && step.body.includes('total_nodes')) {
    expect(normalised(actual.body)).toEqual(normalised(step.body));
  } else {
    expect(actual.body).toBe(step.body);
  }
}

function expectClearError(actual: HttpResponse, status = 400): void {
  expect(actual.status).toBe(status);
  expect(actual.contentType).toBe(TEXT_TYPE);
  expect(actual.body.length).toBeGreaterThan(10);
  expect(actual.body).not.toMatch(/<html|Traceback/);
}

describe.skipIf(!haveVectors)(vectorSuite('HTTP: the seed scenario, byte for byte'), () => {
  const file = haveVectors ? readVector('http-seed-scenario.json') : {};
  const steps = haveVectors ? stepsOf(file) : [];
  const { send } = haveVectors ? networkFor(file, steps) : { send: () => jsonResponse(500, null) };

  it('has all 27 steps', () => expect(steps).toHaveLength(27));
  // The steps build on each other, so they run in order within one network.
  it.each(steps.map((s) => [s.name, s] as const))('%s', (_name, step) => {
    expectSameAnswer(send(step), step);
  });
});

describe.skipIf(!haveVectors)(vectorSuite('HTTP: the reference edge cases'), () => {
  const file = haveVectors ? readVector('http-edge-cases.json') : {};
  const steps = haveVectors ? stepsOf(file) : [];
  const harness = haveVectors ? networkFor(file, steps) : null;

  // The reference's crafted peers (see fake_peers in the vector file).
  const lying = [{ ...genesisBlock(1000.5) }];
  const two = (second: JsonObject) => [genesisBlock(1000.5), second];
  const fake = (status: number, contentType: string, body: string) => () => ({ status, contentType, body });
  const json = (value: Json) => () => jsonResponse(200, value);
  const fakes: Record<number, () => HttpResponse> = {
    5010: json({ chain: lying, length: 99n }),
    5011: fake(404, 'text/plain', 'not here'),
    5012: fake(200, 'text/html', 'hello'),
    5013: json({ chain: [], length: 5n }),
    5014: json({ chain: lying, length: '9' }),
    5015: json({ chain: two({ ...genesisBlock(1001), index: 2n, previous_hash: 'f'.repeat(64) }), length: 2n }),
    5016: json({ length: 3n }),
    5017: json({ chain: two({ index: 2n, proof: 1n, timestamp: 1001.0, transactions: [] }), length: 2n }),
  };
  for (const [port, answer] of Object.entries(fakes)) harness?.network.fakes.set(Number(port), answer);

  /** Where we answer differently from the reference, and why (see PROTOCOL.md and issue 2). */
  const differs: Record<string, (actual: HttpResponse, step: Step) => void> = {
    // The reference crashes (500) on these bodies; we refuse them with a message.
    'E04-tx-array-of-keys': (a) => expectClearError(a),
    'E05-tx-json-string-body': (a) => expectClearError(a),
    'E06-tx-json-null-body': (a) => expectClearError(a),
    'E07-tx-json-number-body': (a) => expectClearError(a),
    // Werkzeug's HTML error page is not copied: a plain message says what is wrong.
    'E08-tx-malformed-json': (a) => expectClearError(a),
    'E09-tx-no-content-type': (a) => expectClearError(a),
    'E10-tx-text-plain': (a) => expectClearError(a),
    'N14-register-no-content-type': (a) => expectClearError(a),
    'M01-post-mine': (a) => expectClearError(a, 405),
    'M02-get-transactions-new': (a) => expectClearError(a, 405),
    'M03-unknown-path': (a) => expectClearError(a, 404),
    'M04-chain-trailing-slash': (a) => expectClearError(a, 404),
    // NaN and infinities are not JSON: the reference takes them and then serves invalid JSON.
    'E12-tx-nan-amount-accepted': (a) => expectClearError(a),
    'E13-tx-infinity-amount-accepted': (a) => expectClearError(a),
    'E14-tx-huge-exponent': (a) => expectClearError(a),
    // ...so the block mined next holds only the finite transactions; proof and hash are unchanged.
    'E16-mine-with-nonfinite': (a, s) => expect(parseJson(a.body)).toEqual(withoutNonFinite(parseJson(s.body))),
    'E17-chain-with-nonfinite': (a, s) => expect(parseJson(a.body)).toEqual(withoutNonFinite(parseJson(s.body))),
    // Nonsense node lists are refused whole; the reference registers part of them, or crashes.
    'N04-register-empty-string-list': (a) => expectClearError(a),
    'N05-register-body-array': (a) => expectClearError(a),
    'N06-register-nodes-int': (a) => expectClearError(a),
    'N07-register-nodes-list-of-int': (a) => expectClearError(a),
    'N12-register-string-not-list': (a) => expectClearError(a),
    'N15-register-partial-then-error': (a) => expectClearError(a),
    // "localhost:5001" keeps its host; the reference (Python 3.9+) stores just "5001".
    'N08-register-localhost-schemeless': (a) => expectNodes(a, ['localhost:5001']),
    'N09-register-url-with-path': (a) => expectNodes(a, ['localhost:5001', '127.0.0.1:5001']),
    'N10-register-schemeless-with-path': (a) =>
      expectNodes(a, ['localhost:5001', '127.0.0.1:5001', '127.0.0.1:5001/sub']),
    'N11-register-duplicate': (a) => expectNodes(a, ['localhost:5001', '127.0.0.1:5001', '127.0.0.1:5001/sub']),
    'N13-register-malformed-scheme': (a) =>
      expectNodes(a, ['localhost:5001', '127.0.0.1:5001', '127.0.0.1:5001/sub', 'http//192.168.0.1:5000']),
    'N16-register-empty-list-to-list-nodes': (a) => expectNodes(a, ['127.0.0.1:5999']),
    // An unreachable or garbled neighbour is skipped with a reason; the reference crashes (500).
    'C5003-resolve': (a) => expectAuthoritative(a, 5003),
    'C5006-resolve': (a) => expectAuthoritative(a, 5006),
    'C5007-resolve': (a) => expectAuthoritative(a, 5007),
    'C5008-resolve': (a) => expectAuthoritative(a, 5008),
    'C5021-resolve': (a) => expectAuthoritative(a, 5021),
    'C5022-resolve': (a) => expectAuthoritative(a, 5022),
  };

  function expectNodes(actual: HttpResponse, nodes: string[]): void {
    expect(actual.status).toBe(201);
    expect(normalised(actual.body)).toEqual({ message: 'New nodes have been added', total_nodes: [...nodes].sort() });
  }

  function expectAuthoritative(actual: HttpResponse, port: number): void {
    const chain = harness?.network.nodes.get(port)?.state.chain ?? [];
    expect(actual.status).toBe(200);
    expect(actual.body).toBe(jsonResponse(200, { chain, message: 'Our chain is authoritative' }).body);
  }

  /** The reference's answer less the transactions we refused (those holding NaN or an infinity). */
  function withoutNonFinite(value: Json, key = ''): Json {
    if (Array.isArray(value)) {
      const kept = key === 'transactions' ? value.filter((item) => !containsNonFinite(item)) : value;
      return kept.map((item) => withoutNonFinite(item));
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNonFinite(v, k)]));
    }
    return value;
  }

  it('has all 71 steps', () => expect(steps).toHaveLength(71));
  it.each(steps.map((s) => [s.name, s] as const))('%s', (name, step) => {
    const before = harness?.network.nodes.get(step.port)?.state;
    const actual = harness?.send(step) as HttpResponse;
    const check = differs[name];
    if (check) check(actual, step);
    else expectSameAnswer(actual, step);
    // A refused request changes nothing.
    if (actual.status >= 400) expect(harness?.network.nodes.get(step.port)?.state).toBe(before);
  });
});
