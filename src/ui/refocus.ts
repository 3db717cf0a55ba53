/** What can take the focus in a column, in the order Tab reaches it. */
const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

const shown = (element: Element) => element.isConnected && element.getClientRects().length > 0;

/**
 * After a change that may fold away what had the focus (presentation mode, the overview): if it is
 * no longer shown, the focus goes to the first control still shown in the same node's column, else
 * to `fallback` (the switch that made the change), never to the page's body.
 */
export function refocusIfHidden(had: Element | null, fallback: () => HTMLElement | null): void {
  if (!(had instanceof HTMLElement) || had === document.body) return;
  requestAnimationFrame(() => {
    const active = document.activeElement;
    // Moved on by the person (or by the change itself) to something else: theirs to keep.
    if (active && active !== document.body && active !== had) return;
    if (shown(had)) return;
    const column = had.closest('section.node');
    const next = column
      ? [...column.querySelectorAll<HTMLElement>(FOCUSABLE)].find((e) => shown(e) && !e.hasAttribute('disabled'))
      : undefined;
    (next ?? fallback())?.focus();
  });
}
