import { type ReactNode, type RefObject, useLayoutEffect } from 'react';

/**
 * Lines the parts of the columns up: part k of every column (its head, resolve panel, forms, info)
 * gets the height of the tallest part k, so that every chain starts at the same height and
 * blocks of the same height sit side by side. A part is an `AlignedPart`, whose one child is
 * measured; the tallest height of each kind becomes the min-height of every part of that kind.
 *
 * This does what a CSS subgrid does, without its cost: with a subgrid, any change in one column
 * laid out, painted and layered all sixteen again. Here a column lays out alone, unless its part
 * becomes the tallest or stops being it, which is rare (a resolve panel opening, a status that
 * wraps anew).
 */
export function useAlignedRows(network: RefObject<HTMLElement | null>, columns: string): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the parts to observe change with the columns
  useLayoutEffect(() => {
    const root = network.current;
    if (!root || typeof ResizeObserver === 'undefined') return;
    const heights = new Map<Element, { row: string; height: number }>();
    const shown = new Map<string, number>();
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const part = entry.target as HTMLElement;
        const row = part.parentElement?.dataset.row;
        if (row === undefined) continue;
        const style = getComputedStyle(part);
        const margins = Number.parseFloat(style.marginTop) + Number.parseFloat(style.marginBottom);
        const box = entry.borderBoxSize?.[0]?.blockSize ?? part.getBoundingClientRect().height;
        heights.set(part, { row, height: box + (margins || 0) });
      }
      const tallest = new Map<string, number>();
      for (const [part, { row, height }] of heights) {
        if (!part.isConnected) heights.delete(part);
        else tallest.set(row, Math.max(tallest.get(row) ?? 0, height));
      }
      for (const [row, height] of tallest) {
        if (shown.get(row) === height) continue;
        shown.set(row, height);
        // On the parts themselves, not as a custom property of the network: a property every
        // element inherits would have the style of the whole page computed again.
        for (const [part, measured] of heights) {
          if (measured.row === row && part.parentElement) part.parentElement.style.minHeight = `${height}px`;
        }
      }
    });
    for (const part of root.querySelectorAll('.node-row > :first-child')) observer.observe(part);
    return () => observer.disconnect();
  }, [network, columns]);
}

/** A part of a column to line up with the parts of the same kind in the other columns. */
export function AlignedPart({ kind, children }: { kind: number; children: ReactNode }) {
  return (
    <div className="node-row" data-row={kind}>
      {children}
    </div>
  );
}
