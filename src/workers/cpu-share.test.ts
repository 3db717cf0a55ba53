import { describe, expect, it } from 'vitest';
import { MiningShare } from './cpu-share';

function setUp(budget: number) {
  const told: [string, number][] = [];
  const tasks: (() => void)[] = [];
  const share = new MiningShare<string>(
    budget,
    (node, part) => told.push([node, part]),
    (task) => tasks.push(task),
  );
  const settle = () => {
    while (tasks.length > 0) tasks.shift()?.();
  };
  return { share, told, settle };
}

describe('the miners share of the machine', () => {
  it('leaves the page half a core, and half a core at least to the miners', () => {
    expect(MiningShare.budgetFor(2)).toBe(1.5);
    expect(MiningShare.budgetFor(8)).toBe(7.5);
    expect(MiningShare.budgetFor(1)).toBe(0.5);
  });

  it('lets fewer miners than the budget mine all the time, and splits it among more', () => {
    const { share, told, settle } = setUp(1.5);
    const nodes = Array.from({ length: 16 }, (_, i) => `n${i}`);
    for (const node of nodes) share.joined(node);
    settle();
    expect(told).toEqual([]);
    share.started('n0', 1);
    settle();
    expect(share.share()).toBe(1);
    expect(told).toEqual([]);
    for (const [i, node] of nodes.entries()) share.started(node, 100 + i);
    settle();
    expect(share.share()).toBeCloseTo(1.5 / 16);
    // One message per node for a burst of changes, not one per change.
    expect(told).toHaveLength(16);
    expect(new Set(told.map(([, part]) => part))).toEqual(new Set([1.5 / 16]));
  });

  it('gives the time back as miners stop, and forgets removed nodes', () => {
    const { share, told, settle } = setUp(1.5);
    for (const node of ['a', 'b', 'c']) {
      share.joined(node);
      share.started(node, 1);
    }
    settle();
    expect(told.map(([node, part]) => [node, part])).toEqual([
      ['a', 0.5],
      ['b', 0.5],
      ['c', 0.5],
    ]);
    told.length = 0;
    share.ended('a', 1);
    share.left('c');
    settle();
    expect(told).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    // An answer to a request that was not mining changes nothing.
    told.length = 0;
    share.ended('b', 99);
    settle();
    expect(told).toEqual([]);
  });
});
