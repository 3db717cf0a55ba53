import { type ReactNode, useId, useState } from 'react';
import { useT } from './use-app';

/** How many items a compact list shows before its "and N more". */
export const COMPACT_SHOWN = 4;

interface CompactListProps<T> {
  /** The list's accessible name. */
  readonly label: string;
  readonly items: readonly T[];
  /** An item's whole text: its title, as the item itself is cut to one line. */
  readonly text: (item: T) => string;
  /** How an item is drawn (its text, by default). */
  readonly render?: (item: T) => ReactNode;
  /** Items side by side, separated by commas (one to a line otherwise). */
  readonly inline?: boolean;
}

/**
 * A list that stays small whatever its length: the first few items, then a button "and N more"
 * that shows them all, in a box of bounded height that scrolls (a node with 500 neighbours made
 * every column 10,000 px tall). Each item keeps to one line, cut with an ellipsis; its whole text
 * is its title, and a screen reader reads all of it. The items past the first few are not drawn
 * until asked for.
 */
export function CompactList<T>({ label, items, text, render, inline = false }: CompactListProps<T>) {
  const t = useT();
  const id = useId();
  const [all, setAll] = useState(false);
  const more = items.length - COMPACT_SHOWN;
  const shown = all || more <= 0 ? items : items.slice(0, COMPACT_SHOWN);
  return (
    <div className={`compact${inline ? ' inline' : ''}`}>
      <ul id={id} aria-label={label} className={`compact-list${all && more > 0 ? ' all' : ''}`}>
        {shown.map((item, i) => (
          // Items may repeat (two equal transactions): their place in the list is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i} className="compact-item" title={text(item)}>
            {render ? render(item) : text(item)}
          </li>
        ))}
      </ul>
      {more > 0 && (
        <button
          type="button"
          className="more"
          aria-expanded={all}
          aria-controls={id}
          onClick={() => setAll((open) => !open)}
        >
          {all ? t('list.fewer') : t('list.more', { count: more })}
        </button>
      )}
    </div>
  );
}
