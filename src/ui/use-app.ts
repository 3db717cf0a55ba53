import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { type MessageKey, type Params, translate } from '../i18n';
import { CHAIN_WINDOW } from '../store/actions';
import type { AppState } from '../store/state';
import { store } from '../store/store';

/** Reads one value of the store; the component re-renders only when it changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(store, selector);
}

export function useAppShallow<T>(selector: (state: AppState) => T): T {
  return useStore(store, useShallow(selector));
}

export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * The block heights every column shows: the same window for all, so blocks of the same height
 * still line up, and a 2,000-block chain renders 30 items, not 2,000.
 */
export function useChainWindow(): { start: number; end: number; total: number } {
  const total = useApp((s) => s.nodes.reduce((max, n) => Math.max(max, n.snapshot.hashes.length), 0));
  const requested = useApp((s) => s.chainEnd);
  if (requested !== null) {
    const end = Math.min(total, requested);
    return { start: Math.max(0, end - CHAIN_WINDOW), end, total };
  }
  // Following the newest blocks, the window moves a page at a time, not on every block: blocks
  // are added at the end and the items already shown stay put.
  const start = total <= CHAIN_WINDOW ? 0 : Math.floor((total - 1) / CHAIN_WINDOW) * CHAIN_WINDOW - CHAIN_WINDOW / 2;
  return { start, end: total, total };
}

/** The translator for the current language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  return (key, params) => translate(language, key, params);
}

/**
 * A value that changes many times a second (a hash rate, a guess count), shown at most every
 * `ms`: the DOM and the screen reader get a few updates a second, not sixty.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = last.current + ms - performance.now();
    if (wait <= 0) {
      last.current = performance.now();
      setShown(value);
      return;
    }
    const timer = setTimeout(() => {
      last.current = performance.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
