// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createNode } from '../core/node';
import type { NodeView } from '../store/state';
import { initialState, store } from '../store/store';
import { NodeStatus } from './NodeStatus';

afterEach(() => cleanup());

function nodeView(failure: string | null): NodeView {
  const rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' } as const;
  const state = createNode({ address: 'localhost:5000', nodeIdentifier: 'f'.repeat(32), rules, timestamp: 1 });
  const node: NodeView = {
    address: state.address,
    snapshot: { state, hashes: ['a'.repeat(64)], length: 1 },
    activity: 'mining',
    progress: { tried: 12_345, rate: 1_234_567 },
    failure,
    log: [],
    announcement: null,
    resolution: null,
    replacement: null,
    continuous: false,
  };
  store.setState({ ...initialState(), nodes: [node] });
  return node;
}

describe("a node's status", () => {
  it('keeps to its two lines while mining, its whole text in the title and in the page', () => {
    const { container } = render(<NodeStatus node={nodeView(null)} />);
    const status = container.querySelector('.node-status') as HTMLElement;
    expect(status.classList.contains('whole')).toBe(false);
    const state = status.querySelector('.state') as HTMLElement;
    expect(state.textContent).toContain('Mining: 12,345 guesses tried, 1,234,567 guesses per second');
    expect(state.title).toBe(state.querySelector('.state-text')?.textContent);
  });

  it('says all of why a node is down, not two lines of it', () => {
    const { container } = render(<NodeStatus node={nodeView('the worker failed: out of memory')} />);
    const status = container.querySelector('.node-status') as HTMLElement;
    expect(status.classList.contains('whole')).toBe(true);
    expect(status.textContent).toContain('the worker failed: out of memory');
  });

  it("says why a node is down in the page's language where the node said it as data", () => {
    const down = {
      ...nodeView('the worker failed: out of memory'),
      failureCause: { code: 'workerFailed', detail: 'out of memory' },
    } as const;
    const { container, rerender } = render(<NodeStatus node={down} />);
    expect(container.textContent).toContain('Down: its worker stopped (out of memory)');
    store.setState({ language: 'ko' });
    rerender(<NodeStatus node={{ ...down }} />);
    expect(container.textContent).toContain('중단됨: 워커가 멈췄습니다 (out of memory)');
  });

  it("announces what a request did with the node's address, the line whole in its title", () => {
    const node = {
      ...nodeView(null),
      activity: null,
      announcement: { seq: 1, key: 'msg.replaced' as const, params: {} },
    };
    const { getByRole } = render(<NodeStatus node={node} />);
    const status = getByRole('status');
    expect(status.textContent).toBe('localhost:5000: ✓ Our chain was replaced');
    expect(status.querySelector('[title]')?.getAttribute('title')).toBe('Our chain was replaced');
  });
});
