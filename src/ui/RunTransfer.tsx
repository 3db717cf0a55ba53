import { useRef, useState } from 'react';
import { cancelImport, exportRun, importRun, runLink } from '../store/actions';
import type { Problem } from '../store/run-file';
import { Confirm } from './Confirm';
import { SavedRunsButton } from './SavedRuns';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/**
 * Export run and Import run. An import asks first (it replaces the network on the page), shows
 * how far its replay has got with a Cancel, then says what it did, or why the file was refused.
 */
export function RunTransfer() {
  const t = useT();
  const sim = useSimulator();
  const file = useRef<HTMLInputElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const replaying = useApp((s) => s.replaying);
  const progress = useApp((s) => s.progress);
  const transferError = useApp((s) => s.transferError);
  const transferDone = useApp((s) => s.transferDone);
  const say = (problem: Problem) =>
    t(problem.key, {
      ...problem.params,
      ...(problem.detail ? { detail: t(problem.detail.key, problem.detail.params) } : {}),
    });

  const [link, setLink] = useState<{ said: string; url: string | null } | null>(null);
  const copyLink = () => {
    const made = runLink(sim, `${location.origin}${location.pathname}`);
    if (!made.ok) {
      setLink({ said: t(made.refusal.key, made.refusal.params), url: null });
      return;
    }
    const { url } = made;
    navigator.clipboard
      .writeText(url)
      .then(() => setLink({ said: t('link.copied', { length: url.length }), url: null }))
      .catch(() => setLink({ said: t('link.copyManually'), url }));
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([exportRun(sim)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'chainscope-run.json';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <span className="transfer">
      <button type="button" onClick={download} disabled={replaying !== null}>
        {t('run.export')}
      </button>
      <button ref={importButton} type="button" onClick={() => file.current?.click()} disabled={replaying !== null}>
        {t('run.import')}
      </button>
      <button type="button" onClick={copyLink} disabled={replaying !== null}>
        {t('link.copy')}
      </button>
      <SavedRunsButton />
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('run.import')}
        onChange={async (e) => {
          const picked = e.target.files?.[0];
          e.target.value = '';
          if (picked) setChosen(await picked.text());
        }}
      />
      {chosen !== null && (
        <Confirm
          title={t('run.confirmTitle')}
          text={t('run.confirmText')}
          action={t('run.confirm')}
          returnTo={importButton}
          onCancel={() => setChosen(null)}
          onConfirm={() => {
            setChosen(null);
            void importRun(sim, chosen);
          }}
        />
      )}
      {replaying === 'import' && progress && (
        <span className="import-progress" role="status">
          <progress value={progress.done} max={Math.max(1, progress.total)} aria-label={t('run.import')} />
          <span>{t('run.importing', { done: progress.done, total: progress.total })}</span>
          <button type="button" onClick={() => cancelImport(sim)}>
            {t('run.cancel')}
          </button>
        </span>
      )}
      {transferError && (
        <span className="inline-error" role="alert">
          {say(transferError)}
        </span>
      )}
      {transferDone && !transferError && <span role="status">{say(transferDone)}</span>}
      {link && (
        <span role="status" className="link-said">
          {link.said}
          {link.url && (
            <input readOnly value={link.url} aria-label={t('link.copyManually')} onFocus={(e) => e.target.select()} />
          )}
        </span>
      )}
    </span>
  );
}
