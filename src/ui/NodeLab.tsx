import { useId, useState } from 'react';
import { BEHAVIOURS, type Behaviour, type BehaviourKind } from '../core/behaviour';
import type { Refusal } from '../store/actions';
import { release, setBehaviour, setPower } from '../store/lab-actions';
import { ActionButton } from './ActionButton';
import { useSimulator } from './simulator';
import { useT } from './use-app';

/**
 * The lab's controls of one node: how it behaves ("Behaviour"), and "Release" while it mines in
 * private, with how many blocks it keeps back.
 */
export function NodeLab({
  address,
  behaviour,
  hidden,
  power,
  share,
  off,
}: {
  address: string;
  behaviour: Behaviour | undefined;
  /** How many blocks a private miner keeps back (0 for any other behaviour). */
  hidden: number;
  /**
   * Guesses per simulated second in automatic mode, and its share of the network's, in whole
   * percent ("<1" and ">99" where rounding would say 0 or 100; see NodeColumn's shareText).
   */
  power: number;
  share: string;
  off: boolean;
}) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const commit = () => {
    if (typed === null) return;
    const refused = setPower(sim, address, typed);
    setRefusal(refused);
    if (!refused) setTyped(null);
  };
  const kind = behaviour?.kind ?? 'honest';
  return (
    <div className={`node-lab${kind === 'honest' ? '' : ' misbehaving'}`}>
      {/* Named, not labelled on screen: a narrow column has room for the controls, not their labels. */}
      <label htmlFor={`${id}-behaviour`} className="visually-hidden">
        {t('lab.behaviour')}
      </label>
      <select
        id={`${id}-behaviour`}
        // Cut to the column's width, the choice reads whole on hover.
        title={`${t('lab.behaviour')}: ${t(`lab.behaviour.${kind}`)}`}
        value={kind}
        // Off while a replay runs or the node is down, but focusable (disabled, it would drop the
        // focus to the page): a choice made meanwhile is not taken, and it shows the behaviour as it is.
        aria-disabled={off || undefined}
        onChange={(e) => {
          if (!off) setBehaviour(sim, address, e.target.value as BehaviourKind);
        }}
      >
        {BEHAVIOURS.map((b) => (
          <option key={b} value={b}>
            {t(`lab.behaviour.${b}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-power`} className="power-label" title={t('auto.power')}>
        <span aria-hidden="true">⚡</span>
        <span className="visually-hidden">{t('auto.power')}</span>
      </label>
      <input
        id={`${id}-power`}
        className="power"
        inputMode="numeric"
        autoComplete="off"
        value={typed ?? String(power)}
        disabled={off}
        aria-invalid={refusal !== null || undefined}
        aria-describedby={`${id}-share${refusal ? ` ${id}-power-error` : ''}`}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape' && typed !== null) {
            e.stopPropagation();
            setTyped(null);
            setRefusal(null);
          }
        }}
      />
      {/* The share on the card; what the number means in its description. */}
      <span className="share" aria-hidden="true">{`${share}%`}</span>
      <span id={`${id}-share`} hidden>
        {`${t('auto.powerUnit')} · ${t('auto.share', { share })}`}
      </span>
      {refusal && (
        <p id={`${id}-power-error`} className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      {kind === 'private' && (
        <>
          <ActionButton
            off={off}
            onPress={() => {
              // Released, the node is honest again and the button goes: the focus goes to Behaviour.
              document.getElementById(`${id}-behaviour`)?.focus();
              release(sim, address);
            }}
          >
            {t('lab.release')}
          </ActionButton>
          <span className="hidden-count">{t('lab.hidden', { count: hidden })}</span>
        </>
      )}
    </div>
  );
}
