import { useMemo } from 'react';
import { fieldOf } from '../core/json/value';
import { blockDetails } from '../store/block-details';
import type { NodeView } from '../store/state';
import { showJson } from './format';
import { Modal } from './Modal';
import { useApp, useT } from './use-app';

/** Everything about one block: its fields, its hash and what it was computed over, its proof check. */
export function BlockDialog({ node, position, onClose }: { node: NodeView; position: number; onClose: () => void }) {
  const t = useT();
  const rules = useApp((s) => s.settings.rules);
  // One hash of the proof guess per block opened, not per redraw of the column.
  const details = useMemo(() => blockDetails(node.snapshot, position, rules), [node.snapshot, position, rules]);

  if (!details) return null;
  const { block } = details;
  const transactions = fieldOf(block, 'transactions');
  const index = showJson(fieldOf(block, 'index'));
  return (
    <Modal title={t('chain.details', { index })} className="block-dialog" onClose={onClose}>
      <dl className="block-fields">
        <dt>{t('chain.index')}</dt>
        <dd>
          <code>{index}</code>
        </dd>
        <dt>{t('chain.timestamp')}</dt>
        <dd>
          <code>{showJson(fieldOf(block, 'timestamp'))}</code>
        </dd>
        <dt>{t('chain.proof')}</dt>
        <dd>
          <code>{showJson(fieldOf(block, 'proof'))}</code>
        </dd>
        <dt>{t('chain.previousHash')}</dt>
        <dd>
          <code className="hash">{showJson(fieldOf(block, 'previous_hash'))}</code>
        </dd>
        <dt>{t('chain.hash')}</dt>
        <dd>
          <code className="hash">{details.hash}</code>
        </dd>
      </dl>
      <h3>{t('chain.transactions')}</h3>
      {Array.isArray(transactions) && transactions.length > 0 ? (
        <table className="transactions">
          <thead>
            <tr>
              <th scope="col">{t('chain.sender')}</th>
              <th scope="col">{t('chain.recipient')}</th>
              <th scope="col">{t('chain.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {transactions.map((tx, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a transaction's place in its block is its identity
              <tr key={i}>
                <td>
                  <code>{showJson(fieldOf(tx, 'sender'))}</code>
                </td>
                <td>
                  <code>{showJson(fieldOf(tx, 'recipient'))}</code>
                </td>
                <td>
                  <code>{showJson(fieldOf(tx, 'amount'))}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('node.noPending')}</p>
      )}
      <h3>{t('chain.hash')}</h3>
      <p>{t('chain.hashOver')}</p>
      <pre className="computed">{details.canonical}</pre>
      <h3>{t('chain.proof')}</h3>
      {details.proof ? (
        <>
          <p>{t('chain.proofOver', { zeros: '0'.repeat(rules.difficulty) })}</p>
          <dl className="block-fields">
            <dt>{t('chain.guess')}</dt>
            <dd>
              <code className="hash">{details.proof.guess}</code>
            </dd>
            <dt>{t('chain.digest')}</dt>
            <dd>
              <code className="hash">{details.proof.digest}</code>{' '}
              <span aria-hidden="true">{details.proof.ok ? '✓' : '✗'}</span>{' '}
              {details.proof.ok ? t('resolve.valid') : t('chain.proofInvalid')}
            </dd>
          </dl>
        </>
      ) : (
        <p>{t('chain.proofGenesis')}</p>
      )}
    </Modal>
  );
}
