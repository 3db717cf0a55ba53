import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Json } from '../core/json/value';
import type { MessageKey } from '../i18n';
import type { Refusal } from '../store/actions';
import { type BlockFields, editBlock, fieldsOf } from '../store/lab-actions';
import { useSimulator } from './simulator';
import { useT } from './use-app';

type Field = 'proof' | 'previousHash' | `${'sender' | 'recipient' | 'amount'}-${number}`;

/**
 * The lab's "Edit block": the block's proof, previous_hash and transactions as fields, filled in
 * with what the block holds. "Save changes" writes the change into the node's chain, unchecked.
 */
export function BlockEditForm({
  address,
  position,
  block,
  onDone,
}: {
  address: string;
  position: number;
  block: Json;
  /** The form is done: saved (the edit sent to the node), or cancelled. */
  onDone: (saved: boolean) => void;
}) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  // What the block held when the form opened: Save changes writes only onto that same block.
  const [began, setBegan] = useState<BlockFields>(() => fieldsOf(block));
  const [fields, setFields] = useState<BlockFields>(began);
  const [refusal, setRefusal] = useState<{ field: string | null; refusal: Refusal } | null>(null);
  // The form takes the place of Edit block: its first field takes the focus.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const outcome = editBlock(sim, address, position, fields, began);
    setRefusal(outcome.ok ? null : outcome);
    // Another block is in its place now: the form shows that one (the message says so).
    if (!outcome.ok && outcome.now) {
      setBegan(outcome.now);
      setFields(outcome.now);
    }
    if (outcome.ok) onDone(true);
  };
  const input = (name: Field, label: string, value: string, set: (value: string) => void, wide = false) => {
    const invalid = refusal !== null && (refusal.field === name || refusal.field === null);
    return (
      <div className={`field${wide ? ' wide' : ''}`} key={name}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => set(e.target.value)}
        />
      </div>
    );
  };
  const setTransaction = (i: number, key: 'sender' | 'recipient' | 'amount', value: string) =>
    setFields({
      ...fields,
      transactions: fields.transactions.map((tx, j) => (j === i ? { ...tx, [key]: value } : tx)),
    });
  return (
    <form ref={form} className="edit-block" aria-label={t('lab.edit')} onSubmit={submit} noValidate>
      <h3>{t('lab.editTitle', { index: position + 1 })}</h3>
      <p className="hint">{t('lab.editHint')}</p>
      <div className="edit-fields">
        {input('proof', t('lab.proof'), fields.proof, (proof) => setFields({ ...fields, proof }))}
        {input(
          'previousHash',
          t('lab.previousHash'),
          fields.previousHash,
          (previousHash) => setFields({ ...fields, previousHash }),
          true,
        )}
      </div>
      {fields.transactions.map((tx, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a transaction's place in its block is its identity
        <fieldset className="edit-fields" key={i}>
          {input(`sender-${i}`, t('lab.sender', { n: i + 1 }), tx.sender, (v) => setTransaction(i, 'sender', v))}
          {input(`recipient-${i}`, t('lab.recipient', { n: i + 1 }), tx.recipient, (v) =>
            setTransaction(i, 'recipient', v),
          )}
          {input(`amount-${i}`, t('lab.amount', { n: i + 1 }), tx.amount, (v) => setTransaction(i, 'amount', v))}
        </fieldset>
      ))}
      {refusal && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {t(refusal.refusal.key as MessageKey, refusal.refusal.params)}
        </p>
      )}
      <div className="edit-actions">
        <button type="submit" className="primary">
          {t('lab.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('lab.cancel')}
        </button>
      </div>
    </form>
  );
}
