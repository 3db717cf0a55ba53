import { useEffect } from 'react';
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
} from '../store/lesson-actions';
import { Modal } from './Modal';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/** "Lessons": the button that lists them. */
export function LessonsButton() {
  const t = useT();
  const sim = useSimulator();
  const replaying = useApp((s) => s.replaying !== null);
  return (
    <button type="button" aria-haspopup="dialog" disabled={replaying} onClick={() => openDialog(sim, 'lessons')}>
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
 * The lesson running, in a region named "Lesson": the step's words, Back, Next (open once the
 * network is where the step asks, whoever brought it there), "Do it for me", and the control to
 * press highlighted on the page. The last step says "Lesson complete".
 */
export function LessonPanel() {
  const t = useT();
  const sim = useSimulator();
  // The lesson's id and step (a stable value of the store), then the lesson they name.
  const shown = useApp((s) => s.lesson);
  const done = useApp(stepDone);
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
  if (!running || !step) return null;
  const { lesson } = running;
  const last = running.step === lesson.steps.length - 1;
  return (
    <section className="lesson" aria-label={t('lesson.region')}>
      <h2>{t(lesson.title)}</h2>
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
      {!last && !done && <p className="hint">{t('lesson.waiting')}</p>}
      <div className="lesson-actions">
        <button type="button" disabled={running.step === 0} onClick={() => lessonBack(sim)}>
          {t('lesson.back')}
        </button>
        {!last && (
          <button type="button" disabled={!step.doIt || done} onClick={() => lessonDoIt(sim)}>
            {t('lesson.doIt')}
          </button>
        )}
        {!last && (
          <button type="button" className="primary" disabled={!done} onClick={() => lessonNext(sim)}>
            {t('lesson.next')}
          </button>
        )}
        <button type="button" onClick={() => endLesson(sim)}>
          {t('lesson.end')}
        </button>
      </div>
    </section>
  );
}
