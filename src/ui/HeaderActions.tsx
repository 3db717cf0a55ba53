import { useId, useRef, useState } from 'react';
import { LANGUAGES, type Language } from '../i18n';
import {
  addNode,
  newNetwork,
  openDialog,
  type Refusal,
  removeNode,
  setLanguage,
  setPresenting,
} from '../store/actions';
import { ActionButton } from './ActionButton';
import { Confirm } from './Confirm';
import { LessonsButton } from './Lessons';
import { useLessonEnding } from './lesson-ending';
import { Switch } from './Switch';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useT } from './use-app';

/** New network, Add node, Remove node, Presentation mode, the keyboard shortcuts and the language. */
export function HeaderActions() {
  const t = useT();
  const lessonEnding = useLessonEnding();
  const sim = useSimulator();
  const id = useId();
  const addresses = useApp(addressesOf);
  const replaying = useApp((s) => s.replaying !== null);
  const presenting = useApp((s) => s.presenting);
  const language = useApp((s) => s.language);
  const selected = useApp((s) => s.selected);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [asking, setAsking] = useState<'new' | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  return (
    <div className="header-actions">
      <button ref={newButton} type="button" disabled={replaying} onClick={() => setAsking('new')}>
        {t('app.newNetwork')}
      </button>
      <LessonsButton />
      <span className="node-count">
        {t('app.nodes')}: {addresses.length}
      </span>
      <button type="button" disabled={replaying} onClick={() => setRefusal(addNode(sim))}>
        {t('app.addNode')}
      </button>
      {/* Off with no node left, but focusable: removing the last node turns it off under the focus. */}
      <ActionButton
        off={addresses.length === 0 || replaying}
        describedBy={`${id}-remove`}
        onPress={() => {
          setRefusal(removeNode(sim, selected ?? undefined));
        }}
      >
        {t('app.removeNode')}
      </ActionButton>
      <span id={`${id}-remove`} className="visually-hidden">
        {selected ? t('app.removeSelected', { address: selected }) : t('app.removeLast')}
      </span>
      <Switch name="presentation" on={presenting} onToggle={(next) => setPresenting(sim, next)}>
        {t('app.presentation')}
      </Switch>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-keyshortcuts="Shift+Slash"
        title={t('app.shortcuts')}
        onClick={() => openDialog(sim, 'shortcuts')}
      >
        <span aria-hidden="true">?</span>
        <span className="wide-only"> {t('app.shortcuts')}</span>
      </button>
      <span className="language">
        <label htmlFor={`${id}-language`}>{t('app.language')}</label>
        <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(sim, e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </span>
      {refusal && (
        <p className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      {asking === 'new' && (
        <Confirm
          title={t('app.newNetworkTitle')}
          text={t('app.newNetworkText') + lessonEnding}
          action={t('app.newNetworkConfirm')}
          returnTo={newButton}
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            setAsking(null);
            newNetwork(sim);
          }}
        />
      )}
    </div>
  );
}
