import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { Problem } from '../store/run-file';
import type { Listed } from '../store/saved-runs';
import { ActionButton } from './ActionButton';
import { Modal } from './Modal';
import { useSimulator } from './simulator';
import { type Translate, useApp, useT } from './use-app';

/** A storage problem in words ("detail" is the reason after a colon, when there is one). */
export function problemText(problem: Problem, t: Translate): string {
  return t(problem.key, {
    ...problem.params,
    detail: problem.detail ? `: ${t(problem.detail.key, problem.detail.params)}` : '',
  });
}

/** Why runs are not saved, or a saved run did not open: said once, until dismissed. */
export function StorageNotice() {
  const t = useT();
  const sim = useSimulator();
  const problem = useApp((s) => s.storageProblem);
  if (!problem) return null;
  return (
    <div className="storage-problem" role="alert">
      <span>{problemText(problem, t)}</span>
      <button type="button" onClick={() => sim.store.setState({ storageProblem: null })}>
        {t('saved.dismiss')}
      </button>
    </div>
  );
}

/** "Saved runs": the runs this browser keeps, to open, rename or delete; the one shown is marked. */
export function SavedRunsButton() {
  const t = useT();
  const sim = useSimulator();
  const [open, setOpen] = useState(false);
  const replaying = useApp((s) => s.replaying !== null);
  if (!sim.saved) return null;
  return (
    <>
      {/* Off while a run opens, but focusable: Open hands the focus back to it, and it keeps it. */}
      <ActionButton off={replaying} onPress={() => setOpen(true)}>
        {t('saved.title')}
      </ActionButton>
      {open && <SavedRunsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function SavedRunsDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const language = useApp((s) => s.language);
  const [runs, setRuns] = useState<Listed[] | null>(null);
  const saved = sim.saved;
  // The list's changes one after another: a rename (on leaving its field) written after a delete
  // that came right behind it would bring the deleted run back.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const queued = (work: () => Promise<unknown>) => {
    queue.current = queue.current.then(work, work);
    return queue.current;
  };
  const list = useRef<HTMLUListElement>(null);
  // A deleted run's row goes with its button: once the list is drawn again, the focus goes to the
  // row that took its place (or the one before), not the page.
  const refocus = useRef<number | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each time the list is drawn anew
  useLayoutEffect(() => {
    const at = refocus.current;
    if (at === null || !list.current) return;
    refocus.current = null;
    const rows = list.current.children;
    rows[Math.min(at, rows.length - 1)]?.querySelector<HTMLElement>('input, button')?.focus();
  }, [runs]);
  // Delete asks first, in its row: the run it names cannot be brought back.
  const [asking, setAsking] = useState<string | null>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (asking !== null) keepButton.current?.focus();
  }, [asking]);
  const remove = (runId: string, row: HTMLElement | null) =>
    queued(async () => {
      await saved?.remove(runId);
      refocus.current = row ? [...(list.current?.children ?? [])].indexOf(row) : null;
      await refresh();
    });
  const refresh = async () => {
    if (!saved) return;
    await saved.saveNow();
    setRuns(await saved.list());
  };
  // Names typed and not yet written: written on leaving the field, or when the dialog closes
  // (Escape closes it without a blur).
  const [typed, setTyped] = useState<Readonly<Record<string, string>>>({});
  const unwritten = useRef(new Map<string, string>());
  const rename = (runId: string, name: string) => {
    unwritten.current.delete(runId);
    // A blank name is not a name: the run keeps the one it had.
    if (name.trim() === '') return;
    void queued(() => saved?.rename(runId, name) ?? Promise.resolve());
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: listed once when the dialog opens
  useEffect(() => {
    void refresh();
    return () => {
      for (const [runId, name] of unwritten.current) rename(runId, name);
    };
  }, []);
  if (!saved) return null;
  const time = (ms: number) =>
    new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
      ms,
    );
  return (
    <Modal title={t('saved.title')} className="saved-runs" onClose={onClose}>
      <p className="hint">{t('saved.hint')}</p>
      {runs !== null && runs.length === 0 && <p className="muted">{t('saved.none')}</p>}
      <ul className="saved-list" ref={list}>
        {(runs ?? []).map((run) => {
          if (!run.ok) {
            return (
              <li key={run.id}>
                <span>{t('saved.unreadable', { id: run.id })}</span>
                <button type="button" onClick={(e) => void remove(run.id, e.currentTarget.closest('li'))}>
                  {t('saved.delete')}
                </button>
              </li>
            );
          }
          const { meta } = run;
          const current = meta.id === saved.current;
          return (
            <li key={meta.id} className={current ? 'current' : undefined}>
              <label className="visually-hidden" htmlFor={`${id}-${meta.id}`}>
                {t('saved.name', { name: meta.name })}
              </label>
              <input
                id={`${id}-${meta.id}`}
                defaultValue={meta.name}
                maxLength={100}
                onChange={(e) => {
                  const name = e.target.value;
                  unwritten.current.set(meta.id, name);
                  setTyped((names) => ({ ...names, [meta.id]: name }));
                }}
                onBlur={(e) => {
                  if (e.target.value.trim() === '') {
                    e.target.value = meta.name;
                    setTyped(({ [meta.id]: _, ...names }) => names);
                  }
                  rename(meta.id, e.target.value);
                }}
              />
              <span className="muted">
                {t('saved.meta', { nodes: meta.nodes, blocks: meta.blocks, time: time(meta.savedAt) })}
              </span>
              {current ? (
                <strong>{t('saved.current')}</strong>
              ) : asking === meta.id ? (
                <span className="saved-asking">
                  <span>{t('saved.deleteAsk', { name: typed[meta.id]?.trim() || meta.name })}</span>
                  <button
                    type="button"
                    onClick={(e) => {
                      setAsking(null);
                      void remove(meta.id, e.currentTarget.closest('li'));
                    }}
                  >
                    {t('saved.delete')}
                  </button>
                  <button
                    ref={keepButton}
                    type="button"
                    onClick={(e) => {
                      const row = e.currentTarget.closest('li');
                      setAsking(null);
                      // Kept: the focus goes back to the row's Delete.
                      queueMicrotask(() => row?.querySelector<HTMLElement>('.saved-delete')?.focus());
                    }}
                  >
                    {t('saved.keep')}
                  </button>
                </span>
              ) : (
                <>
                  <button
                    type="button"
                    className="primary"
                    onClick={async () => {
                      onClose();
                      await queued(() => saved.open(meta.id));
                    }}
                  >
                    {t('saved.open')}
                  </button>
                  <button type="button" className="saved-delete" onClick={() => setAsking(meta.id)}>
                    {t('saved.delete')}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}
