import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { type MessageKey, type Params, translate } from '../i18n';
import { CHAIN_WINDOW } from '../store/actions';
import type { AppState } from '../store/state';
import { store } from '../store/store';

/** Reads one value of the store; the component re-renders only when it changes. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(store, selector);
}

/**
 * Reads a few values of the store together (an object or an array of them); the component
 * re-renders only when one of them changes. The selectors of every column run on every frame of
 * a busy run, so the comparison allocates nothing (zustand's shallow builds two Maps each time:
 * a third of the page's garbage).
 */
export function useAppShallow<T>(selector: (state: AppState) => T): T {
  const last = useRef<{ value: T } | null>(null);
  return useStore(store, (state) => {
    const next = selector(state);
    if (last.current && sameShallow(last.current.value, next)) return last.current.value;
    last.current = { value: next };
    return next;
  });
}

/** Whether two objects or arrays hold the same values (Object.is), one level deep. */
export function sameShallow(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.hasOwn(y, key) || !Object.is(x[key], y[key])) return false;
  return true;
}

let addressesSeen: readonly string[] = [];
/**
 * The nodes' addresses, in column order: the same array for as long as they are the same, so
 * that the many parts that read them compare by identity (the store's nodes change on every event).
 */
export function addressesOf(state: AppState): readonly string[] {
  const { nodes } = state;
  let same = nodes.length === addressesSeen.length;
  for (let i = 0; same && i < nodes.length; i++) same = nodes[i]?.address === addressesSeen[i];
  if (!same) addressesSeen = nodes.map((n) => n.address);
  return addressesSeen;
}

export type Translate = (key: MessageKey, params?: Params) => string;

function longest(state: AppState): number {
  return state.nodes.reduce((max, n) => Math.max(max, n.snapshot.length), 0);
}

/** The first height of the window: the same for every column, so blocks of the same height line up. */
function windowStart(state: AppState): number {
  const total = longest(state);
  if (state.chainEnd !== null) return Math.max(0, Math.min(total, state.chainEnd) - CHAIN_WINDOW);
  // Following the newest blocks, the window moves FOLLOW_STEP heights at a time, not on every
  // block: blocks are added at the end and the items already shown stay put. It shows the newest
  // CHAIN_WINDOW - FOLLOW_STEP + 1 to CHAIN_WINDOW heights.
  if (total <= CHAIN_WINDOW) return 0;
  return Math.floor((total - 1) / FOLLOW_STEP) * FOLLOW_STEP - (CHAIN_WINDOW - FOLLOW_STEP);
}

/**
 * How far the window moves while following the newest blocks. A small step, so that turning it
 * removes few items from each list at once (30 items from each of the columns on screen made
 * frames of 50 ms and more).
 */
export const FOLLOW_STEP = 10;

/**
 * How many block heights every column makes room for. Following the newest blocks it is a page
 * once chains are long, whatever their length, so a column's list has a fixed size: a new block
 * lays out its own column only (see .blocks in styles.css).
 */
function windowRows(state: AppState, requested: number | null): number {
  const total = longest(state);
  if (requested !== null) return requested - windowStart(state);
  return Math.min(total, CHAIN_WINDOW);
}

/** The block heights the columns show. */
export interface ChainHeights {
  readonly start: number;
  /** Null while following the newest blocks (each column then shows up to its own last). */
  readonly end: number | null;
  readonly rows: number;
}

function chainHeights(state: AppState): ChainHeights {
  const end = state.chainEnd === null ? null : Math.min(longest(state), state.chainEnd);
  return { start: windowStart(state), end, rows: windowRows(state, end) };
}

const sameHeights = (a: ChainHeights, b: ChainHeights) => a.start === b.start && a.end === b.end && a.rows === b.rows;

/**
 * The block heights every column shows, so a 2,000-block chain renders 30 items, not 2,000.
 * It changes FOLLOW_STEP heights at a time, so a growing chain re-renders its own column only.
 * At once by default; a list off screen passes a longer interval (see useAppThrottled).
 */
export function useChainHeights(every = 0): ChainHeights {
  return useAppThrottled(chainHeights, every, sameHeights);
}

