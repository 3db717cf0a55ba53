import type { MessageKey } from '../i18n';
import { setPower } from './lab-actions';
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

/**
 * The most moves one "Do it for me" makes (mining a neighbour past a chain the person over-mined
 * takes one move a block): a guard against a step whose moves never bring it there.
 */
export const MAX_MOVES = 60;

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

/** Why the step shown can no longer get where the lesson goes, or null (see LessonStep.spoiled). */
export function stepSpoiled(state: AppState): MessageKey | null {
  const running = currentLesson(state);
  return running?.lesson.steps[running.step]?.spoiled?.(state) ?? null;
}

/**
 * Starts a lesson on a fresh network of its own (the run shown is saved first, and stays in
 * Saved runs). Unknown ids change nothing.
 */
export function startLesson(sim: Simulator, id: string): boolean {
  const lesson = lessonById(id);
  if (!lesson || sim.replaying) return false;
  stopDoing(sim);
  sim.start(lesson.rules, lesson.latencyMs, LESSON_TIMEOUT_MS);
  for (const [address, guesses] of Object.entries(lesson.power ?? {})) setPower(sim, address, String(guesses));
  // The overview folds away the controls a lesson's steps point at.
  sim.store.setState({ lesson: { id, step: 0 }, dialog: null, overview: false });
  return true;
}

export function lessonNext(sim: Simulator): void {
  const state = sim.store.getState();
  const running = currentLesson(state);
  if (!running || !stepDone(state) || running.step >= running.lesson.steps.length - 1) return;
  stopDoing(sim);
  sim.store.setState({ lesson: { id: running.lesson.id, step: running.step + 1 } });
}

export function lessonBack(sim: Simulator): void {
  const running = currentLesson(sim.store.getState());
  if (!running || running.step === 0) return;
  stopDoing(sim);
  sim.store.setState({ lesson: { id: running.lesson.id, step: running.step - 1 } });
}

function stopDoing(sim: Simulator): void {
  sim.doing?.();
}

/** No node has a request open, a message on its way, or a proof to find. */
function quiet(sim: Simulator): boolean {
  const { network } = sim.session;
  return network.addresses().every((address) => network.idle(address));
}

/**
 * "Do it for me": what the step asks, done as the person would (through the same actions), from
 * wherever the network is. The step's move is made now (if the network is quiet), then again each
 * time the network is quiet and the step is not yet done: a step that needs several (blocks mined
 * on a neighbour, then a resolve) gets there on one press. It stops when the step is done, when
 * another step is shown or another network started, or after MAX_MOVES moves.
 */
export function lessonDoIt(sim: Simulator): void {
  stopDoing(sim);
  const running = currentLesson(sim.store.getState());
  const step = running?.lesson.steps[running.step];
  const move = step?.doIt;
  if (!running || !step || !move || !sim.active) return;
  const { generation } = sim.store.getState();
  const id = running.lesson.id;
  let moves = 0;
  let stopped = false;
  let checking = false;
  const stop = () => {
    stopped = true;
    unsubscribe();
    if (sim.doing === stop) sim.doing = null;
  };
  const check = () => {
    checking = false;
    if (stopped) return;
    if (!sim.active) return stop();
    if (sim.replaying) return;
    // The page draws the network once a frame: what it shows is brought up to date first.
    sim.session.flush();
    const state = sim.store.getState();
    const shown = state.lesson;
    if (state.generation !== generation || shown?.id !== id || shown.step !== running.step) return stop();
    if ((step.done?.(state) ?? true) || step.spoiled?.(state)) return stop();
    if (!quiet(sim)) return;
    if (moves >= MAX_MOVES) return stop();
    moves++;
    move(sim, state);
    if (!step.done) stop();
  };
  const unsubscribe = sim.store.subscribe(() => {
    if (stopped || checking) return;
    checking = true;
    queueMicrotask(check);
  });
  sim.doing = stop;
  check();
}

export function endLesson(sim: Simulator): void {
  stopDoing(sim);
  sim.store.setState({ lesson: null });
}
