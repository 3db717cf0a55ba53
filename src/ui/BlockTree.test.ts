import { describe, expect, it } from 'vitest';
import { headsLine } from './BlockTree';

const nodes = (count: number) => Array.from({ length: count }, (_, i) => `localhost:${5000 + i}`);

describe("the block tree's line of heads under a block", () => {
  it('names up to three heads, and past them how many more, so that sixteen never outgrow the tree', () => {
    expect(headsLine(nodes(2))).toBe(':5000 :5001');
    expect(headsLine(nodes(3))).toBe(':5000 :5001 :5002');
    expect(headsLine(nodes(16))).toBe(':5000 :5001 +14');
    expect(headsLine(['127.0.0.1:5101', 'localhost:5000'])).toBe('127.0.0.1:5101 :5000');
  });
});
