import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Recent } from './recent';

/** What Recent stands for: the list and the added items, the newest `limit` of them. */
const model = (list: readonly number[], added: readonly number[], limit: number) =>
  [...list, ...added].slice(Math.max(0, list.length + added.length - limit));

describe('Recent', () => {
  it('keeps the newest entries up to the limit, as a list would, and never alters a version', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ added: fc.nat({ max: 700 }), limit: fc.integer({ min: 1, max: 1500 }) }), {
          maxLength: 30,
        }),
        fc.nat({ max: 500 }),
        (steps, shown) => {
          let counter = 0;
          let recent = Recent.of<number>([]);
          let expected: number[] = [];
          const versions: [Recent<number>, number[]][] = [];
          for (const { added, limit } of steps) {
            const items = Array.from({ length: added }, () => counter++);
            recent = recent.appended(items, limit);
            expected = model(expected, items, limit);
            versions.push([recent, expected]);
          }
          for (const [version, want] of versions) {
            expect(version.toArray()).toEqual(want);
            expect(version.length).toBe(want.length);
            expect(version.last()).toBe(want.at(-1));
            expect(version.newest(shown)).toEqual(want.slice(Math.max(0, want.length - shown)));
          }
        },
      ),
    );
  });

  it('counts the entries it let go, through a filter too', () => {
    let recent = Recent.of<number>([]);
    recent = recent.appended([1, 2, 3], 5);
    expect(recent.dropped).toBe(0);
    recent = recent.appended([4, 5, 6, 7], 5);
    expect([recent.toArray(), recent.dropped]).toEqual([[3, 4, 5, 6, 7], 2]);
    recent = recent.appended([8], 5);
    expect(recent.dropped).toBe(3);
    expect(recent.filter((n) => n < 6).dropped).toBe(3);
  });

  it('makes a new version only when something changes', () => {
    const recent = Recent.of([1, 2, 3]);
    expect(recent.appended([], 5)).toBe(recent);
    expect(recent.appended([], 2).toArray()).toEqual([2, 3]);
    expect(recent.filter((n) => n !== 2).toArray()).toEqual([1, 3]);
    expect(recent.toArray()).toEqual([1, 2, 3]);
    expect(recent.appended([4], 0).toArray()).toEqual([]);
    expect(recent.appended([4], -1).length).toBe(0);
    // What a rewind does: the future after what was replayed, with no limit.
    expect(recent.appended([4, 5], Number.POSITIVE_INFINITY).toArray()).toEqual([1, 2, 3, 4, 5]);
  });
});
