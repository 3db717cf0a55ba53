import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { cancelImport, dismissTransfer, exportRun, importRun, readChosenRun, runLink } from '../store/actions';
import type { Problem, ReadRun } from '../store/run-file';
import { ActionButton } from './ActionButton';
import { Confirm } from './Confirm';
import { SavedRunsButton } from './SavedRuns';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/**
 * Export run and Import run. An import reads the file (a file refused says why at once), asks
 * before it replaces the network on the page, shows how far its replay has got with a Cancel,
 * then says what it did, or why the replay refused the file.
 */
/** How long a message that went well stays (one that went wrong stays until put away). */
const SAID_MS = 10_000;

export function RunTransfer() {
  const t = useT();
  const sim = useSimulator();
  const file = useRef<HTMLInputElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const [chosen, setChosen] = useState<ReadRun | null>(null);
  const replaying = useApp((s) => s.replaying);
  const progress = useApp((s) => s.progress);
  const transferError = useApp((s) => s.transferError);
  const transferDone = useApp((s) => s.transferDone);
  // An import's progress and its Cancel go when it ends: focus on the Cancel goes back to Import
  // run. Only there: a run reopened as the page loads leaves the focus where it was.
  const importing = useRef(false);
  const cancelFocused = useRef(false);
  useLayoutEffect(() => {
    if (importing.current && replaying === null && cancelFocused.current && document.activeElement === document.body) {
      importButton.current?.focus();
    }
    if (replaying === null) cancelFocused.current = false;
    importing.current = replaying === 'import';
  }, [replaying]);
  const said = useRef<HTMLDivElement>(null);
  const [link, setLink] = useState<{ said: string; url: string | null } | null>(null);
  /** Puts the message away; focus in it goes back to Import run, not to the page. */
  const dismiss = () => {
    if (said.current?.contains(document.activeElement)) importButton.current?.focus();
    dismissTransfer(sim);
    setLink(null);
  };
  // What went well goes by itself after a while; what went wrong stays until put away.
  const passing = !transferError && (transferDone !== null || (link !== null && link.url === null));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new message starts the time again
  useEffect(() => {
    if (!passing) return;
    const timer = setTimeout(dismiss, SAID_MS);
    return () => clearTimeout(timer);
  }, [passing, transferDone, link]);
  const say = (problem: Problem) =>
    t(problem.key, {
      ...problem.params,
      ...(problem.detail ? { detail: t(problem.detail.key, problem.detail.params) } : {}),
    });

  const copyLink = () => {
    const made = runLink(sim, `${location.origin}${location.pathname}`);
    if (!made.ok) {
      setLink({ said: t(made.refusal.key, made.refusal.params), url: null });
      return;
    }
    const { url, past } = made;
    const copied = past
      ? t('link.copiedPast', { ...past, length: url.length })
      : t('link.copied', { length: url.length });
    navigator.clipboard
      .writeText(url)
      .then(() => setLink({ said: copied, url: null }))
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
      {/* Off while a replay runs, but focusable: the focus stays on Import run through the import. */}
      <ActionButton off={replaying !== null} onPress={download}>
        {t('run.export')}
      </ActionButton>
      <ActionButton ref={importButton} off={replaying !== null} onPress={() => file.current?.click()}>
        {t('run.import')}
      </ActionButton>
      <ActionButton off={replaying !== null} onPress={copyLink}>
        {t('link.copy')}
      </ActionButton>
      <SavedRunsButton />
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        // Out of the page and of the accessibility tree (Import run opens it): one "Import run" to find.
        hidden
        aria-label={t('run.import')}
        onChange={async (e) => {
          const picked = e.target.files?.[0];
          e.target.value = '';
          if (!picked) return;
          // Read and checked first: a file that is refused says why, and nothing is asked.
          const read = readChosenRun(sim, await picked.text());
          if (read.ok) setChosen(read);
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
      {/* Over the page, under the buttons: a message does not push the chains down. */}
      <div className="transfer-said" ref={said}>
        {replaying === 'import' && progress && (
          <span className="import-progress" role="status">
            <progress value={progress.done} max={Math.max(1, progress.total)} aria-label={t('run.import')} />
            <span>{t('run.importing', { done: progress.done, total: progress.total })}</span>
            <button
              type="button"
              onFocus={() => {
                cancelFocused.current = true;
              }}
              onBlur={() => {
                cancelFocused.current = false;
              }}
              onClick={() => {
                // The Cancel goes with the progress: the focus goes back to Import run.
                importButton.current?.focus();
                cancelImport(sim);
              }}
            >
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
        {replaying !== 'import' && (transferError || transferDone || link) && (
          <button type="button" className="said-close" aria-label={t('saved.dismiss')} onClick={dismiss}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
    </span>
  );
}
