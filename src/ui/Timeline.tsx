import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { rewindTo } from '../store/actions';
import type { TimelineEntry } from '../store/state';
import { useSimulator } from './simulator';
import { REDRAW_MS, useApp, useAppThrottled, useT } from './use-app';

const ROW_PX = 26;

/** The index of the last entry at or before the moment shown (the journal's position). */
function momentIndex(at: (i: number) => TimelineEntry | undefined, length: number, cursor: number): number {
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((at(middle)?.journal ?? 0) <= cursor) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * Every event with its sim time, as one listbox: one Tab stop, the arrow keys (Home, End, Page
 * Up and Down too) move through all of its entries, Enter or a click shows the network as it was
 * then. Only the rows in view are drawn (a virtual list): the timeline keeps 5,000 entries.
 */
export function Timeline() {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  // The journal's length (the cursor) changes on every frame of a busy run: it is read together
  // with the timeline, so that an entry and the moment it marks always show together.
  // At once after a rewind (entries then lie in the future), so the moment chosen shows as such.
  const rewound = useApp((s) => (s.timeline.last()?.journal ?? 0) > s.cursor);
  const { timeline, cursor } = useAppThrottled(
    (s) => ({ timeline: s.timeline, cursor: s.cursor }),
    rewound ? 0 : REDRAW_MS,
    (a, b) => a.timeline === b.timeline && a.cursor === b.cursor,
  );
  const replaying = useApp((s) => s.replaying);
  const box = useRef<HTMLDivElement>(null);
  const length = timeline.length;
  const at = (i: number) => timeline.at(i);
  const moment = momentIndex(at, length, cursor);
  const [active, setActive] = useState<number | null>(null);
  const shownActive = active !== null && active < length ? active : moment;
  const virtual = useVirtualizer({
    count: length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
    // Rows to draw before the box is measured (and where it cannot be, as in a test's DOM).
    initialRect: { width: 300, height: 12 * ROW_PX },
  });
  // The moment shown stays in view as the run goes on (unless the person moves through the list).
  useEffect(() => {
    if (active === null && moment >= 0) virtual.scrollToIndex(moment, { align: 'auto' });
  }, [moment, active, virtual]);

  // The entry shown stays in view when the box changes height (step mode's panels take room
  // from it after a jump): the list keeps its scroll, which may leave the entry below the edge.
  const shownNow = useRef(shownActive);
  shownNow.current = shownActive;
  const hasBox = length > 0;
  useEffect(() => {
    const element = box.current;
    if (!hasBox || !element || typeof ResizeObserver === 'undefined') return;
    let height = element.clientHeight;
    const observer = new ResizeObserver(() => {
      if (element.clientHeight === height) return;
      height = element.clientHeight;
      if (shownNow.current >= 0) virtual.scrollToIndex(shownNow.current, { align: 'auto' });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasBox, virtual]);

  const show = (index: number) => {
    const entry = at(index);
    if (entry && replaying === null) void rewindTo(sim, entry.journal);
  };
  const move = (index: number) => {
    const next = Math.max(0, Math.min(length - 1, index));
    setActive(next);
    virtual.scrollToIndex(next, { align: 'auto' });
  };
  const drawn = (index: number) => index >= 0 && virtual.getVirtualItems().some((row) => row.index === index);
  const keys = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((box.current?.clientHeight ?? ROW_PX * 10) / ROW_PX) - 1);
    const moves: Record<string, number> = {
      ArrowDown: shownActive + 1,
      ArrowUp: shownActive - 1,
      PageDown: shownActive + page,
      PageUp: shownActive - page,
      Home: 0,
      End: length - 1,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      move(to);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      show(shownActive);
    }
  };

  return (
    <section className="timeline" aria-label={t('tl.title')}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>
          {t('tl.title')}{' '}
          {timeline.dropped > 0 ? (
            // The oldest went to keep the list to its limit: it says so, and how to reach them.
            <span title={t('tl.droppedHint', { shown: length })}>
              ({t('tl.newestOf', { shown: length, total: length + timeline.dropped })})
            </span>
          ) : (
            `(${length})`
          )}
        </h2>
      </div>
      {length === 0 ? (
        <p className="muted">{t('tl.empty')}</p>
      ) : (
        <div
          ref={box}
          className="timeline-box"
          role="listbox"
          tabIndex={0}
          aria-labelledby={`${id}-title`}
          // Only a row that is drawn: the list draws the rows in view, and the moment shown moves on
          // with a busy run faster than the list scrolls to it (axe: aria-valid-attr-value).
          aria-activedescendant={drawn(shownActive) ? `${id}-${shownActive}` : undefined}
          aria-busy={replaying !== null || undefined}
          onKeyDown={keys}
          onBlur={() => setActive(null)}
        >
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((row) => {
              const entry = at(row.index);
              if (!entry) return null;
              const future = entry.journal > cursor;
              const seconds = (entry.at / 1000).toFixed(3);
              const text = t(entry.key, entry.params);
              const title = entry.within ? `${text}. ${t('tl.within')}` : text;
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox has the keyboard (aria-activedescendant); a click picks an option
                // biome-ignore lint/a11y/useFocusableInteractive: options of an aria-activedescendant listbox are not focused themselves
                <div
                  key={entry.seq}
                  id={`${id}-${row.index}`}
                  role="option"
                  // A narrow panel cuts a long entry with "…": the whole of it on hover.
                  title={title}
                  aria-selected={row.index === moment}
                  className={`tl-entry tl-${entry.kind}${entry.within ? ' within' : ''}${future ? ' future' : ''}${row.index === shownActive ? ' active' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_PX,
                    transform: `translateY(${row.start}px)`,
                  }}
                  onClick={() => {
                    setActive(row.index);
                    show(row.index);
                  }}
                >
                  <span className="tl-time">{t('tl.time', { seconds })}</span> {text}
                  {future && <span className="tl-future"> ({t('tl.future')})</span>}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
