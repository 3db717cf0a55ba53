import { useEffect, useState } from 'react';
import type { MessageKey } from '../i18n';
import {
  KEYS,
  mine,
  openDialog,
  resolve,
  selectNode,
  setOverview,
  setPlaying,
  setPresenting,
  setStepMode,
  step,
  stepBack,
} from '../store/actions';
import type { AppState } from '../store/state';
import { Modal } from './Modal';
import { refocusIfHidden } from './refocus';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/** Where typing goes: no shortcut fires there. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** How long a shortcut's refusal stays on the page. */
const REFUSAL_SHOWN_MS = 6_000;

const switchNamed = (name: string) => document.querySelector<HTMLElement>(`[data-switch="${name}"]`);

const keyName = (code: string) => code.replace(/^Key/, '').replace(/^Digit/, '');

/** The node the shortcuts act on: the one selected, else the first. */
const target = (state: AppState) => state.selected ?? state.nodes[0]?.address ?? null;

/**
 * The keyboard shortcuts, by physical key (they work with a Korean input method on), never while
 * typing in a field or with Ctrl, Alt or Meta held; and the dialog that lists them ("?").
 */
export function Shortcuts() {
  const t = useT();
  const sim = useSimulator();
  const open = useApp((s) => s.dialog === 'shortcuts');
  // A node chosen by its number is said (the column's outline is seen, not heard).
  const [chosen, setChosen] = useState<{ address: string; at: number } | null>(null);
  // A shortcut refused (the overview in a lesson) says why, for a few seconds.
  const [refused, setRefused] = useState<{ key: MessageKey; at: number } | null>(null);
  useEffect(() => {
    if (!refused) return;
    const timer = setTimeout(() => setRefused(null), REFUSAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refused]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || event.repeat) return;
      const state = sim.store.getState();
      // No shortcut acts behind a dialog: the page's own ones (state.dialog) or any other
      // (a block's details, a confirmation, Saved runs), which are <dialog> elements open.
      if (state.dialog !== null || document.querySelector('dialog[open]')) return;
      const node = target(state);
      const digit = /^Digit([1-9])$/.exec(event.code);
      let done = true;
      if (event.code === 'Slash' && event.shiftKey) openDialog(sim, 'shortcuts');
      else if (event.shiftKey) done = false;
      else if (digit) {
        const address = state.nodes[Number(digit[1]) - 1]?.address;
        if (address) {
          selectNode(sim, address);
          setChosen({ address, at: event.timeStamp });
        }
      } else if (event.code === KEYS.mine && node) mine(sim, node);
      else if (event.code === KEYS.resolve && node) resolve(sim, node);
      else if (event.code === KEYS.stepMode) setStepMode(sim, !state.stepMode);
      else if (event.code === KEYS.step) step(sim, 1);
      else if (event.code === KEYS.stepBack) {
        // A step back may take away what has the focus (a node added in the step undone): the
        // focus then goes to the step controls, not to the page.
        const had = document.activeElement;
        void stepBack(sim).then(() =>
          requestAnimationFrame(() => {
            if (had !== document.body && (document.activeElement === document.body || !document.activeElement)) {
              document.querySelector<HTMLElement>('.step-controls .primary')?.focus();
            }
          }),
        );
      } else if (event.code === KEYS.play && state.stepMode) setPlaying(sim, !state.playing);
      else if (event.code === KEYS.presentation) {
        const had = document.activeElement;
        setPresenting(sim, !state.presenting);
        refocusIfHidden(had, () => switchNamed('presentation'));
      } else if (event.code === KEYS.overview) {
        const had = document.activeElement;
        const refusal = setOverview(sim, !state.overview);
        if (refusal) setRefused({ key: refusal.key, at: event.timeStamp });
        else refocusIfHidden(had, () => switchNamed('overview') ?? switchNamed('presentation'));
      } else done = false;
      if (done) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sim]);
  const said = (
    <p className="visually-hidden" aria-live="polite">
      {chosen && <span key={chosen.at}>{t('keys.selected', { address: chosen.address })}</span>}
    </p>
  );
  // Said, and shown for a few seconds over the page's foot (a key press has no place of its own).
  const refusal = refused && (
    <p className="shortcut-refused" role="alert" key={refused.at}>
      {t(refused.key)}
    </p>
  );
  if (!open)
    return (
      <>
        {said}
        {refusal}
      </>
    );
  const rows: [string, string][] = [
    [keyName(KEYS.mine), t('keys.mine')],
    [keyName(KEYS.resolve), t('keys.resolve')],
    ['1 – 9', t('keys.select')],
    [keyName(KEYS.stepMode), t('keys.stepMode')],
    [keyName(KEYS.step), t('keys.step')],
    [keyName(KEYS.stepBack), t('keys.stepBack')],
    [keyName(KEYS.play), t('keys.play')],
    [keyName(KEYS.presentation), t('keys.presentation')],
    [keyName(KEYS.overview), t('keys.overview')],
    ['?', t('keys.help')],
  ];
  return (
    <>
      {said}
      {refusal}
      <Modal title={t('app.shortcuts')} className="shortcuts-dialog" onClose={() => openDialog(sim, null)}>
        <p>{t('keys.intro')}</p>
        <dl className="shortcut-list">
          {rows.map(([key, what]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </Modal>
    </>
  );
}
