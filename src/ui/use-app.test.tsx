// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHAIN_WINDOW } from '../store/actions';
import { newNodeView } from '../store/feed';
import { initialState, store } from '../store/store';
import {
  addressesOf,
  FOLLOW_STEP,
  OFF_SCREEN_REDRAW_MS,
  REDRAW_MS,
  sameShallow,
  useAppShallow,
  useAppThrottled,
  useChainHeights,
  useOnScreen,
} from './use-app';

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

  it('shows a change of step mode just after the next frame, not in it, or at once when back in view', () => {
    act(() => store.setState({ stepMode: true }));
    const { result, rerender } = renderHook(({ every }) => useAppThrottled((s) => s.measuredRate, every), {
      initialProps: { every: OFF_SCREEN_REDRAW_MS },
    });
    rate(1);
    // A jump redraws every column: those out of view wait for the frame that shows the others.
    expect(result.current).toBeNull();
    act(() => vi.advanceTimersByTime(40));
    expect(result.current).toBe(1);
    rate(2);
    expect(result.current).toBe(1);
    rerender({ every: REDRAW_MS });
    expect(result.current).toBe(2);
    rate(3);
    expect(result.current).toBe(3);
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
          return newNodeView(`localhost:${5000 + i}`, { state: { chain: [] } as never, hashes, length });
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

describe('reading several values of the store', () => {
  it('compares objects and arrays one level deep', () => {
    expect(sameShallow({ a: 1, b: 'x' }, { a: 1, b: 'x' })).toBe(true);
    expect(sameShallow({ a: 1, b: 'x' }, { a: 1, b: 'y' })).toBe(false);
    expect(sameShallow({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameShallow({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameShallow(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameShallow(['a', 'b'], ['a'])).toBe(false);
    expect(sameShallow(['a'], { 0: 'a' })).toBe(false);
    expect(sameShallow({ a: {} }, { a: {} })).toBe(false);
    expect(sameShallow(null, {})).toBe(false);
    expect(sameShallow(Number.NaN, Number.NaN)).toBe(true);
  });

  it('keeps what it read while the values are the same, and renders only when one changes', () => {
    let renders = 0;
    const { result } = renderHook(() => {
      renders++;
      return useAppShallow((s) => ({ rate: s.measuredRate, step: s.stepMode }));
    });
    const first = result.current;
    act(() => store.setState({ cursor: 5 }));
    act(() => store.setState({ cursor: 6 }));
    expect(result.current).toBe(first);
    expect(renders).toBe(1);
    act(() => store.setState({ measuredRate: 7 }));
    expect(result.current).toEqual({ rate: 7, step: false });
    expect(renders).toBe(2);
  });

  it('gives the same array of addresses while the nodes stay the same, a new one when they change', () => {
    const node = (address: string) => newNodeView(address, { state: { chain: [] }, hashes: [], length: 0 } as never);
    const two = [node('localhost:5000'), node('localhost:5001')];
    const first = addressesOf({ ...initialState(), nodes: two });
    // A new array of new node views (the store after any event), with the same addresses.
    expect(addressesOf({ ...initialState(), nodes: two.map((n) => ({ ...n })) })).toBe(first);
    expect(first).toEqual(['localhost:5000', 'localhost:5001']);
    const three = addressesOf({ ...initialState(), nodes: [...two, node('localhost:5002')] });
    expect(three).not.toBe(first);
    expect(three).toEqual(['localhost:5000', 'localhost:5001', 'localhost:5002']);
  });
});