/** The window with the longest chain's length, for the paging controls. */
export function useChainWindow(): { start: number; end: number; total: number } {
  const total = useAppThrottled(longest);
  const { start, end } = useChainHeights();
  return { start, end: end ?? total, total };
}

/**
 * How often a part of the page that changes many times a second is drawn again, at most. Each
 * redraw of a column costs a frame's style, layout, paint and layering: at 250 ms, sixteen busy
 * columns kept the page's thread busy most of every second.
 */
export const REDRAW_MS = 500;
/** The same for a part that is off screen: nobody sees it, but it is not left stale for long. */
export const OFF_SCREEN_REDRAW_MS = 2000;

/**
 * A part of the store that changes many times a second, read at most every `every` ms in run mode
 * (0: at once): the first change after a quiet spell shows at once, later ones are gathered and
 * shown together. Sixteen columns mining continuously redraw twice a second each, not on
 * every block, and each at its own moment: one frame per column's redraw, not one frame for all
 * sixteen (a shared clock made frames of 50-130 ms). When `every` gets shorter (a column scrolled
 * into view), a waiting change shows now. In step mode each change shows at once, but in a part
 * out of view, which shows it just after the next frame (a jump's first frame draws what is seen).
 */
export function useAppThrottled<T>(
  selector: (state: AppState) => T,
  every = REDRAW_MS,
  same: (a: T, b: T) => boolean = Object.is,
): T {
  const [shown, setShown] = useState(() => selector(store.getState()));
  const read = useRef({ selector, every, same });
  read.current = { selector, every, same };
  // The subscription's "show what is waiting now", for when `every` gets shorter.
  const flush = useRef<() => void>(() => {});
  useEffect(() => {
    let last = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sync = () => {
      const next = read.current.selector(store.getState());
      setShown((before) => (read.current.same(before, next) ? before : next));
    };
    const show = () => {
      clearTimeout(timer);
      timer = undefined;
      last = performance.now();
      sync();
    };
    // A part out of view in step mode: shown just after the frame that shows the rest.
    let afterFrame = false;
    const showAfterFrame = () => {
      if (afterFrame) return;
      afterFrame = true;
      clearTimeout(timer);
      timer = undefined;
      const later = () => {
        if (!afterFrame) return;
        afterFrame = false;
        show();
      };
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(later, 0));
      else setTimeout(later, 0);
    };
    flush.current = () => {
      if (timer !== undefined || afterFrame) {
        afterFrame = false;
        show();
      }
    };
    // What changed between the first render and this subscription, at once.
    sync();
    const unsubscribe = store.subscribe((state, before) => {
      const { selector: current, every: interval, same: equal } = read.current;
      if (equal(current(state), current(before))) return;
      // In step mode every change is a person's Step, and shows at once; in a part out of view
      // (one redrawn more rarely than REDRAW_MS: a column scrolled away), just after the frame
      // that shows the rest. A jump through time redraws every column: the ones in view first.
      if (state.stepMode || interval === 0) {
        if (interval <= REDRAW_MS) show();
        else showAfterFrame();
        return;
      }
      if (timer !== undefined) return;
      const wait = last + interval - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
      afterFrame = false;
      flush.current = () => {};
    };
  }, []);
  const previous = useRef(every);
  // Before the browser paints: a column scrolled into view does not show its old state first.
  useLayoutEffect(() => {
    if (every < previous.current) flush.current();
    previous.current = every;
  }, [every]);
  return shown;
}

/**
 * Whether an element is on screen or near it (a column of a wide network may be scrolled out of
 * view). Where IntersectionObserver is missing, everything counts as on screen.
 */
export function useOnScreen(element: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const target = element.current;
    if (!target || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const entry = entries.at(-1);
        if (entry) setOnScreen(entry.isIntersecting);
      },
      { rootMargin: '200px' },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return onScreen;
}

/** The translator for the current language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  // The same function while the language stays: parts drawn again only when their props change
  // (memo) take it as one.
  return useCallback<Translate>((key, params) => translate(language, key, params), [language]);
}
