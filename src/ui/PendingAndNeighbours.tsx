import type { Transaction } from '../core/block';
import type { NodeView } from '../store/state';
import { CompactList } from './CompactList';
import { showJson } from './format';
import { useT } from './use-app';

const transactionText = (tx: Transaction) =>
  `${showJson(tx.sender)} → ${showJson(tx.recipient)}: ${showJson(tx.amount)}`;

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
          <CompactList
            label={t('node.neighbours')}
            items={neighbours}
            text={(n) => n}
            render={(n) => <code>{n}</code>}
            inline
          />
        )}
      </dd>
      <dt>{t('node.pending')}</dt>
      <dd>
        {pendingTransactions.length === 0 ? (
          <span className="muted">{t('node.noPending')}</span>
        ) : (
          <CompactList
            label={t('node.pending')}
            items={pendingTransactions}
            text={transactionText}
            render={(tx) => (
              <>
                <code>{showJson(tx.sender)}</code> → <code>{showJson(tx.recipient)}</code>:{' '}
                <code>{showJson(tx.amount)}</code>
              </>
            )}
          />
        )}
      </dd>
    </dl>
  );
}
