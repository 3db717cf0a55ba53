import { useRef, useState } from 'react';
import { cancelImport, exportRun, importRun } from '../store/actions';
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
    </span>
  );
}
