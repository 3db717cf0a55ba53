import { type FormEvent, memo, useId, useState } from 'react';
import type { MessageKey } from '../i18n';
import { newTransaction, type Refusal } from '../store/actions';
import { useSimulator } from './simulator';
import { useT } from './use-app';

/** POST /transactions/new: sender, recipient, amount. Bad input gets a message and sends nothing. */
/** Memoised: a node's other changes (a new block, a rate) do not render the form again. */
export const TransactionForm = memo(function TransactionForm({ address }: { address: string }) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const [fields, setFields] = useState({ sender: '', recipient: '', amount: '' });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = newTransaction(sim, address, fields);
    setRefusal(refused);
    if (!refused) setFields({ sender: '', recipient: '', amount: '' });
  };
  const field = (name: keyof typeof fields, label: MessageKey, inputMode?: 'decimal') => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{t(label)}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        value={fields[name]}
        inputMode={inputMode}
        autoComplete="off"
        aria-invalid={refusal ? true : undefined}
        aria-describedby={refusal ? `${id}-error` : undefined}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </div>
  );
  const message = refusal
    ? t(refusal.key, refusal.params?.field ? { field: t(refusal.params.field as MessageKey) } : refusal.params)
    : null;
  return (
    <form className="tx-form" aria-label={t('tx.form')} onSubmit={submit} noValidate>
      <h3>{t('tx.form')}</h3>
      <div className="fields">
        {field('sender', 'tx.sender')}
        {field('recipient', 'tx.recipient')}
        {field('amount', 'tx.amount', 'decimal')}
        <button type="submit">{t('tx.send')}</button>
      </div>
      {message && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {message}
        </p>
      )}
    </form>
  );
});
