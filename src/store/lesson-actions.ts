import { LESSONS, lessonById } from './lessons/catalog';
import type { Lesson } from './lessons/lesson';
import type { Simulator } from './simulator';
import type { AppState } from './state';

export type { Lesson };

/**
 * How long a node waits for a neighbour in a lesson: a neighbour behind a cut link or offline is
 * skipped after 2 s, not the usual 10 s, so that a class never waits.
 */
export const LESSON_TIMEOUT_MS = 2_000;
export { LESSONS };

/** The lesson running and its step, if any. */
export function currentLesson(state: AppState): { lesson: Lesson; step: number } | null {
  return lessonOf(state.lesson);
}

/** The lesson a store's `lesson` names, with its step. */
export function lessonOf(shown: AppState['lesson']): { lesson: Lesson; step: number } | null {
  if (!shown) return null;
  const lesson = lessonById(shown.id);
  return lesson ? { lesson, step: shown.step } : null;
}

/** Whether the step shown is done: the network is in the state it asks for (whoever brought it there). */
export function stepDone(state: AppState): boolean {
  const running = currentLesson(state);
  const step = running?.lesson.steps[running.step];
  return step?.done ? step.done(state) : true;
}

/**
 * Starts a lesson on a fresh network of its own (the run shown is saved first, and stays in
 * Saved runs). Unknown ids change nothing.
 */
export function startLesson(sim: Simulator, id: string): boolean {
  const lesson = lessonById(id);
  if (!lesson || sim.replaying) return false;
  sim.start(lesson.rules, lesson.latencyMs, LESSON_TIMEOUT_MS);
  sim.store.setState({ lesson: { id, step: 0 }, dialog: null });
  return true;
}

export function lessonNext(sim: Simulator): void {
  const state = sim.store.getState();
  const running = currentLesson(state);
  if (!running || !stepDone(state) || running.step >= running.lesson.steps.length - 1) return;
  sim.store.setState({ lesson: { id: running.lesson.id, step: running.step + 1 } });
}

export function lessonBack(sim: Simulator): void {
  const running = currentLesson(sim.store.getState());
  if (!running || running.step === 0) return;
  sim.store.setState({ lesson: { id: running.lesson.id, step: running.step - 1 } });
}

/** "Do it for me": what the step asks, done as the person would (through the same actions). */
export function lessonDoIt(sim: Simulator): void {
  const running = currentLesson(sim.store.getState());
  running?.lesson.steps[running.step]?.doIt?.(sim);
}

export function endLesson(sim: Simulator): void {
  sim.store.setState({ lesson: null });
}
