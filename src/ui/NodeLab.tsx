import { useId } from 'react';
import { BEHAVIOURS, type Behaviour, type BehaviourKind } from '../core/behaviour';
import { release, setBehaviour } from '../store/lab-actions';
import { useSimulator } from './simulator';
import { useT } from './use-app';

/**
 * The lab's controls of one node: how it behaves ("Behaviour"), and "Release" while it mines in
 * private, with how many blocks it keeps back.
 */
export function NodeLab({
  address,
  behaviour,
  length,
  off,
}: {
  address: string;
  behaviour: Behaviour | undefined;
  /** The node's chain's length (what a private miner keeps back is the rest of what it shows). */
  length: number;
  off: boolean;
}) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const kind = behaviour?.kind ?? 'honest';
  const hidden = kind === 'private' ? length - (behaviour?.shown ?? length) : 0;
  return (
    <div className={`node-lab${kind === 'honest' ? '' : ' misbehaving'}`}>
      <label htmlFor={`${id}-behaviour`}>{t('lab.behaviour')}</label>
      <select
        id={`${id}-behaviour`}
        value={kind}
        disabled={off}
        onChange={(e) => setBehaviour(sim, address, e.target.value as BehaviourKind)}
      >
        {BEHAVIOURS.map((b) => (
          <option key={b} value={b}>
            {t(`lab.behaviour.${b}`)}
          </option>
        ))}
      </select>
      {kind === 'private' && (
        <>
          <button type="button" disabled={off} onClick={() => release(sim, address)}>
            {t('lab.release')}
          </button>
          <span className="hidden-count">{t('lab.hidden', { count: hidden })}</span>
        </>
      )}
    </div>
  );
}
