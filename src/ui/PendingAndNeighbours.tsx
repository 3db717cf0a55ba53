import type { NodeView } from '../store/state';
import { showJson } from './format';
import { useT } from './use-app';

export function PendingAndNeighbours({ node }: { node: NodeView }) {
  const t = useT();
  const { neighbours, pendingTransactions } = node.snapshot.state;
  return (
    <dl className="facts">
      <dt>{t('node.neighbours')}</dt>
      <dd>
        {neighbours.length === 0 ? (
          <span className="muted">{t('node.noNeighbours')}</span>
        ) : (
          <ul className="inline-list">
            {neighbours.map((n) => (
              <li key={n}>
                <code>{n}</code>
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('node.pending')}</dt>
      <dd>
        {pendingTransactions.length === 0 ? (
          <span className="muted">{t('node.noPending')}</span>
        ) : (
          <ul className="pending">
            {pendingTransactions.map((tx, i) => (
              // Transactions have no identity of their own: their place in the pool is it.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>
                <code>{showJson(tx.sender)}</code> → <code>{showJson(tx.recipient)}</code>:{' '}
                <code>{showJson(tx.amount)}</code>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}
