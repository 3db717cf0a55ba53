import { useEffect, useMemo, useRef, useState } from 'react';
import { fieldOf } from '../core/json/value';
import { blockDetails } from '../store/block-details';
import { remineFrom } from '../store/lab-actions';
import { isRealAddress } from '../store/real-actions';
import type { NodeView } from '../store/state';
import { BlockEditForm } from './BlockEditForm';
import { showJson } from './format';
import { Modal } from './Modal';
import { problemTexts } from './problem-text';
import { useSimulator } from './simulator';
import { useApp, useT } from './use-app';

/** The card of the block at `position` in the column of `address`, if it is drawn. */
export function blockCard(address: string, position: number): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `section.node[data-address="${address.replace(/["\\]/g, '\\$&')}"] li[data-position="${position}"] .block-button`,
  );
}

/** Everything about one block: its fields, its hash and what it was computed over, its proof check. */
export function BlockDialog({ node, position, onClose }: { node: NodeView; position: number; onClose: () => void }) {
  const t = useT();
  const rules = useApp((s) => s.settings.rules);
  // One hash of the proof guess per block opened, not per redraw of the column.
  const details = useMemo(() => blockDetails(node.snapshot, position, rules), [node.snapshot, position, rules]);
  const sim = useSimulator();
  const [editing, setEditing] = useState(false);
  // Saved here: what the node then says of the change is said here too (its column is behind the
  // dialog); only what it says after the save (the number of its last word then).
  const [savedAfter, setSavedAfter] = useState<number | null>(null);
  // Edit block gives way to the form (whose first field takes the focus); when the form goes, the
  // focus comes back to Edit block.
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const { snapshot } = node;
  const problems = useMemo(
    () => problemTexts(snapshot.problems, (i) => snapshot.state.chain[i], rules.difficulty, t),
    [snapshot, rules.difficulty, t],
  );

  if (!details) return null;
  const { block } = details;
  const transactions = fieldOf(block, 'transactions');
  const index = showJson(fieldOf(block, 'index'));
  const own = problems.byBlock.get(position) ?? [];
  // A proof the dialog finds wrong that valid_chain never checked: the link failed before it.
  const linkFailedFirst =
    (snapshot.problems ?? []).some((p) => p.check === 'previous_hash' && p.position === position) &&
    !(snapshot.problems ?? []).some((p) => p.check === 'proof' && p.position === position);
  // A broken block, or one before a broken link further on: mining from here mends the chain.
  const broken = (snapshot.problems ?? []).some((p) => p.position >= position);
  const newest = position === snapshot.state.chain.length - 1 && position > 0;
  const said = node.announcement;
  const edited =
    savedAfter !== null &&
    said !== null &&
    said.seq > savedAfter &&
    said.key.startsWith('msg.edited') &&
    String(said.params.index) === String(position + 1);
  return (
    <Modal
      title={t('chain.details', { index })}
      className="block-dialog"
      onClose={onClose}
      // The card that opened it is drawn anew when its block changes (mined again): the new card.
      fallback={() => blockCard(node.address, position)}
    >
      {own.length > 0 && (
        <div className="chain-problems" role="note">
          <p>
            <span aria-hidden="true">✗ </span>
            {t('lab.invalid')}
          </p>
          <ul>
            {own.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {/* A real node's blocks are read over HTTP: only the sim's nodes can be tampered with. */}
      {!isRealAddress(node.address) && (
        <>
          <div className="lab-actions">
            {!editing && (
              <button ref={editButton} type="button" onClick={() => setEditing(true)}>
                {t('lab.edit')}
              </button>
            )}
            {broken && (
              <button
                type="button"
                className="primary"
                onClick={() => {
                  remineFrom(sim, node.address, position);
                  onClose();
                }}
              >
                {t('lab.remine')}
              </button>
            )}
          </div>
          <p className="hint edited-note" role="status">
            {edited && said ? t(said.key, said.params) : ''}
          </p>
          {broken && (
            <p className="hint">
              {t('lab.remineHint')} {rules.proofRule === 'seed' && t('lab.remineSeed')}
            </p>
          )}
          {editing && (
            <>
              {newest && (
                <p className="hint">
                  {t('lab.newest')} {rules.resolveRule === 'hardened' && t('lab.newestHardened')}
                </p>
              )}
              <BlockEditForm
                address={node.address}
                position={position}
                block={block}
                onDone={(done) => {
                  setEditing(false);
                  if (done) setSavedAfter(node.announcement?.seq ?? -1);
                }}
              />
            </>
          )}
        </>
      )}
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
          {/* valid_chain checks a link's previous_hash first and stops there: the list above then
              names that, not this proof, which the dialog checks all the same. */}
          {!details.proof.ok && linkFailedFirst && <p className="hint">{t('chain.proofNotReached')}</p>}
        </>
      ) : (
        <p>{t('chain.proofGenesis')}</p>
      )}
    </Modal>
  );
}
