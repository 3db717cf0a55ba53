// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAIN_WINDOW } from '../store/actions';
import { newNodeView } from '../store/feed';
import { initialState, store } from '../store/store';
import { FOLLOW_STEP, OFF_SCREEN_REDRAW_MS, REDRAW_MS, useAppThrottled, useChainHeights, useOnScreen } from './use-app';

beforeEach(() => {
  vi.useFakeTimers();
  store.setState(initialState());
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const rate = (value: number) => act(() => store.setState({ measuredRate: value }));

describe('useAppThrottled', () => {
  it('shows the first change at once, then gathers changes and shows the last one', () => {
    const { result } = renderHook(() => useAppThrottled((s) => s.measuredRate));
    expect(result.current).toBeNull();
    rate(1);
    expect(result.current).toBe(1);
    rate(2);
    rate(3);
    expect(result.current).toBe(1);
    act(() => vi.advanceTimersByTime(REDRAW_MS - 1));
    expect(result.current).toBe(1);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(3);
  });

  it('shows a change at once after a quiet spell', () => {
    const { result } = renderHook(() => useAppThrottled((s) => s.measuredRate));
    rate(1);
    act(() => vi.advanceTimersByTime(REDRAW_MS * 2));
    rate(2);
    expect(result.current).toBe(2);
  });

  it('shows every change at once in step mode', () => {
    act(() => store.setState({ stepMode: true }));
    const { result } = renderHook(() => useAppThrottled((s) => s.measuredRate));
    rate(1);
    rate(2);
    expect(result.current).toBe(2);
  });

  it('redraws only for changes of what it reads', () => {
    let renders = 0;
    renderHook(() => {
      renders++;
      return useAppThrottled((s) => s.measuredRate);
    });
    const before = renders;
    act(() => store.setState({ cursor: 7 }));
    act(() => vi.advanceTimersByTime(REDRAW_MS));
    expect(renders).toBe(before);
  });
});

describe('a part off screen', () => {
  it('redraws at its longer interval, and shows a waiting change at once when it is back in view', () => {
    const { result, rerender } = renderHook(({ every }) => useAppThrottled((s) => s.measuredRate, every), {
      initialProps: { every: OFF_SCREEN_REDRAW_MS },
    });
    rate(1);
    expect(result.current).toBe(1);
    rate(2);
    act(() => vi.advanceTimersByTime(REDRAW_MS));
    expect(result.current).toBe(1);
    rerender({ every: REDRAW_MS });
    expect(result.current).toBe(2);
  });

  it('shows every change at once with an interval of 0', () => {
    const { result } = renderHook(() => useAppThrottled((s) => s.measuredRate, 0));
    rate(1);
    rate(2);
    expect(result.current).toBe(2);
  });

  it('is told by an IntersectionObserver whether its element is in view', () => {
    let report: (entries: { isIntersecting: boolean }[]) => void = () => {};
    const observed: Element[] = [];
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: typeof report) {
          report = callback;
        }
        observe(element: Element) {
          observed.push(element);
        }
        disconnect() {}
      },
    );
    try {
      const element = document.createElement('div');
      const { result } = renderHook(() => useOnScreen({ current: element }));
      expect(observed).toEqual([element]);
      expect(result.current).toBe(true);
      act(() => report([{ isIntersecting: false }]));
      expect(result.current).toBe(false);
      act(() => report([{ isIntersecting: true }]));
      expect(result.current).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('useChainHeights', () => {
  const withLengths = (...lengths: number[]) =>
    act(() =>
      store.setState({
        nodes: lengths.map((length, i) => {
          const hashes = Array.from({ length }, (_, h) => `${i}-${h}`);
          return newNodeView(`localhost:${5000 + i}`, { state: { chain: [] } as never, hashes });
        }),
      }),
    );

  it('makes room for every block of a short chain, the same in every column', () => {
    withLengths(3, 7);
    const { result } = renderHook(() => useChainHeights());
    expect(result.current).toEqual({ start: 0, end: null, rows: 7 });
  });

  it('follows long chains a few heights at a time, in a list of fixed size that holds the whole window', () => {
    const { result } = renderHook(() => useChainHeights());
    const starts: number[] = [];
    for (let longest = 31; longest <= 2000; longest++) {
      withLengths(longest, 5);
      const { start, rows } = result.current;
      expect(start % FOLLOW_STEP).toBe(0);
      expect(longest - start).toBeGreaterThan(CHAIN_WINDOW - FOLLOW_STEP);
      expect(longest - start).toBeLessThanOrEqual(rows);
      expect(rows).toBe(CHAIN_WINDOW);
      if (starts.at(-1) !== start) starts.push(start);
    }
    // It moves by FOLLOW_STEP, never by more.
    expect(starts.slice(1).every((start, i) => start - (starts[i] as number) === FOLLOW_STEP)).toBe(true);
  });

  it('shows the page asked for', () => {
    withLengths(100);
    act(() => store.setState({ chainEnd: 40 }));
    const { result } = renderHook(() => useChainHeights());
    expect(result.current).toEqual({ start: 10, end: 40, rows: CHAIN_WINDOW });
  });
});
