import { type RefObject, useId, useRef } from 'react';
import { PROOF_RULES, type ProofRule } from '../core/proof';
import { GENESIS_CHOICES, type Genesis, RESOLVE_RULES, type ResolveRule } from '../core/rules';
import { cancelRules, confirmRules, proposeRules, setLatency } from '../store/actions';
import { Confirm } from './Confirm';
import { duration, expectedGuesses } from './duration';
import { useLessonEnding } from './lesson-ending';
import { useSimulator } from './simulator';
import { useApp, useAppThrottled, useT } from './use-app';

const DIFFICULTIES = [1, 2, 3, 4, 5, 6];
const LATENCIES = [0, 100, 300, 600, 1000, 2000];

/** The network's settings. Consensus changes start a fresh network, after a confirmation. */
export function SettingsForm() {
  const t = useT();
  const sim = useSimulator();
  const { rules, latencyMs } = useApp((s) => s.settings);
  const pending = useApp((s) => s.pendingRules);
  const measuredRate = useAppThrottled((s) => s.measuredRate);
  // While a run is imported it takes the current network's place, settings and all: nothing to change yet.
  const importing = useApp((s) => s.replaying === 'import');
  const id = useId();
  // The select whose change asks for a fresh network: the focus goes back to it, confirmed or not.
  const changed = useRef<HTMLElement | null>(null);
  return (
    <form
      className="settings"
      aria-label={t('settings.title')}
      onSubmit={(e) => e.preventDefault()}
      onChange={(e) => {
        changed.current = e.target as HTMLElement;
      }}
    >
      <label htmlFor={`${id}-difficulty`}>{t('settings.difficulty')}</label>
      <select
        id={`${id}-difficulty`}
        disabled={importing}
        value={rules.difficulty}
        onChange={(e) => proposeRules(sim, { ...rules, difficulty: Number(e.target.value) })}
      >
        {DIFFICULTIES.map((n) => (
          <option key={n} value={n}>
            {measuredRate
              ? t('settings.difficultyTime', {
                  n,
                  guesses: expectedGuesses(n),
                  time: duration(expectedGuesses(n) / measuredRate, t),
                })
              : t('settings.difficultyCost', { n, guesses: expectedGuesses(n) })}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-proof`}>{t('settings.proofRule')}</label>
      <select
        id={`${id}-proof`}
        disabled={importing}
        value={rules.proofRule}
        onChange={(e) => proposeRules(sim, { ...rules, proofRule: e.target.value as ProofRule })}
      >
        {PROOF_RULES.map((rule) => (
          <option key={rule} value={rule}>
            {t(`settings.proofRule.${rule}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-resolve`}>{t('settings.resolveRule')}</label>
      <select
        id={`${id}-resolve`}
        disabled={importing}
        value={rules.resolveRule}
        onChange={(e) => proposeRules(sim, { ...rules, resolveRule: e.target.value as ResolveRule })}
      >
        {RESOLVE_RULES.map((rule) => (
          <option key={rule} value={rule}>
            {t(`settings.resolveRule.${rule}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-genesis`}>{t('settings.genesis')}</label>
      <select
        id={`${id}-genesis`}
        disabled={importing}
        value={rules.genesis ?? 'own'}
        onChange={(e) => proposeRules(sim, { ...rules, genesis: e.target.value as Genesis })}
      >
        {GENESIS_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`settings.genesis.${choice}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-latency`}>{t('settings.latency')}</label>
      <select
        id={`${id}-latency`}
        disabled={importing}
        value={latencyMs}
        onChange={(e) => setLatency(sim, Number(e.target.value))}
      >
        {LATENCIES.map((ms) => (
          <option key={ms} value={ms}>
            {t('settings.latencyOption', { ms })}
          </option>
        ))}
      </select>
      {pending && <ConfirmReset returnTo={changed} />}
    </form>
  );
}

function ConfirmReset({ returnTo }: { returnTo: RefObject<HTMLElement | null> }) {
  const t = useT();
  const lessonEnding = useLessonEnding();
  const sim = useSimulator();
  return (
    <Confirm
      title={t('settings.resetTitle')}
      text={t('settings.resetText') + lessonEnding}
      action={t('settings.resetConfirm')}
      onConfirm={() => confirmRules(sim)}
      onCancel={() => cancelRules(sim)}
      returnTo={returnTo}
    />
  );
}
