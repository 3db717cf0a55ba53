import { describe, expect, it } from 'vitest';
import { MiningShare } from './cpu-share';

function setUp(budget: number) {
  const told: [string, number][] = [];
  const tasks: (() => void)[] = [];
  const seconds: (() => void)[] = [];
  const share = new MiningShare<string>(
    budget,
    (node, part) => told.push([node, part]),
    (task) => tasks.push(task),
    (task) => seconds.push(task),
  );
  /** The recount after a burst of changes (100 ms). */
  const settle = () => {
    while (tasks.length > 0) tasks.shift()?.();
  };
  /** A second goes by: the raises waiting for it are made. */
  const aSecond = () => {
    settle();
    for (const task of seconds.splice(0)) task();
  };
  return { share, told, settle, aSecond };
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

  it('gives the time back as miners stop, once it has held for a second, and forgets removed nodes', () => {
    const { share, told, settle, aSecond } = setUp(1.5);
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
    expect(told).toEqual([]);
    aSecond();
    expect(told).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    // An answer to a request that was not mining changes nothing.
    told.length = 0;
    share.ended('b', 99);
    aSecond();
    expect(told).toEqual([]);
  });

  it('keeps quiet while miners stop and start again between blocks, and cuts shares at once', () => {
    const { share, told, settle, aSecond } = setUp(1.5);
    const nodes = Array.from({ length: 16 }, (_, i) => `n${i}`);
    // Each node's open /mine request.
    const open = new Map<string, number>();
    let next = 0;
    const start = (node: string) => {
      open.set(node, ++next);
      share.started(node, next);
    };
    const end = (node: string) => share.ended(node, open.get(node) ?? -1);
    for (const node of nodes) share.joined(node);
    for (const node of nodes) start(node);
    settle();
    told.length = 0;
    // Each node finishes a block and starts the next a moment later, four at a time. Every fifth
    // time, a second ends while four rest: the share was higher only for moments of it.
    for (let round = 0; round < 20; round++) {
      const resting = nodes.slice((round * 4) % 16, ((round * 4) % 16) + 4);
      for (const node of resting) end(node);
      settle();
      if (round % 5 === 4) aSecond();
      for (const node of resting) start(node);
      settle();
    }
    expect(told).toEqual([]);
    // Four stop for good: after a second the others get their time. Four more start: cut at once.
    for (const node of nodes.slice(0, 4)) end(node);
    aSecond();
    expect(new Set(told.map(([, part]) => part))).toEqual(new Set([1.5 / 12]));
    told.length = 0;
    for (const node of nodes.slice(0, 4)) start(node);
    settle();
    expect(told).toHaveLength(16);
    expect(new Set(told.map(([, part]) => part))).toEqual(new Set([1.5 / 16]));
  });
});
