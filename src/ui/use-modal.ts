import { type RefObject, useEffect } from 'react';

/** Opens a <dialog> as a modal once it is mounted (or just opens it where showModal is missing). */
export function useModal(dialog: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    if (typeof element.showModal === 'function') element.showModal();
    else element.setAttribute('open', '');
  }, [dialog]);
}
