import { describe, expect, it } from 'vitest';
import { addNode } from '../src/store/actions';
import { CONTINUING_AT_ONCE, setContinuous } from '../src/store/runtime';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';

const lengths = () => store.getState().nodes.map((n) => n.snapshot.state.chain.length);
const idleNodes = () => store.getState().nodes.filter((n) => n.activity === null).length;

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !done(); i++) await new Promise((later) => setTimeout(later, 2));
  expect(done()).toBe(true);
}

describe('mining continuously, paced by the page', () => {
  it('starts a few waiting nodes per moment of idle time, the longest waiting first', async () => {
    // The page's idle moments, run one at a time by the test.
    const moments: (() => void)[] = [];
    startTestNetwork({ proofRule: 'seed', difficulty: 1, resolveRule: 'seed' }, 0, undefined, (callback) => {
      moments.push(callback);
    });
    const nodes = CONTINUING_AT_ONCE + 2;
    for (let i = store.getState().nodes.length; i < nodes; i++) expect(addNode()).toBeNull();
    await until(() => store.getState().nodes.length === nodes);
    for (const node of store.getState().nodes) setContinuous(node.address, true);
    // Each forges its first block at once, then waits for the page: one idle moment for them all.
    await until(() => idleNodes() === nodes && lengths().every((length) => length === 2));
    expect(moments).toHaveLength(1);

    moments.shift()?.();
    const total = () => lengths().reduce((a, b) => a + b, 0);
    await until(() => idleNodes() === nodes && total() === nodes * 2 + CONTINUING_AT_ONCE);
    expect(lengths().filter((length) => length === 3)).toHaveLength(CONTINUING_AT_ONCE);
    const first = lengths().map((length) => length === 3);

    // The two left waiting go next, with the earliest of those just served.
    expect(moments).toHaveLength(1);
    moments.shift()?.();
    await until(() => idleNodes() === nodes && total() === nodes * 2 + 2 * CONTINUING_AT_ONCE);
    const second = lengths();
    expect(second.filter((length, i) => length === 3 && !first[i])).toHaveLength(2);
    expect(second.filter((length) => length === 4)).toHaveLength(CONTINUING_AT_ONCE - 2);
    // Nothing starts between idle moments.
    await new Promise((later) => setTimeout(later, 50));
    expect(total()).toBe(nodes * 2 + 2 * CONTINUING_AT_ONCE);
  });
});
