import { describe, expect, it } from 'vitest';
import { type ChainReading, drawnHeights, TreeIndex } from './tree-index';

/** A chain of hashes; each block's previous_hash is the one before it unless `previous` says otherwise. */
const reading = (hashes: string[], previous: Record<number, string> = {}): ChainReading => ({
  length: hashes.length,
  hashAt: (i) => hashes[i] as string,
  previousHashAt: (i) => previous[i] ?? (i > 0 ? (hashes[i - 1] as string) : null),
});

describe('the block tree index', () => {
  it('adds only new blocks as a chain grows, and branches where chains fork', () => {
    const tree = new TreeIndex();
    tree.update('a', reading(['g', 'b1']));
    tree.update('a', reading(['g', 'b1', 'b2']));
    tree.update('b', reading(['g', 'c1']));
    expect(tree.chainOf('a')).toEqual(['g', 'b1', 'b2']);
    expect(tree.block('c1')?.lane).not.toBe(tree.block('b1')?.lane);
    expect(tree.height).toBe(3);
  });

  it('sees a block changed in the middle of a chain whose newest block is unchanged (an edit)', () => {
    const tree = new TreeIndex();
    tree.update('a', reading(['g', 'b1', 'b2']));
    // Block 2 was edited: its hash changed, block 3 still names the old one.
    tree.update('a', reading(['g', 'x1', 'b2'], { 2: 'b1' }));
    expect(tree.chainOf('a')).toEqual(['g', 'x1', 'b2']);
    const { edges } = tree.view(1, 3);
    expect(edges).toContainEqual({ from: 'x1', to: 'b2', broken: true });
  });

  it('sees an edited block mined back to the block it was, under the same newest block (a re-mine)', () => {
    const tree = new TreeIndex();
    tree.update('a', { ...reading(['g', 'b1', 'b2']), linked: true });
    tree.update('a', { ...reading(['g', 'x1', 'b2'], { 2: 'b1' }), linked: false });
    expect(tree.holdsLink('x1', 'b2')).toBe(true);
    // Mined again: block 2 is b1 again, and every link holds; the newest block never changed.
    tree.update('a', { ...reading(['g', 'b1', 'b2']), linked: true });
    expect(tree.chainOf('a')).toEqual(['g', 'b1', 'b2']);
    expect(tree.held('b1')).toBe(true);
    expect(tree.held('x1')).toBe(false);
    // The broken link is no one's any more; the mended one is held.
    expect(tree.holdsLink('x1', 'b2')).toBe(false);
    expect(tree.holdsLink('b1', 'b2')).toBe(true);
  });

  it('reads a grown chain whose links all hold by its new blocks, not every block again', () => {
    const tree = new TreeIndex();
    const long = Array.from({ length: 2000 }, (_, i) => `h${i}`);
    tree.update('a', { ...reading(long), linked: true });
    let reads = 0;
    const grown = reading([...long, 'h2000', 'h2001']);
    tree.update('a', {
      ...grown,
      linked: true,
      hashAt: (i) => {
        reads++;
        return grown.hashAt(i);
      },
    });
    expect(tree.chainOf('a')).toHaveLength(2002);
    // The block at the old end, and the two new ones (each read as itself and as the next one's parent).
    expect(reads).toBeLessThan(10);
    // Replaced from block 1500 on (a resolve): the new branch is read, the old blocks stay in the tree.
    const fork = [...long.slice(0, 1500), ...Array.from({ length: 600 }, (_, i) => `f${i}`)];
    tree.update('a', { ...reading(fork), linked: true });
    expect(tree.chainOf('a')).toEqual(fork);
    expect(tree.block('h1999')).toBeDefined();
  });
});

describe('the heights the block tree draws', () => {
  it('holds every height in view and two more each way, and changes only every eight heights of scrolling', () => {
    const step = 92;
    const inView = (left: number, width: number) => ({
      first: Math.max(1, Math.floor(left / step) - 2),
      last: Math.ceil((left + width) / step) + 2,
    });
    const seen = new Set<string>();
    for (let left = 0; left < 200 * step; left += 13) {
      for (const width of [300, 1000, 1800]) {
        const drawn = drawnHeights(left, width, step);
        const view = inView(left, width);
        expect(drawn.from).toBeLessThanOrEqual(view.first);
        expect(drawn.to).toBeGreaterThanOrEqual(view.last);
        expect(drawn.from === 1 || drawn.from % 8 === 0).toBe(true);
        if (width === 1000) seen.add(`${drawn.from}-${drawn.to}`);
      }
    }
    // Scrolling through 200 heights, the drawn heights change some 25 times (not 200).
    expect(seen.size).toBeLessThanOrEqual(26);
    expect(seen.size).toBeGreaterThanOrEqual(24);
  });
});
