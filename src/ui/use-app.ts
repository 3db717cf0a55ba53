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
  const end = Math.min(total, requested ?? total);
  return { start: Math.max(0, end - CHAIN_WINDOW), end, total };
}

/** The translator for the current language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  return (key, params) => translate(language, key, params);
}
