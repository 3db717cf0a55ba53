// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Recent } from '../store/recent';
import { Simulator } from '../store/simulator';
import type { TimelineEntry } from '../store/state';
import { initialState, store } from '../store/store';
import { SimulatorProvider } from './simulator';
import { Timeline } from './Timeline';
import { REDRAW_MS } from './use-app';

const entry = (journal: number): TimelineEntry => ({
  seq: journal,
  at: journal * 100,
  journal,
  address: 'localhost:5000',
  kind: 'forged',
  key: 'tl.forged',
  params: { address: 'localhost:5000', index: String(journal) },
});
const entries = (n: number) => Recent.of(Array.from({ length: n }, (_, i) => entry(i + 1)));

beforeEach(() => {
  // The list draws the rows its box has room for; the test's DOM lays nothing out: room for twelve.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(312);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(300);
  vi.useFakeTimers();
  store.setState({ ...initialState(), timeline: entries(5), cursor: 5 });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** The timeline draws the store; the simulator is there for a click, which these tests do not make. */
const unused = new Simulator(
  { connect: () => undefined as never, now: () => 0, frame: () => {}, wallSeconds: () => 0, seed: () => 1 },
  store,
);

function openTimeline() {
  const view = render(
    <SimulatorProvider simulator={unused}>
      <Timeline />
    </SimulatorProvider>,
  );
  return view.container;
}

describe('the timeline in run mode', () => {
  it('shows new entries twice a second at most, with the newest as the moment shown', () => {
    const timeline = openTimeline();
    expect(timeline.querySelectorAll('[role="option"]')).toHaveLength(5);
    act(() => store.setState({ timeline: entries(6), cursor: 6 }));
    act(() => store.setState({ timeline: entries(7), cursor: 7 }));
    expect(timeline.querySelectorAll('[role="option"]').length).toBeLessThan(7);
    act(() => vi.advanceTimersByTime(REDRAW_MS));
    expect(timeline.querySelectorAll('[role="option"]')).toHaveLength(7);
    expect(timeline.querySelector('[aria-selected="true"]')?.textContent).toContain('7');
    expect(timeline.querySelectorAll('.future')).toHaveLength(0);
  });

  it('marks the future at once after a rewind, even in the middle of a busy run', () => {
    const timeline = openTimeline();
    act(() => store.setState({ timeline: entries(6), cursor: 6 }));
    // A rewind to the moment of entry 2, right after: no timer has run.
    act(() => store.setState({ cursor: 2 }));
    expect(timeline.querySelectorAll('.future')).toHaveLength(4);
    expect(timeline.querySelector('[aria-selected="true"]')?.textContent).toContain('2');
  });

  it('says when it lists only the newest entries of a longer run', () => {
    act(() => store.setState({ timeline: entries(5).appended([entry(6), entry(7)], 5), cursor: 7 }));
    const timeline = openTimeline();
    expect(timeline.querySelector('h2')?.textContent).toBe('Timeline (the newest 5 of 7)');
  });

  it('gives each entry its whole text as a title, for a panel too narrow for it', () => {
    const timeline = openTimeline();
    const first = timeline.querySelector('[role="option"]');
    expect(first?.getAttribute('title')).toBe('localhost:5000 forged block 1');
  });
});
