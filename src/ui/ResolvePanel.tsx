import type { NodeView, ResolutionRow } from '../store/state';
import type { Vanished } from '../store/vanished';
import { failureText, skipText } from './failure-text';
import { showJson } from './format';
import { type Translate, useT } from './use-app';

function skipReason(row: ResolutionRow, t: Translate): string {
  return skipText(row.code, row.detail, row.reason ?? '', t);
}

function rowText(row: ResolutionRow, t: Translate): string {
  if (row.status === 'waiting') return t('resolve.waiting');
  if (row.status === 'asking') return t('resolve.asking');
  if (row.status === 'skipped') return t('resolve.skipped', { reason: skipReason(row, t) });
  const parts = [
    t('resolve.lengths', { claimed: String(row.claimedLength ?? '—'), counted: String(row.countedLength ?? 0) }),
    row.longer
      ? t('resolve.longer', { max: String(row.maxLength) })
      : t('resolve.notLonger', { max: String(row.maxLength) }),
  ];
  if (row.valid === true) parts.push(t('resolve.valid'));
  if (row.valid === false) parts.push(t('resolve.invalid', { reason: failureText(row.failure ?? null, t) }));
  return parts.join(' · ');
}

/** The row's mark beside its words (never instead of them). */
function rowIcon(row: ResolutionRow, winner: boolean): string {
  if (row.status === 'waiting') return '○';
  if (row.status === 'asking') return '…';
  if (row.valid === false || row.status === 'skipped') return '✗';
  return winner ? '★' : '·';
}

/** The transactions a resolve took away, in words (the first few, and how many more). */
function vanishedList(vanished: readonly Vanished[], t: Translate): string {
  const shown = vanished.slice(0, 3).map((tx) =>
    t('lab.vanishedItem', {
      sender: showJson(tx.sender),
      recipient: showJson(tx.recipient),
      amount: showJson(tx.amount),
      index: tx.index,
    }),
  );
  if (vanished.length > 3) shown.push(t('lab.moreProblems', { count: vanished.length - 3 }));
  return shown.join('; ');
}

/** The comparison resolve_conflicts made: each neighbour's claimed and counted length, its verdict, the winner. */
export function ResolvePanel({ node }: { node: NodeView }) {
  const t = useT();
  const resolution = node.resolution;
  if (!resolution) return <div className="resolve-panel empty" />;
  const vanished = (resolution.vanished?.length ?? 0) > 0;
  return (
    // Focusable and named: it scrolls when a node has many neighbours, and a keyboard must scroll it too.
    <section
      className={`resolve-panel${resolution.running ? ' running' : ''}${vanished ? ' has-vanished' : ''}`}
      aria-label={t('resolve.title', { address: node.address })}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls; see above
      tabIndex={0}
    >
      <h3>{t('resolve.title', { address: node.address })}</h3>
      {/* What a replaced chain took away comes first: the panel scrolls, and this is its news. */}
      {vanished && resolution.vanished && (
        <p className="vanished" role="note">
          <span aria-hidden="true">⚠ </span>
          {t('lab.vanished', { list: vanishedList(resolution.vanished, t) })}
        </p>
      )}
      {resolution.rows.length === 0 && !resolution.running && <p className="muted">{t('resolve.noNeighbours')}</p>}
      <ul>
        {resolution.rows.map((row) => {
          const winner = !resolution.running && resolution.winner === row.neighbour;
          const icon = rowIcon(row, winner);
          return (
            <li key={row.neighbour} className={winner ? 'winner' : row.valid === false ? 'rejected' : undefined}>
              <span aria-hidden="true" className="row-icon">
                {icon}
              </span>{' '}
              <code title={row.neighbour}>{row.neighbour}</code>: {rowText(row, t)}
              {winner && (
                <>
                  {' · '}
                  <strong className="winner-badge">{t('resolve.winner')}</strong>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
