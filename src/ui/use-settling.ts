import { useEffect, useRef, useState } from 'react';
import { useApp } from './use-app';

/** How long the nodes may work on a Step before the page says it waits for them. */
export const SETTLING_MS = 400;

/**
 * Whether the nodes are at a Step's own short work (not settled, for less than SETTLING_MS). In
 * that moment what the page says stays as it was: a Step's work takes a few frames, and words
 * that changed for them (an earlier step's sentence, "Waiting for the nodes…") flickered and were
 * read out by screen readers before the words of the new step.
 */
export function useSettling(): boolean {
  const settled = useApp((s) => s.settled);
  const [long, setLong] = useState(false);
  useEffect(() => {
    setLong(false);
    if (settled) return;
    const timer = setTimeout(() => setLong(true), SETTLING_MS);
    return () => clearTimeout(timer);
  }, [settled]);
  return !settled && !long;
}

/** `value`, except while `hold` is on: then the value it had when the hold began. */
export function useHeld<T>(value: T, hold: boolean): T {
  const held = useRef(value);
  if (!hold) held.current = value;
  return hold ? held.current : value;
}
