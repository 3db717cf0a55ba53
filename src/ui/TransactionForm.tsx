import { type FormEvent, memo, useId, useState } from 'react';
import type { MessageKey } from '../i18n';
import { type Message, newTransaction, type Refusal, type TransactionFields } from '../store/actions';
import { useSimulator } from './simulator';
import { useT } from './use-app';

/** POST /transactions/new: sender, recipient, amount. Bad input gets a message and sends nothing. */
/** Memoised: a node's other changes (a new block, a rate) do not render the form again. */
export const TransactionForm = memo(function TransactionForm({
  address,
  onDone,
}: {
  address: string;
  /** Called when a transaction was sent with nothing more to say (the form may then close). */
  onDone?: () => void;
}) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const [fields, setFields] = useState<TransactionFields>({ sender: '', recipient: '', amount: '' });
  const [refusal, setRefusal] = useState<{ field: keyof TransactionFields | null; refusal: Refusal } | null>(null);
  // How an accepted amount was read, when that is not what was typed ("1e-400" is 0.0).
  const [note, setNote] = useState<Message | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const outcome = newTransaction(sim, address, fields);
    setRefusal(outcome.ok ? null : outcome);
    setNote(outcome.ok ? outcome.note : null);
    if (outcome.ok) setFields({ sender: '', recipient: '', amount: '' });
    if (outcome.ok && !outcome.note) onDone?.();
  };
  const text = (said: Message) => {
    const field = said.params?.field;
    return t(said.key, field ? { ...said.params, field: t(field as MessageKey) } : said.params);
  };
  const field = (name: keyof TransactionFields, label: MessageKey, inputMode?: 'decimal') => {
    // A refusal without a field of its own (while a run replays) concerns them all.
    const invalid = refusal !== null && (refusal.field === name || refusal.field === null);
    const described = [invalid && `${id}-error`, name === 'amount' && note && `${id}-note`].filter(Boolean).join(' ');
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{t(label)}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          value={fields[name]}
          inputMode={inputMode}
          autoComplete="off"
          aria-invalid={invalid || undefined}
          aria-describedby={described || undefined}
          onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
        />
      </div>
    );
  };
  return (
    <form className="tx-form" aria-label={t('tx.form')} onSubmit={submit} noValidate>
      <h3>{t('tx.form')}</h3>
      <div className="fields">
        {field('sender', 'tx.sender')}
        {field('recipient', 'tx.recipient')}
        {field('amount', 'tx.amount', 'decimal')}
        <button type="submit">{t('tx.send')}</button>
      </div>
      {refusal && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {text(refusal.refusal)}
        </p>
      )}
      <p id={`${id}-note`} className="hint" aria-live="polite">
        {note && text(note)}
      </p>
    </form>
  );
});
