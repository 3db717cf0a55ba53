import { describe, expect, it } from 'vitest';
import { getKey, isJsonObject, type Json } from '../src/core/json/value';
import { mine } from '../src/store/actions';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';

const timestamp = (block: Json | undefined) => {
  const value = isJsonObject(block) ? getKey(block, 'timestamp') : undefined;
  return typeof value === 'number' ? value : Number.NaN;
};

describe('sim time in run mode', () => {
  it('catches up with the clock when a person acts after a quiet spell', async () => {
    const sim = startTestNetwork({ proofRule: 'seed', difficulty: 1, resolveRule: 'seed' }, 50);
    // Nothing is in flight for 400 ms: the clock does not tick by itself meanwhile.
    await new Promise((done) => setTimeout(done, 400));
    mine(sim, 'localhost:5000');
    // The Mine command is stamped now, not at the time of the last message (the start).
    expect(sim.session.network.now).toBeGreaterThanOrEqual(390);
    const chain = () => store.getState().nodes[0]?.snapshot.state.chain ?? [];
    for (let i = 0; i < 400 && chain().length < 2; i++) await new Promise((done) => setTimeout(done, 5));
    const [genesis, block] = chain();
    expect(timestamp(block) - timestamp(genesis)).toBeGreaterThanOrEqual(0.39);
  });
});
