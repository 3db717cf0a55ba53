import { useId } from 'react';
import { setPlaying, setSpeed, setStepMode, step, stepBack } from '../store/actions';
import { INITIAL_NODES } from '../store/session';
import { RunTransfer } from './RunTransfer';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

const SPEEDS = [1, 2, 5, 10, 20];

/** Step mode: Step, Step back, Play and Pause; mining moves faster by tens, thousands, or to the end. */
export function StepControls() {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const stepMode = useApp((s) => s.stepMode);
  // Booleans, not the values: the journal's length and the next event change on every frame of
  // a busy run, and these controls would render again each time.
  const guessing = useApp((s) => s.next?.kind === 'pause' && s.next.pause.kind === 'guess');
  const canGoBack = useApp((s) => s.cursor > INITIAL_NODES);
  const settled = useApp((s) => s.settled);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const replaying = useApp((s) => s.replaying);
  const steppable = useApp((s) => s.steppable);
  const canStep = stepMode && settled && steppable && replaying === null;

  let hint: string | null = null;
  if (replaying) hint = t('step.replaying');
  else if (stepMode && !settled) hint = t('step.waiting');
  else if (stepMode && !steppable) hint = t('step.nothing');

  return (
    <div className="step-controls">
      <button
        type="button"
        role="switch"
        aria-checked={stepMode}
        className={`switch${stepMode ? ' on' : ''}`}
        onClick={() => setStepMode(sim, !stepMode)}
        disabled={replaying !== null}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        {t('step.mode')}
      </button>
      <button type="button" className="primary" disabled={!canStep} onClick={() => step(sim, 1)}>
        {t('step.step')}
      </button>
      {guessing && (
        <>
          <button type="button" disabled={!canStep} onClick={() => step(sim, 10)}>
            {t('step.x10')}
          </button>
          <button type="button" disabled={!canStep} onClick={() => step(sim, 1000)}>
            {t('step.x1000')}
          </button>
          <button type="button" disabled={!canStep} onClick={() => step(sim, 'finish')}>
            {t('step.finish')}
          </button>
        </>
      )}
      <button type="button" disabled={!stepMode || replaying !== null || !canGoBack} onClick={() => void stepBack(sim)}>
        {t('step.back')}
      </button>
      <button type="button" disabled={!stepMode || playing || replaying !== null} onClick={() => setPlaying(sim, true)}>
        {t('step.play')}
      </button>
      <button type="button" disabled={!playing} onClick={() => setPlaying(sim, false)}>
        {t('step.pause')}
      </button>
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
      </p>
    </div>
  );
}
