import { describe, expect, it } from 'vitest';
import { mine, registerNodes, resolve } from '../src/store/actions';
import { editBlock, fieldsOf } from '../src/store/lab-actions';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

const chainOf = (address: string) =>
  store.getState().nodes.find((n) => n.address === address)?.snapshot.state.chain ?? [];

describe('Edit block, while the block changes', () => {
  it('writes nothing over a block that took the edited one’s place, and says so with the block as it is now', async () => {
    const sim = startTestNetwork();
    // 5000's own block 2, opened in the form.
    mine(sim, 'localhost:5000');
    await until(() => chainOf('localhost:5000').length === 2, '5000 to mine');
    const began = fieldsOf(chainOf('localhost:5000')[1] ?? null);
    // Meanwhile a resolve puts 5001's longer chain in its place.
    for (let i = 2; i <= 3; i++) {
      mine(sim, 'localhost:5001');
      await until(() => chainOf('localhost:5001').length === i, '5001 to mine');
    }
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    await until(() => store.getState().nodes[0]?.snapshot.state.neighbours.length === 1, 'the registration');
    resolve(sim, 'localhost:5000');
    await until(() => chainOf('localhost:5000').length === 3, 'the resolve');
    const replaced = chainOf('localhost:5000');

    const outcome = editBlock(sim, 'localhost:5000', 1, { ...began, proof: '42' }, began);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.refusal).toEqual({ key: 'lab.changedMeanwhile', params: { index: '2' } });
    expect(outcome.now).toEqual(fieldsOf(replaced[1] ?? null));
    await new Promise((done) => setTimeout(done, 50));
    expect(chainOf('localhost:5000')).toBe(replaced);

    // From the block as it is now, the change is written: only the proof, the rest as it was.
    const now = outcome.now ?? began;
    expect(editBlock(sim, 'localhost:5000', 1, { ...now, proof: '42' }, now)).toEqual({ ok: true });
    await until(() => chainOf('localhost:5000')[1] !== replaced[1], 'the edit');
    expect(fieldsOf(chainOf('localhost:5000')[1] ?? null)).toEqual({ ...now, proof: '42' });
  });
});
