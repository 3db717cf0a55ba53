import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { type MessageKey, type Params, translate } from '../i18n';
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

/** The translator for the current language. */
export function useT(): Translate {
  const language = useApp((s) => s.language);
  return (key, params) => translate(language, key, params);
}
