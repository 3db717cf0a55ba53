import { useId, useLayoutEffect, useRef } from 'react';
import { setPlaying, setSpeed, setStepMode, step, stepBack, undoDrop } from '../store/actions';
import { INITIAL_NODES } from '../store/session';
import { ActionButton } from './ActionButton';
import { RunTransfer } from './RunTransfer';
import { Switch } from './Switch';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';
import { useHeld, useSettling } from './use-settling';

const SPEEDS = [1, 2, 5, 10, 20];

/** Step mode: Step, Step back, Play and Pause; mining moves faster by tens, thousands, or to the end. */
export function StepControls() {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const playButton = useRef<HTMLButtonElement>(null);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const stepMode = useApp((s) => s.stepMode);
  // Booleans, not the values: the journal's length and the next event change on every frame of
  // a busy run, and these controls would render again each time.
  const guessing = useApp((s) => s.next?.kind === 'pause' && s.next.pause.kind === 'guess');
  const canGoBack = useApp((s) => s.cursor > INITIAL_NODES);
  const settled = useApp((s) => s.settled);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const replaying = useApp((s) => s.replaying);
  const settling = useSettling();
  const steppable = useApp((s) => s.steppable);
  const pastNext = useApp((s) => s.pastNext);
  const dropped = useApp((s) => s.dropped);
  // In the past, Step goes on along the recorded run, whatever waits in the network.
  const canStep = stepMode && replaying === null && (pastNext !== null || (settled && steppable));

  // x10, x1000 and Finish go while their guesses run, and Undo with its line: focus on one of
  // them goes to Step, which stays.
  const stepButton = useRef<HTMLButtonElement>(null);
  const wasGuessing = useRef(false);
  useLayoutEffect(() => {
    if (wasGuessing.current && !guessing && document.activeElement === document.body) stepButton.current?.focus();
    wasGuessing.current = guessing;
  }, [guessing]);
  const guesses = (count: 10 | 1000 | 'finish') => step(sim, count);

  let hint: string | null = null;
  // An import says how far it has got by itself (see RunTransfer).
  if (replaying === 'rewind') hint = t('step.replaying');
  else if (pastNext) hint = t('step.next', { what: t(pastNext.key, pastNext.params) });
  else if (stepMode && !settled) hint = t('step.waiting');
  else if (stepMode && !steppable) hint = t('step.nothing');
  // A Step's own short work changes no words (see useSettling).
  hint = useHeld(hint, stepMode && settling);

  return (
    <div className="step-controls">
      <Switch on={stepMode} onToggle={(next) => setStepMode(sim, next)} disabled={replaying !== null}>
        {t('step.mode')}
      </Switch>
      <ActionButton ref={stepButton} className="primary" off={!canStep} onPress={() => step(sim, 1)}>
        {t('step.step')}
      </ActionButton>
      {guessing && (
        <>
          <ActionButton off={!canStep} onPress={() => guesses(10)}>
            {t('step.x10')}
          </ActionButton>
          <ActionButton off={!canStep} onPress={() => guesses(1000)}>
            {t('step.x1000')}
          </ActionButton>
          <ActionButton off={!canStep} onPress={() => guesses('finish')}>
            {t('step.finish')}
          </ActionButton>
        </>
      )}
      <ActionButton off={!stepMode || replaying !== null || !canGoBack} onPress={() => void stepBack(sim)}>
        {t('step.back')}
      </ActionButton>
      {/* Each hands the focus to the other: the one pressed turns itself off. */}
      <ActionButton
        ref={playButton}
        off={!stepMode || playing || replaying !== null}
        onPress={() => {
          setPlaying(sim, true);
          pauseButton.current?.focus();
        }}
      >
        {t('step.play')}
      </ActionButton>
      <ActionButton
        ref={pauseButton}
        off={!playing}
        onPress={() => {
          setPlaying(sim, false);
          playButton.current?.focus();
        }}
      >
        {t('step.pause')}
      </ActionButton>
      <label htmlFor={`${id}-speed`}>{t('step.speed')}</label>
      <select id={`${id}-speed`} value={speed} onChange={(e) => setSpeed(sim, Number(e.target.value))}>
        {SPEEDS.map((n) => (
          <option key={n} value={n}>
            {t('step.speedOption', { n })}
          </option>
        ))}
      </select>
      <RunTransfer />
      <p className="step-hint" aria-live="polite">
        {hint}
        {dropped && (
          <>
            {hint && ' '}
            {t('step.dropped')}{' '}
            <button
              type="button"
              onClick={() => {
                // Undone, the button goes with its line: the focus goes to Step.
                stepButton.current?.focus();
                void undoDrop(sim);
              }}
            >
              {t('step.undo')}
            </button>
          </>
        )}
      </p>
    </div>
  );
}
