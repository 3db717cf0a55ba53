import { describe, expect, it } from 'vitest';
import { minedNode, QUICK_RULES } from '../../test/support/chains';
import { TestNetwork } from '../../test/support/network';
import { genesisBlock } from './block';
import { jsonResponse } from './http';
import { parseJson } from './json/read';
import type { JsonObject } from './json/value';
import type { NodeState } from './node';
import type { ResolveStep } from './resolve';
import type { Rules } from './rules';

const HARDENED: Rules = { ...QUICK_RULES, resolveRule: 'hardened' };

function network(nodes: Record<number, NodeState>) {
  const net = new TestNetwork(() => 1_700_000_000.5);
  for (const [port, state] of Object.entries(nodes)) net.nodes.set(Number(port), { state });
  const resolve = (port: number) => {
    net.traces.length = 0;
    const response = net.request(port, { method: 'GET', path: '/nodes/resolve' });
    const steps = net.traces.map((t) => (t.type === 'trace' ? t.step : null)).filter(Boolean) as ResolveStep[];
    return { response, body: parseJson(response.body) as JsonObject, steps };
  };
  return { net, resolve };
}

const withNeighbours = (state: NodeState, ...neighbours: string[]): NodeState => ({ ...state, neighbours });

describe('resolveConflicts', () => {
  it('adopts the longest valid chain among the neighbours', () => {
    const { net, resolve } = network({
      5000: withNeighbours(minedNode(1), 'localhost:5001', 'localhost:5002'),
      5001: minedNode(3, QUICK_RULES, 'localhost:5001'),
      5002: minedNode(2, QUICK_RULES, 'localhost:5002'),
    });
    const { body, steps } = resolve(5000);
    expect(body.message).toBe('Our chain was replaced');
    expect(net.nodes.get(5000)?.state.chain).toEqual(net.nodes.get(5001)?.state.chain);
    expect(steps.at(-1)).toEqual({ kind: 'end', replaced: true, winner: 'localhost:5001' });
  });

  it('keeps the first of equally long chains, and its own chain on a tie', () => {
    const first = minedNode(2, QUICK_RULES, 'localhost:5001');
    const second = minedNode(2, QUICK_RULES, 'localhost:5002');
    expect(first.chain).not.toEqual(second.chain);
    const fresh = network({
      5000: withNeighbours(minedNode(0), 'localhost:5001', 'localhost:5002'),
      5001: first,
      5002: second,
    });
    expect(fresh.resolve(5000).body.message).toBe('Our chain was replaced');
    expect(fresh.net.nodes.get(5000)?.state.chain).toEqual(first.chain);
    const even = network({
      5000: withNeighbours(minedNode(2), 'localhost:5001', 'localhost:5002'),
      5001: first,
      5002: second,
    });
    expect(even.resolve(5000).body.message).toBe('Our chain is authoritative');
  });

  it('skips an unreachable neighbour with a reason and keeps the better chain found before it', () => {
    const { net, resolve } = network({
      5000: withNeighbours(minedNode(0), 'localhost:5001', 'localhost:5999'),
      5001: minedNode(2, QUICK_RULES, 'localhost:5001'),
    });
    const { body, steps } = resolve(5000);
    expect(body.message).toBe('Our chain was replaced');
    expect(steps).toContainEqual({
      kind: 'skip',
      neighbour: 'localhost:5999',
      reason: 'connection refused by localhost:5999',
      code: 'unreachable',
    });
    expect(net.nodes.get(5000)?.state.chain).toHaveLength(3);
  });

  it('lets a neighbour that lies about its length win under "seed", but not under "hardened"', () => {
    const liar = jsonResponse(200, { chain: [genesisBlock(1000.5)], length: 99n });
    for (const [rules, message] of [
      [QUICK_RULES, 'Our chain was replaced'],
      [HARDENED, 'Our chain is authoritative'],
    ] as const) {
      const { net, resolve } = network({ 5000: withNeighbours(minedNode(2, rules), 'localhost:5010') });
      net.fakes.set(5010, () => liar);
      const { body, steps } = resolve(5000);
      expect(body.message).toBe(message);
      expect(steps.find((s) => s.kind === 'compare')).toMatchObject({ claimedLength: 99, countedLength: 1 });
    }
  });

  it('skips garbled answers with a reason under both profiles', () => {
    for (const rules of [QUICK_RULES, HARDENED]) {
      const { net, resolve } = network({
        5000: withNeighbours(minedNode(0, rules), 'localhost:5012', 'localhost:5016'),
      });
      net.fakes.set(5012, () => ({ status: 200, contentType: 'text/html', body: 'hello' }));
      net.fakes.set(5016, () => jsonResponse(200, { length: 3n }));
      const { body, steps } = resolve(5000);
      expect(body.message).toBe('Our chain is authoritative');
      const reasons = steps.flatMap((s) => (s.kind === 'skip' ? [s.reason] : []));
      expect(reasons).toEqual([expect.stringMatching(/^its answer is not JSON/), 'its answer has no "chain"']);
    }
  });

  it('rejects a longer chain that is invalid, at the block that fails, and keeps its own', () => {
    const other = minedNode(3, QUICK_RULES, 'localhost:5001');
    const tampered = structuredClone(other.chain) as JsonObject[];
    (tampered[1] as JsonObject).transactions = [];
    const { net, resolve } = network({
      5000: withNeighbours(minedNode(1), 'localhost:5001'),
      5001: { ...other, chain: tampered },
    });
    const { body, steps } = resolve(5000);
    expect(body.message).toBe('Our chain is authoritative');
    expect(steps.find((s) => s.kind === 'verdict')).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/^block 3:/),
    });
    expect(net.nodes.get(5000)?.state.chain).toHaveLength(2);
  });
});
