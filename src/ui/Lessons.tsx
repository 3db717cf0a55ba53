import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { openDialog } from '../store/actions';
import {
  endLesson,
  LESSONS,
  lessonBack,
  lessonDoIt,
  lessonNext,
  lessonOf,
  startLesson,
  stepDone,
  stepSpoiled,
} from '../store/lesson-actions';
import { ActionButton } from './ActionButton';
import { Modal } from './Modal';
import { useSimulator } from './simulator';
import { REDRAW_MS, useApp, useT } from './use-app';

/** "Lessons": the button that lists them. */
export function LessonsButton() {
  const t = useT();
  const sim = useSimulator();
  const replaying = useApp((s) => s.replaying !== null);
  return (
    <button
      type="button"
      className="lessons-button"
      aria-haspopup="dialog"
      disabled={replaying}
      onClick={() => openDialog(sim, 'lessons')}
    >
      {t('lesson.open')}
    </button>
  );
}

/** The dialog "Lessons": a button per lesson (each starts a network of its own), and Close. */
export function LessonsDialog() {
  const t = useT();
  const sim = useSimulator();
  const open = useApp((s) => s.dialog === 'lessons');
  if (!open) return null;
  return (
    <Modal title={t('lesson.open')} className="lessons-dialog" onClose={() => openDialog(sim, null)}>
      <p className="hint">{t('lesson.listHint')}</p>
      <ul className="lesson-list">
        {LESSONS.map((lesson) => (
          <li key={lesson.id}>
            <button type="button" onClick={() => startLesson(sim, lesson.id)}>
              {t(lesson.title)}
            </button>
            <span className="muted"> {t(lesson.summary)}</span>{' '}
            <a href={`#lesson=${lesson.id}`} aria-label={`${t('lesson.link')}: ${t(lesson.title)}`}>
              {t('lesson.link')}
            </a>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

/**
 * `done` as the page shows it: true only once the columns have drawn what made it so (they redraw
 * twice a second), so that Next does not open over a column still showing the step's work under
 * way. False at once.
 */
export function useShownAfterRedraw(done: boolean, step: unknown): boolean {
  const [shown, setShown] = useState({ done, step });
  useEffect(() => {
    if (!done) {
      setShown({ done: false, step });
      return;
    }
    const timer = setTimeout(() => setShown({ done: true, step }), REDRAW_MS + 100);
    return () => clearTimeout(timer);
  }, [done, step]);
  return done && shown.done && shown.step === step;
}

/**
 * The lesson running, in a region named "Lesson": the step's words, Back, Next (open once the
 * network is where the step asks, whoever brought it there), "Do it for me", and the control to
 * press highlighted on the page. The last step says "Lesson complete".
 */
export function LessonPanel() {
  const t = useT();
  const sim = useSimulator();
  // The lesson's id and step (a stable value of the store), then the lesson they name.
  const shown = useApp((s) => s.lesson);
  const done = useShownAfterRedraw(useApp(stepDone), shown);
  const spoiled = useApp(stepSpoiled);
  const running = lessonOf(shown);
  const step = running ? running.lesson.steps[running.step] : undefined;
  const target = step?.target;
  useEffect(() => {
    if (!target) return;
    // The page redraws often: the mark is put back on whatever element is the target now.
    const mark = () => {
      for (const old of document.querySelectorAll('.lesson-target')) {
        if (!old.matches(target)) old.classList.remove('lesson-target');
      }
      document.querySelector(target)?.classList.add('lesson-target');
    };
    mark();
    const timer = setInterval(mark, 400);
    return () => {
      clearInterval(timer);
      for (const old of document.querySelectorAll('.lesson-target')) old.classList.remove('lesson-target');
    };
  }, [target]);
  // Where the focus has nowhere to be (a lesson just started from the dialog, or Next gone at the
  // last step), it goes to the lesson's next control: Next, or at the end "End lesson".
  const panel = useRef<HTMLElement>(null);
  // Folded, the panel is one line (the title, the step, the buttons): what it covered shows.
  const [folded, setFolded] = useState(false);
  // The panel floats over the dock's foot: the dock keeps that room free (--lesson-room), so the
  // map's nodes, the tree and the timeline stay in view above it, whatever its height.
  const lessonShown = running !== null;
  useLayoutEffect(() => {
    const box = panel.current;
    if (!lessonShown || !box) return;
    const root = document.documentElement;
    const room = () =>
      root.style.setProperty('--lesson-room', `${Math.ceil(box.getBoundingClientRect().height) + 20}px`);
    room();
    const watch = typeof ResizeObserver === 'function' ? new ResizeObserver(room) : null;
    watch?.observe(box);
    return () => {
      watch?.disconnect();
      root.style.removeProperty('--lesson-room');
    };
  }, [lessonShown]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: at each step shown
  useLayoutEffect(() => {
    if (document.activeElement !== document.body && document.activeElement !== null) return;
    const buttons = panel.current?.querySelectorAll<HTMLElement>('.lesson-actions button');
    (panel.current?.querySelector<HTMLElement>('.lesson-actions .primary') ?? buttons?.[buttons.length - 1])?.focus();
  }, [shown]);
  if (!running || !step) return null;
  const { lesson } = running;
  const last = running.step === lesson.steps.length - 1;
  return (
    <section ref={panel} className={`lesson${folded ? ' folded' : ''}`} aria-label={t('lesson.region')}>
      <div className="lesson-head">
        <h2>{t(lesson.title)}</h2>
        <button type="button" className="lesson-fold" aria-expanded={!folded} onClick={() => setFolded(!folded)}>
          {t(folded ? 'lesson.unfold' : 'lesson.fold')}
        </button>
      </div>
      <p className="lesson-count">{t('lesson.step', { n: running.step + 1, total: lesson.steps.length })}</p>
      <p className="lesson-text" aria-live="polite">
        {t(step.text)}
      </p>
      {last && (
        <p className="lesson-complete" role="status">
          <span aria-hidden="true">✓ </span>
          {t('lesson.complete')}
        </p>
      )}
      {spoiled ? (
        <p className="lesson-spoiled" role="alert">
          {t(spoiled)}{' '}
          <button type="button" onClick={() => startLesson(sim, lesson.id)}>
            {t('lesson.restart')}
          </button>
        </p>
      ) : (
        !last && !done && <p className="hint">{t('lesson.waiting')}</p>
      )}
      <div className="lesson-actions">
        {/* Off, they stay focusable: pressing Next or Do it for me keeps the focus where it is. */}
        <ActionButton off={running.step === 0} onPress={() => lessonBack(sim)}>
          {t('lesson.back')}
        </ActionButton>
        {!last && (
          <ActionButton off={!step.doIt || done || spoiled !== null} onPress={() => lessonDoIt(sim)}>
            {t('lesson.doIt')}
          </ActionButton>
        )}
        {!last && (
          <ActionButton className="primary" off={!done} onPress={() => lessonNext(sim)}>
            {t('lesson.next')}
          </ActionButton>
        )}
        <button
          type="button"
          onClick={() => {
            // The panel goes with its buttons: the focus goes to Lessons, where another starts.
            document.querySelector<HTMLElement>('.lessons-button')?.focus();
            endLesson(sim);
          }}
        >
          {t('lesson.end')}
        </button>
      </div>
    </section>
  );
}
