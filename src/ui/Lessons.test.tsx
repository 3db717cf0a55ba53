// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useShownAfterRedraw } from './Lessons';
import { REDRAW_MS } from './use-app';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("a lesson step's Next", () => {
  it('opens once the columns have redrawn what made the step done, and closes at once', () => {
    const step = { id: 'fork', step: 1 };
    const { result, rerender } = renderHook(({ done, at }) => useShownAfterRedraw(done, at), {
      initialProps: { done: false, at: step },
    });
    expect(result.current).toBe(false);
    rerender({ done: true, at: step });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(REDRAW_MS));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(200));
    expect(result.current).toBe(true);
    rerender({ done: false, at: step });
    expect(result.current).toBe(false);
  });

  it('waits again on the next step, even one done already', () => {
    const first = { id: 'fork', step: 1 };
    const { result, rerender } = renderHook(({ done, at }) => useShownAfterRedraw(done, at), {
      initialProps: { done: true, at: first },
    });
    act(() => vi.advanceTimersByTime(REDRAW_MS + 200));
    expect(result.current).toBe(true);
    rerender({ done: true, at: { id: 'fork', step: 2 } });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(REDRAW_MS + 200));
    expect(result.current).toBe(true);
  });
});
