import { describe, expect, it } from 'vitest';
import { appendBlock, genesisBlock, sharedStart } from './block';

describe('a chain grown by appendBlock', () => {
  const base = [genesisBlock(1.5), { index: 2n }];

  it('is known to start with all of the chain it was made from, without reading it', () => {
    const grown = appendBlock(base, { index: 3n });
    expect(grown).toEqual([...base, { index: 3n }]);
    expect(grown).not.toBe(base);
    expect(sharedStart(grown, base)).toBe(2);
    expect(sharedStart(base, base)).toBe(2);
    // Grown twice: only the chain it was made from last is known.
    expect(sharedStart(appendBlock(grown, { index: 4n }), grown)).toBe(3);
    expect(sharedStart(appendBlock(grown, { index: 4n }), base)).toBe(0);
  });

  it('knows nothing of a chain made otherwise, though it holds the same objects', () => {
    expect(sharedStart([...base, { index: 3n }], base)).toBe(0);
    // A block changed in a copy (as the lab's edits do): nothing is taken as shared.
    const edited = [...appendBlock(base, { index: 3n })];
    edited[1] = { index: 2n, proof: 1n };
    expect(sharedStart(edited, base)).toBe(0);
    // Two chains grown from equal but different chains.
    expect(sharedStart(appendBlock([...base], { index: 3n }), base)).toBe(0);
  });
});
