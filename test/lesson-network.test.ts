import { describe, expect, it } from 'vitest';
import { exportRun, importRun, registerNodes, resolve } from '../src/store/actions';
import { cutInTwo } from '../src/store/lab-actions';
import { LESSON_TIMEOUT_MS, startLesson } from '../src/store/lesson-actions';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

describe("a lesson's network", () => {
  it('skips a neighbour that cannot answer after 2 s, and its run file keeps that timeout', async () => {
    const sim = startTestNetwork();
    expect(sim.session.network.timeoutMs).toBe(10_000);
    expect(exportRun(sim)).not.toContain('timeoutMs');

    expect(startLesson(sim, 'partition')).toBe(true);
    expect(sim.session.network.timeoutMs).toBe(LESSON_TIMEOUT_MS);
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    await until(() => store.getState().nodes[0]?.snapshot.state.neighbours.length === 1, 'the registration');
    expect(cutInTwo(sim, ['localhost:5000'])).toBeNull();
    resolve(sim, 'localhost:5000');
    await until(() => store.getState().nodes[0]?.resolution?.running === false, 'the resolve to end');
    const row = store.getState().nodes[0]?.resolution?.rows[0];
    expect(row?.reason).toContain('no answer within 2 s');

    const file = exportRun(sim);
    expect(JSON.parse(file).timeoutMs).toBe(LESSON_TIMEOUT_MS);
    expect(await importRun(sim, file)).toBe(true);
    expect(sim.session.network.timeoutMs).toBe(LESSON_TIMEOUT_MS);
    // A timeout outside what a run may set is refused, and the network stays.
    expect(await importRun(sim, file.replace(/"timeoutMs": ?2000/, '"timeoutMs": 1'))).toBe(false);
    expect(store.getState().transferError).not.toBeNull();
  });
});
