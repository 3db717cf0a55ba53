import { useId, useMemo, useState } from 'react';

import type { Refusal } from '../store/actions';
import {
  cutInTwo,
  healPartition,
  linkKey,
  MAX_LOSS_PERCENT,
  setAutomatic,
  setLinkCut,
  setLoss,
} from '../store/lab-actions';
import { reached } from './NetworkMap';
import { Popover } from './Popover';
import { Switch } from './Switch';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useAppShallow, useT } from './use-app';

const LOSSES = [0, 5, 10, 25, MAX_LOSS_PERCENT];

/**
 * The lab's network controls: "Automatic mode", "Message loss", cutting the network in two (or
 * link by link), and "Heal partition" while it is cut.
 */
export function LabControls() {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const on = useApp((s) => s.auto.on);
  const everyMs = useApp((s) => s.auto.resolveEveryMs);
  const loss = useApp((s) => s.links.lossPercent);
  const cut = useApp((s) => s.links.cut.length);
  const replaying = useApp((s) => s.replaying !== null);
  return (
    <div className="lab-controls">
      <Switch on={on} onToggle={(next) => setAutomatic(sim, next)} disabled={replaying} describedBy={`${id}-auto`}>
        {t('auto.mode')}
      </Switch>
      <span id={`${id}-auto`} hidden>
        {t('auto.hint', { seconds: everyMs / 1000 })}
      </span>
      <label htmlFor={`${id}-loss`}>{t('links.loss')}</label>
      <select
        id={`${id}-loss`}
        value={loss}
        disabled={replaying}
        onChange={(e) => setLoss(sim, Number(e.target.value))}
      >
        {LOSSES.map((n) => (
          <option key={n} value={n}>
            {t('links.lossOption', { n })}
          </option>
        ))}
      </select>
      <Popover label={t('links.partition')} className="partition">
        {(close) => <PartitionForm onDone={close} />}
      </Popover>
      {cut > 0 && (
        <>
          <button
            type="button"
            className="primary"
            disabled={replaying}
            onClick={(event) => {
              // The button goes with the cut: the focus goes to "Partition…", beside it.
              event.currentTarget.parentElement?.querySelector<HTMLElement>('.popover-button')?.focus();
              healPartition(sim);
            }}
          >
            {t('links.heal')}
          </button>
          <span className="cut-count">{t('links.cutCount', { count: cut })}</span>
        </>
      )}
    </div>
  );
}

/** Chooses side A and cuts every link across; or cuts and mends the links one by one. */
function PartitionForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const sim = useSimulator();
  const addresses = useAppShallow(addressesOf);
  const cut = useApp((s) => s.links.cut);
  // Who registered whom, as one string: the list changes only when a registration does.
  const registrations = useApp((s) => JSON.stringify(s.nodes.map((n) => [n.address, n.snapshot.state.neighbours])));
  const pairs = useMemo(() => linkedPairs(registrations), [registrations]);
  const [side, setSide] = useState<readonly string[]>([]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  return (
    <form
      className="partition-form"
      aria-label={t('links.partitionTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        const refused = cutInTwo(sim, side);
        setRefusal(refused);
        if (!refused) onDone();
      }}
    >
      <h2 className="popover-title">{t('links.partitionTitle')}</h2>
      <p className="hint">{t('links.partitionHint')}</p>
      <fieldset>
        <legend>{t('links.side')}</legend>
        {addresses.map((address) => (
          <label key={address} className="check">
            <input
              type="checkbox"
              checked={side.includes(address)}
              onChange={(e) => setSide(e.target.checked ? [...side, address] : side.filter((a) => a !== address))}
            />
            {address}
          </label>
        ))}
      </fieldset>
      {refusal && (
        <p className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      <button type="submit" className="primary">
        {t('links.cutNow')}
      </button>
      {pairs.length > 0 && (
        <fieldset className="link-list">
          <legend>{t('links.links')}</legend>
          {pairs.map(([a, b]) => (
            <label key={`${a}|${b}`} className="check">
              <input
                type="checkbox"
                checked={!cut.includes(linkKey(a, b))}
                onChange={(e) => setLinkCut(sim, a, b, !e.target.checked)}
              />
              {t('links.whole', { a, b })}
            </label>
          ))}
        </fieldset>
      )}
    </form>
  );
}

/** The pairs of nodes with a registration either way, each once, in order. */
function linkedPairs(registrations: string): [string, string][] {
  const nodes = JSON.parse(registrations) as [string, string[]][];
  const addresses = nodes.map(([a]) => a);
  const keys = new Set<string>();
  const pairs: [string, string][] = [];
  for (const [from, neighbours] of nodes) {
    for (const neighbour of neighbours) {
      const to = reached(neighbour, addresses);
      if (!to || to === from) continue;
      const key = linkKey(from, to);
      if (keys.has(key)) continue;
      keys.add(key);
      pairs.push(from < to ? [from, to] : [to, from]);
    }
  }
  return pairs.sort((x, y) => (x[0] === y[0] ? x[1].localeCompare(y[1]) : x[0].localeCompare(y[0])));
}
