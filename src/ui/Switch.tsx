import type { ReactNode } from 'react';

/** An on/off switch: a button with role "switch", its track and thumb drawn by CSS, and its label. */
export function Switch({
  on,
  onToggle,
  disabled,
  describedBy,
  name,
  children,
}: {
  on: boolean;
  onToggle: (on: boolean) => void;
  disabled?: boolean;
  /** The id of what describes it, if anything. */
  describedBy?: string;
  /** Which switch it is, for code that hands it the focus (data-switch). */
  name?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-describedby={describedBy}
      className={`switch${on ? ' on' : ''}`}
      data-switch={name}
      onClick={() => onToggle(!on)}
      disabled={disabled}
    >
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {children}
    </button>
  );
}
