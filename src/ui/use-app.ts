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

function longest(state: AppState): number {
  return state.nodes.reduce((max, n) => Math.max(max, n.snapshot.hashes.length), 0);
}

/** The first height of the window: the same for every column, so blocks of the same height line up. */
function windowStart(state: AppState): number {
  const total = longest(state);
  if (state.chainEnd !== null) return Math.max(0, Math.min(total, state.chainEnd) - CHAIN_WINDOW);
  // Following the newest blocks, the window moves a page at a time, not on every block: blocks
  // are added at the end and the items already shown stay put.
  return total <= CHAIN_WINDOW ? 0 : Math.floor((total - 1) / CHAIN_WINDOW) * CHAIN_WINDOW - CHAIN_WINDOW / 2;
}

/**
 * The block heights every column shows, so a 2,000-block chain renders 30 items, not 2,000.
 * `end` is null while following the newest blocks (each column then shows up to its own last).
 * It changes a page at a time, so a growing chain re-renders its own column only.
 */
export function useChainHeights(): { start: number; end: number | null; rows: number } {
  const start = useApp(windowStart);
  const requested = useApp((s) => (s.chainEnd === null ? null : Math.min(longest(s), s.chainEnd)));
  const rows = useApp((s) => windowRows(s, requested));
  return { start, end: requested, rows };
}

/**
 * How many block heights every column makes room for. Following the newest blocks it is a page
 * and a half once chains are long, whatever their length, so a column's list has a fixed size:
 * a new block lays out its own column only (see .blocks in styles.css).
 */
function windowRows(state: AppState, requested: number | null): number {
  const total = longest(state);
  if (requested !== null) return requested - windowStart(state);
  return total <= CHAIN_WINDOW ? total : CHAIN_WINDOW * 1.5;
}

/** The window with the longest chain's length, for the paging controls. */
export function useChainWindow(): { start: number; end: number; total: number } {
  const total = useAppThrottled(longest);
  const { start, end } = useChainHeights();
  return { start, end: end ?? total, total };
}

/** How often a part of the page that changes many times a second is drawn again, at most. */
export const REDRAW_MS = 250;

/**
 * A part of the store that changes many times a second, read at most every REDRAW_MS in run mode: the
 * first change after a quiet spell shows at once, later ones are gathered and shown together.
 * Sixteen columns mining continuously redraw a few times a second each, not on every block.
 */
export function useAppThrottled<T>(selector: (state: AppState) => T): T {
  const [shown, setShown] = useState(() => selector(store.getState()));
  const read = useRef(selector);
  read.current = selector;
  useEffect(() => {
    let last = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      timer = undefined;
      last = performance.now();
      setShown(() => read.current(store.getState()));
    };
    // What changed between the first render and this subscription, at once.
    setShown(() => read.current(store.getState()));
    const unsubscribe = store.subscribe((state, before) => {
      if (read.current(state) === read.current(before)) return;
      // In step mode every change is a person's Step, and shows at once.
      if (state.stepMode) {
        clearTimeout(timer);
        show();
        return;
      }
      if (timer !== undefined) return;
      const wait = last + REDRAW_MS - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, []);
  return shown;
}

/** The translator for the current language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  return (key, params) => translate(language, key, params);
}
