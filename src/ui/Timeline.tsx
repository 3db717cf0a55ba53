import { useEffect, useRef, useState } from 'react';
import { rewindTo } from '../store/actions';
import { useSimulator } from './simulator';
import { REDRAW_MS, useApp, useAppThrottled, useT } from './use-app';

const SHOWN = 400;

/** Every event with its sim time. Selecting one shows the network as it was then. */
export function Timeline() {
  const t = useT();
  const sim = useSimulator();
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
  const stepMode = useApp((s) => s.stepMode);
  // Rendered only while open (it is open by itself in step mode).
  const [open, setOpen] = useState(stepMode);
  useEffect(() => setOpen(stepMode), [stepMode]);
  const list = useRef<HTMLOListElement>(null);
  const shown = timeline.newest(SHOWN);
  const last = shown.filter((e) => e.journal <= cursor).at(-1);

  const lastSeq = last?.seq;
  useEffect(() => {
    // Keep the current moment in view as the run goes on.
    if (lastSeq !== undefined)
      list.current?.querySelector('[aria-current="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [lastSeq]);

  return (
    <section className="timeline" aria-label={t('tl.title')}>
      {/* Open by itself in step mode; in run mode it stays out of the chains' way until asked for. */}
      <details key={String(stepMode)} open={stepMode} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>
          <h2>
            {t('tl.title')} ({timeline.length})
          </h2>
        </summary>
        {!open ? null : shown.length === 0 ? (
          <p className="muted">{t('tl.empty')}</p>
        ) : (
          <ol ref={list}>
            {shown.map((entry) => {
              const future = entry.journal > cursor;
              const time = `${(entry.at / 1000).toFixed(3)} s`;
              return (
                <li
                  key={entry.seq}
                  className={`tl-${entry.kind}${future ? ' future' : ''}`}
                  aria-current={entry === last ? 'true' : undefined}
                >
                  <button
                    type="button"
                    disabled={replaying !== null}
                    onClick={() => void rewindTo(sim, entry.journal)}
                    title={t('tl.show', { time })}
                  >
                    <span className="tl-time">{time}</span> {t(entry.key, entry.params)}
                    {future && <span className="visually-hidden"> ({t('tl.future')})</span>}
                  </button>
                </li>
              );
            })}
          </ol>
        )}
      </details>
    </section>
  );
}
