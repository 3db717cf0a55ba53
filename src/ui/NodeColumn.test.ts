import { describe, expect, it } from 'vitest';
import { shareText } from './NodeColumn';

describe("a node's share of the hash power", () => {
  it('is in whole percent', () => {
    expect(shareText(5000, 15000)).toBe('33');
    expect(shareText(5000, 10000)).toBe('50');
    expect(shareText(10000, 15000)).toBe('67');
  });

  it('reads "<1" when some power rounds to 0, and "0" only without power', () => {
    // 7 beside two nodes of 5000: 0.07%.
    expect(shareText(7, 10007)).toBe('<1');
    expect(shareText(1, 200)).toBe('1');
    expect(shareText(0, 10000)).toBe('0');
    expect(shareText(0, 0)).toBe('0');
  });

  it('reads ">99" when others with power would make it 100, and "100" only alone', () => {
    // 5000 beside two nodes of 7: 99.7%.
    expect(shareText(5000, 5014)).toBe('>99');
    expect(shareText(199, 200)).toBe('>99');
    expect(shareText(99, 100)).toBe('99');
    expect(shareText(5000, 5000)).toBe('100');
  });
});
