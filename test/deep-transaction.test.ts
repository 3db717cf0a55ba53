import { describe, expect, it } from 'vitest';
import { blockHash } from '../src/core/block';
import { readJson } from '../src/core/json/read';
import { fieldOf } from '../src/core/json/value';
import type { Rules } from '../src/core/rules';
import { Network } from '../src/sim/network';
import { inProcessTransport } from '../src/workers/page/transports';
import { run, timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

/** A value `levels` containers deep: lists, or objects with one key. */
function nested(levels: number, kind: 'list' | 'object'): unknown {
  let value: unknown = 0;
  for (let i = 0; i < levels; i++) value = kind === 'list' ? [value] : { a: value };
  return value;
}

function setup() {
  const network = new Network({
    rules: RULES,
    connect: inProcessTransport(timing),
    epochSeconds: 1_800_000_000,
    seed: 5,
  });
  network.addNode();
  network.addNode();
  const hashes = (address: string) => network.state(address)?.chain.map(blockHash);
  return { network, hashes };
}

// GET /chain wraps a transaction's values in five levels: {"chain": [{"transactions": [{"sender": ...
// The reader takes 1,000 levels, so a value may be 995 deep. The POST body wraps it in one level
// only, so values 996 to 999 deep used to be taken, and once mined made a chain nobody could read.
describe('a transaction nested deeper than a GET /chain answer can carry', () => {
  for (const kind of ['list', 'object'] as const) {
    it(`is refused with a 400 and changes nothing (${kind}s)`, async () => {
      const { network } = setup();
      const before = network.state('localhost:5000');
      for (const levels of [996, 997, 998, 999]) {
        const body = { sender: 'a', recipient: nested(levels, kind), amount: 1 };
        const response = await run(network, 'localhost:5000', 'POST', '/transactions/new', body);
        expect(response.status, `${levels} levels`).toBe(400);
        expect(response.body).toBe(
          `Invalid transaction: its values are nested ${levels} levels deep; in a block of GET /chain that is ${levels + 5} levels, more than the 1000 a node reads`,
        );
      }
      expect(network.state('localhost:5000')).toEqual(before);
    });
  }

  it('is taken at 995 levels, mined, served by GET /chain, and adopted by a neighbour', async () => {
    const { network, hashes } = setup();
    const body = { sender: nested(995, 'list'), recipient: nested(995, 'object'), amount: 1 };
    expect((await run(network, 'localhost:5000', 'POST', '/transactions/new', body)).status).toBe(201);
    expect((await run(network, 'localhost:5000', 'GET', '/mine')).status).toBe(200);
    const chain = await run(network, 'localhost:5000', 'GET', '/chain');
    expect(chain.status).toBe(200);
    const read = readJson(chain.body);
    expect(read.ok).toBe(true);
    expect(fieldOf(read.ok ? read.value : null, 'length')).toBe(2n);

    await run(network, 'localhost:5001', 'POST', '/nodes/register', { nodes: ['localhost:5000'] });
    const resolved = await run(network, 'localhost:5001', 'GET', '/nodes/resolve');
    expect(resolved.body).toContain('Our chain was replaced');
    expect(hashes('localhost:5001')).toEqual(hashes('localhost:5000'));
  });
});
