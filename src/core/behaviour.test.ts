import { describe, expect, it } from 'vitest';
import { minedNode, QUICK_RULES } from '../../test/support/chains';
import { TestNetwork } from '../../test/support/network';
import { type Behaviour, FORGED_AMOUNT, forgedChain, servedChain } from './behaviour';
import { blockHash } from './block';
import { parseJson } from './json/read';
import type { JsonObject } from './json/value';
import { labHandle } from './lab';
import type { NodeRef, NodeState } from './node';
import type { Rules } from './rules';
import { validChain } from './validation';

const ID = 'f'.repeat(32);

describe('what a misbehaving node serves', () => {
  const chain = minedNode(4).chain;

  it('is its chain when honest or absent, a larger length when it lies, a prefix when private', () => {
    for (const behaviour of [undefined, { kind: 'honest' } as Behaviour]) {
      expect(servedChain(chain, behaviour, ID)).toEqual({ chain, length: 5 });
    }
    expect(servedChain(chain, { kind: 'lies' }, ID)).toEqual({ chain, length: 104 });
    expect(servedChain(chain, { kind: 'private', shown: 2 }, ID)).toEqual({ chain: chain.slice(0, 2), length: 2 });
    expect(servedChain(chain.slice(0, 1), { kind: 'lies' }, ID).length).toBe(100);
  });

  it('forges the middle block (a reward to itself) without mining it again: valid_chain catches it', () => {
    const forged = servedChain(chain, { kind: 'forged' }, ID).chain;
    expect(forged).toHaveLength(5);
    const middle = forged[2] as JsonObject;
    expect(Object.keys(middle)).toEqual(Object.keys(chain[2] as JsonObject));
    expect((middle.transactions as JsonObject[]).at(-1)).toEqual({ sender: '0', recipient: ID, amount: FORGED_AMOUNT });
    expect(forged.filter((block, i) => block !== chain[i])).toEqual([middle]);
    const verdict = validChain(forged, QUICK_RULES);
    expect(!verdict.valid && verdict.failure).toMatchObject({ check: 'previous_hash', position: 3 });
    // A chain of one block has nothing after its block to catch the change.
    expect(validChain(forgedChain(chain.slice(0, 1), ID), QUICK_RULES).valid).toBe(true);
  });
});

/** 5000 (one block) registered with 5001, which misbehaves with `blocks` mined blocks. */
function pair(rules: Rules, blocks: number, kind: Behaviour['kind']) {
  let time = 1_700_000_000.5;
  const network = new TestNetwork(() => (time += 1));
  const us: NodeRef = { state: minedNode(0, rules, 'localhost:5000') };
  const them: NodeRef = { state: { ...minedNode(blocks, rules, 'localhost:5001'), address: 'localhost:5001' } };
  network.nodes.set(5000, us);
  network.nodes.set(5001, them);
  us.state = { ...us.state, neighbours: ['localhost:5001'] };
  const lab = (path: string, body: string) => {
    const run = labHandle(them, { method: 'POST', path, contentType: 'application/json', body }, () => 1.5);
    const step = run.next();
    if (!step.done) throw new Error('a behaviour is set at once');
    return step.value;
  };
  const set = lab('/lab/behaviour', JSON.stringify({ behaviour: kind }));
  expect(set.outcome).toEqual({ kind: 'behaviour', behaviour: kind });
  const resolve = () => parseJson(network.request(5000, { method: 'GET', path: '/nodes/resolve' }).body) as JsonObject;
  return { network, us, them, lab, resolve };
}

