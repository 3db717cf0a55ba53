import { type RefObject, useLayoutEffect, useRef } from 'react';

/**
 * Opens a <dialog> as a modal once it is mounted (or just opens it where showModal is missing).
 * When it goes (closed, or taken off the page), the focus goes back to what had it when it opened
 * (the button that opened it, the control a shortcut was pressed on), or, where that has left the
 * page meanwhile, to what `fallback` finds: never to the page's body. A control that took the
 * focus meanwhile (a panel that the dialog opened) keeps it.
 */
export function useModal(dialog: RefObject<HTMLDialogElement | null>, fallback?: () => HTMLElement | null): void {
  const find = useRef(fallback);
  find.current = fallback;
  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    const active = document.activeElement;
    const opener = active instanceof HTMLElement && active !== document.body ? active : null;
    if (typeof element.showModal === 'function') element.showModal();
    else element.setAttribute('open', '');
    return () => {
      queueMicrotask(() => {
        const now = document.activeElement;
        if (now && now !== document.body && !element.contains(now)) return;
        const back = opener?.isConnected ? opener : find.current?.();
        back?.focus({ preventScroll: true });
      });
    };
  }, [dialog]);
}
