// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/support/render-app';
import { mine, registerNodes, resolve, rewindTo } from '../store/actions';
import { store } from '../store/store';

afterEach(() => cleanup());

describe('the Algorithm panel after a jump', () => {
  it('shows where a resolve run through in run mode stands, at every moment inside it', async () => {
    const sim = renderApp({ proofRule: 'seed', difficulty: 1, resolveRule: 'seed' }, 50);
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    mine(sim, 'localhost:5001');
    await waitFor(() => expect(store.getState().nodes[1]?.snapshot.length).toBe(2));
    resolve(sim, 'localhost:5000');
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.length).toBe(2));
    const line = sim.session.recordedLine();
    const begun = line.findIndex((entry) => entry.t === 'resolve');
    for (let to = begun + 2; to < line.length; to++) {
      expect(await rewindTo(sim, to)).toBe(true);
      const panel = await screen.findByRole('region', { name: 'Algorithm' });
      await waitFor(() =>
        expect(panel.textContent, `after ${to} of ${line.length} steps`).toContain('resolve_conflicts'),
      );
      expect(panel.textContent).toContain('localhost:5000');
      expect(panel.textContent).not.toContain('Press Mine or Resolve on a node');
    }
  });
});