describe('misbehaving neighbours in resolve_conflicts', () => {
  it('a liar wins under the seed rule with a shorter chain, and loses under hardened', () => {
    const seed = pair(QUICK_RULES, 0, 'lies');
    seed.us.state = minedNode(2, QUICK_RULES, 'localhost:5000') as NodeState;
    seed.us.state = { ...seed.us.state, neighbours: ['localhost:5001'] };
    expect(seed.resolve().message).toBe('Our chain was replaced');
    expect(seed.us.state.chain).toHaveLength(1);

    const hardened = pair({ ...QUICK_RULES, resolveRule: 'hardened' }, 0, 'lies');
    hardened.us.state = { ...minedNode(2, hardened.us.state.rules, 'localhost:5000'), neighbours: ['localhost:5001'] };
    expect(hardened.resolve().message).toBe('Our chain is authoritative');
    expect(hardened.us.state.chain).toHaveLength(3);
  });

  it('a forged chain, longer, is refused', () => {
    const { resolve, us } = pair(QUICK_RULES, 4, 'forged');
    expect(resolve().message).toBe('Our chain is authoritative');
    expect(us.state.chain).toHaveLength(1);
  });

  it('a private miner shows what it had, and its whole chain once it releases', () => {
    const { resolve, us, them, lab, network } = pair(QUICK_RULES, 1, 'private');
    expect(them.state.behaviour).toEqual({ kind: 'private', shown: 2 });
    // It mines two more blocks, which it keeps to itself.
    network.request(5001, { method: 'GET', path: '/mine' });
    network.request(5001, { method: 'GET', path: '/mine' });
    expect(resolve().message).toBe('Our chain was replaced');
    expect(us.state.chain).toHaveLength(2);
    const released = lab('/lab/publish', '{}');
    expect(released.outcome).toEqual({ kind: 'published', shown: 2, length: 4 });
    expect(them.state.behaviour).toEqual({ kind: 'honest' });
    expect(resolve().message).toBe('Our chain was replaced');
    expect(us.state.chain.map(blockHash)).toEqual(them.state.chain.map(blockHash));
    // Nothing left to release.
    expect(lab('/lab/publish', '{}').response.status).toBe(409);
  });

  it('a private miner that takes a longer chain loses what it kept back, and keeps the next blocks again', () => {
    // 5001 has 3 blocks and goes private, mines 3 more it keeps back; 5000 has 7 blocks of its own.
    const { us, them, lab, network } = pair(QUICK_RULES, 2, 'private');
    for (let i = 0; i < 3; i++) network.request(5001, { method: 'GET', path: '/mine' });
    expect(them.state.chain).toHaveLength(6);
    expect(them.state.behaviour).toEqual({ kind: 'private', shown: 3 });
    us.state = { ...minedNode(6, QUICK_RULES, 'localhost:5000'), neighbours: us.state.neighbours };
    them.state = { ...them.state, neighbours: ['localhost:5000'] };
    const chainOf = (port: number) =>
      parseJson(network.request(port, { method: 'GET', path: '/chain' }).body) as JsonObject;

    const resolved = parseJson(network.request(5001, { method: 'GET', path: '/nodes/resolve' }).body) as JsonObject;
    expect(resolved.message).toBe('Our chain was replaced');
    expect(them.state.chain).toHaveLength(7);
    // Its own blocks lost the race: nothing is kept back, GET /chain shows the whole chain it took.
    expect(them.state.behaviour).toEqual({ kind: 'private', shown: 7 });
    expect(chainOf(5001).length).toBe(7n);

    // It still mines in private, from the new head.
    network.request(5001, { method: 'GET', path: '/mine' });
    expect(chainOf(5001).length).toBe(7n);
    const released = lab('/lab/publish', '{}');
    expect(released.outcome).toEqual({ kind: 'published', shown: 7, length: 8 });
    expect(chainOf(5001).length).toBe(8n);
  });

  it('refuses an unknown behaviour, and changes nothing', () => {
    const { lab, them } = pair(QUICK_RULES, 0, 'honest');
    const before = them.state;
    for (const body of ['{"behaviour": "evil"}', '{"behaviour": "lies", "x": 1}', '[]', '{']) {
      expect(lab('/lab/behaviour', body).response.status).toBe(400);
      expect(them.state).toBe(before);
    }
  });
});
