// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/support/render-app';
import { mine } from '../store/actions';
import { editBlock, fieldsOf } from '../store/lab-actions';
import { store } from '../store/store';

afterEach(() => cleanup());

describe("a block's dialog", () => {
  it('says why valid_chain names no failed proof when the link failed before it', async () => {
    const sim = renderApp();
    mine(sim, 'localhost:5000');
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.length).toBe(2));
    const block = sim.session.network.snapshot('localhost:5000')?.state.chain[1];
    if (!block) throw new Error('no block');
    // Under the tutorial's rule the guess is "100" followed by the proof: 1 gives no two leading zeros.
    expect(
      editBlock(sim, 'localhost:5000', 1, { ...fieldsOf(block), previousHash: 'f'.repeat(64), proof: '1' }).ok,
    ).toBe(true);
    await waitFor(() => expect(store.getState().nodes[0]?.snapshot.problems?.length).toBeGreaterThan(0));
    store.setState({ openedBlock: { address: 'localhost:5000', position: 1 } });
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('its previous_hash is not the hash of block 1');
    expect(dialog.textContent).toContain('not valid');
    expect(dialog.textContent).toContain('valid_chain does not get to this check');
  });
});
