import type { ReactNode, Ref } from 'react';

/**
 * A button that is off at times (Mine while mining, Step while the nodes work). Off, it says so
 * (aria-disabled) but stays focusable: a disabled button under the focus would drop it to the
 * page's body, and a keyboard user would have to find their way back.
 */
export function ActionButton({
  off,
  onPress,
  className,
  children,
  label,
  describedBy,
  ref,
}: {
  off: boolean;
  onPress: () => void;
  className?: string;
  children: ReactNode;
  /** An accessible name other than the text, if any. */
  label?: string;
  /** The id of what describes it, if anything. */
  describedBy?: string;
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <button
      ref={ref}
      type="button"
      className={className}
      aria-disabled={off || undefined}
      aria-label={label}
      aria-describedby={describedBy}
      onClick={() => {
        if (!off) onPress();
      }}
    >
      {children}
    </button>
  );
}
