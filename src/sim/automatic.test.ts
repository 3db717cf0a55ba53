import { describe, expect, it } from 'vitest';
import { Automatic, DEFAULT_POWER } from './automatic';

const found = (guesses: number) => ({ proof: 7, lastHash: 'tip', guesses });
const forgeDue = (auto: Automatic, address: string) =>
  auto.state.nodes.find(([a]) => a === address)?.[1].forge?.due ?? null;

describe('the automatic mode', () => {
  it('counts the time a node spent resolving after its block as mining time for its next one', () => {
    const auto = new Automatic(1);
    auto.switch(true, ['localhost:5000'], 0, 3_000);
    // A block forged at 1 s; the resolve after it takes 9 s (fifteen neighbours, one after the other).
    auto.forging('localhost:5000', 1_000);
    auto.searching('localhost:5000', 10_000);
    // Its search took two seconds' worth of guesses: counted from 1 s, the block is due at once.
    auto.searched('localhost:5000', found(2 * DEFAULT_POWER), 'tip', 10_050);
    expect(forgeDue(auto, 'localhost:5000')).toBe(10_050);
  });

  it('counts nothing mined on a tip the node has left: a chain adopted starts the time afresh', () => {
    const auto = new Automatic(1);
    auto.switch(true, ['localhost:5000'], 0, 3_000);
    auto.forging('localhost:5000', 1_000);
    auto.replaced('localhost:5000', 6_000);
    auto.searching('localhost:5000', 10_000);
    auto.searched('localhost:5000', found(8 * DEFAULT_POWER), 'tip', 10_050);
    expect(forgeDue(auto, 'localhost:5000')).toBe(14_000);
  });

  it('counts a search from when it was asked for where nothing made the node wait', () => {
    const auto = new Automatic(1);
    auto.switch(true, ['localhost:5000'], 0, 3_000);
    auto.searching('localhost:5000', 0);
    auto.searched('localhost:5000', found(DEFAULT_POWER), 'tip', 50);
    expect(forgeDue(auto, 'localhost:5000')).toBe(1_000);
    // Its block forged at 1 s, its next search asked for at once.
    auto.forging('localhost:5000', 1_000);
    auto.searching('localhost:5000', 1_000);
    auto.searched('localhost:5000', found(DEFAULT_POWER), 'tip', 1_050);
    expect(forgeDue(auto, 'localhost:5000')).toBe(2_000);
  });
});
