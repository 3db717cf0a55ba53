import { type RefObject, useId, useRef } from 'react';
import { useT } from './use-app';
import { useModal } from './use-modal';

/**
 * A question before something that cannot be undone: a modal dialog with Cancel (also Escape)
 * and the action. Focus goes back to `returnTo` when it closes, whichever way.
 */
export function Confirm({
  title,
  text,
  action,
  onConfirm,
  onCancel,
  returnTo,
}: {
  title: string;
  text: string;
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
  returnTo?: RefObject<HTMLElement | null>;
}) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useModal(dialog);
  const close = (then: () => void) => {
    then();
    // The dialog is about to go: the control that opened it gets the focus back, not the page.
    queueMicrotask(() => returnTo?.current?.focus());
  };
  return (
    <dialog
      ref={dialog}
      className="confirm"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        close(onCancel);
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-text`}>{text}</p>
      <div className="confirm-buttons">
        <button type="button" onClick={() => close(onCancel)}>
          {t('settings.cancel')}
        </button>
        <button type="button" className="primary" onClick={() => close(onConfirm)}>
          {action}
        </button>
      </div>
    </dialog>
  );
}
