import { describe, expect, it } from 'vitest';
import { addNode, setContinuous } from '../src/store/actions';
import { CONTINUING_AT_ONCE } from '../src/store/session';
import type { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';

const NODES = CONTINUING_AT_ONCE + 2;
const lengths = () => store.getState().nodes.map((n) => n.snapshot.state.chain.length);
const total = () => lengths().reduce((a, b) => a + b, 0);
const settled = () => store.getState().nodes.every((n) => n.activity === null);

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((later) => setTimeout(later, 2));
  expect(done()).toBe(true);
}

/**
 * NODES nodes mining continuously at difficulty 1, each with its first block forged and waiting
 * for the page. The page's idle moments are run one at a time by the test.
 */
async function waitingNetwork(): Promise<{ sim: Simulator; moments: (() => void)[] }> {
  const moments: (() => void)[] = [];
  const sim = startTestNetwork({ proofRule: 'seed', difficulty: 1, resolveRule: 'seed' }, 0, (callback) => {
    moments.push(callback);
  });
  for (let i = store.getState().nodes.length; i < NODES; i++) expect(addNode(sim)).toBeNull();
  await until(() => store.getState().nodes.length === NODES);
  for (const node of store.getState().nodes) setContinuous(sim, node.address, true);
  await until(() => settled() && lengths().every((length) => length === 2));
  // One idle moment asked for, for them all.
  expect(moments).toHaveLength(1);
  return { sim, moments };
}

describe('mining continuously, paced by the page', () => {
  it('starts a few waiting nodes per moment of idle time, the longest waiting first', async () => {
    const { moments } = await waitingNetwork();
    moments.shift()?.();
    await until(() => settled() && total() === NODES * 2 + CONTINUING_AT_ONCE);
    const first = lengths().map((length) => length === 3);
    expect(first.filter(Boolean)).toHaveLength(CONTINUING_AT_ONCE);

    // The two left waiting go next, before the four just served (now at the back of the queue).
    expect(moments).toHaveLength(1);
    moments.shift()?.();
    await until(() => settled() && total() === NODES * 2 + 2 * CONTINUING_AT_ONCE);
    const second = lengths();
    expect(second.filter((length, i) => length === 3 && !first[i])).toHaveLength(2);
    expect(second.filter((length) => length === 4)).toHaveLength(CONTINUING_AT_ONCE - 2);
    // Nothing starts between idle moments.
    await new Promise((later) => setTimeout(later, 50));
    expect(total()).toBe(NODES * 2 + 2 * CONTINUING_AT_ONCE);
    moments.shift()?.();
  });

  it('gives no turn to a node switched off while it waited', async () => {
    const { sim, moments } = await waitingNetwork();
    const [off1, off2] = store.getState().nodes;
    setContinuous(sim, off1?.address ?? '', false);
    setContinuous(sim, off2?.address ?? '', false);
    moments.shift()?.();
    // The four others start, not two of them.
    await until(() => settled() && total() === NODES * 2 + CONTINUING_AT_ONCE);
    expect(lengths().slice(0, 2)).toEqual([2, 2]);
    // Switched on again, a node mines at once, and only once per block.
    setContinuous(sim, off1?.address ?? '', true);
    await until(() => settled() && lengths()[0] === 3);
    moments.shift()?.();
  });
});
