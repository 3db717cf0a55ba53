import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useT } from './use-app';

/**
 * A button that opens a panel over its column (a form, a node's details): the panel covers the
 * chain for a moment instead of pushing it down, and nothing else moves. Escape or Close closes
 * it, and the focus goes back to the button; opening it moves the focus to its first field.
 */
export function Popover({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: (close: () => void) => ReactNode;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const first = panel.current?.querySelector<HTMLElement>('input, textarea, select, button:not(.popover-close)');
    first?.focus();
  }, [open]);
  return (
    <>
      <button
        ref={button}
        type="button"
        className={`popover-button${open ? ' open' : ''}`}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {label}
      </button>
      {open && (
        // biome-ignore lint/a11y/noStaticElementInteractions: Escape from any control inside closes it; the keys come from those controls
        <div
          ref={panel}
          id={id}
          className={`popover ${className}`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.stopPropagation();
            close();
          }}
        >
          {children(close)}
          <button type="button" className="popover-close" onClick={close}>
            {t('app.close')}
          </button>
        </div>
      )}
    </>
  );
}
