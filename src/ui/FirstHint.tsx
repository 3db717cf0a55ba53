import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/**
 * On a fresh page, one line on what to do first, until the person has done something or put it
 * away. A run travelled back to its start has been acted in (its future is still there, or was
 * dropped by acting in the past): no hint then.
 */
export function FirstHint() {
  const t = useT();
  const sim = useSimulator();
  const hinted = useApp((s) => s.hinted);
  // With no node there is nothing to mine: the network's place says how to add one.
  const acted = useApp(
    (s) =>
      s.nodes.length === 0 ||
      // A lesson says what to do: two first steps at once would contradict each other.
      s.lesson !== null ||
      s.pastNext !== null ||
      s.dropped ||
      s.nodes.some((n) => n.log.length > 0 || n.snapshot.length > 1),
  );
  if (hinted || acted) return null;
  return (
    <p className="first-hint" role="note">
      {t('app.firstHint')}{' '}
      <button
        type="button"
        onClick={() => {
          // The note goes with its button: the focus goes to what it pointed at, the first Mine.
          document.querySelector<HTMLElement>('section.node .node-actions button')?.focus();
          sim.store.setState({ hinted: true });
        }}
      >
        {t('app.dismiss')}
      </button>
    </p>
  );
}
