import { type ReactNode, useId, useRef } from 'react';
import { useT } from './use-app';
import { useModal } from './use-modal';

/** A modal dialog with a title and a Close button; Escape closes it too. */
export function Modal({
  title,
  className,
  onClose,
  children,
  fallback,
}: {
  title: string;
  className: string;
  onClose: () => void;
  children: ReactNode;
  /** Where the focus goes when the dialog closes, if what opened it has left the page (see useModal). */
  fallback?: () => HTMLElement | null;
}) {
  const t = useT();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, fallback);
  return (
    <dialog
      ref={dialog}
      className={className}
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {/* A plain button, not a dialog form's submit: closing takes the form off the page before a
          submit would run, and Chromium warns that a form not connected was not sent. */}
      <div className="dialog-close">
        <button type="button" className="primary" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
    </dialog>
  );
}
