import { type FormEvent, memo, useId, useMemo, useState } from 'react';
import { type Refusal, registerNodes, splitUrls } from '../store/actions';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useT } from './use-app';

/** POST /nodes/register with {"nodes": [...]}: typed URLs, or a one-click pick of another node. */
/** Memoised, like the transaction form. */
export const RegisterForm = memo(function RegisterForm({ address }: { address: string }) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const addresses = useApp(addressesOf);
  const others = useMemo(() => addresses.filter((a) => a !== address), [addresses, address]);
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = registerNodes(sim, address, splitUrls(text));
    setRefusal(refused);
    if (!refused) setText('');
  };
  return (
    <form className="register-form" aria-label={t('register.form')} onSubmit={submit} noValidate>
      <h3>{t('register.form')}</h3>
      <div className="field">
        <label htmlFor={`${id}-urls`}>{t('register.urls')}</label>
        <textarea
          id={`${id}-urls`}
          rows={1}
          value={text}
          placeholder="http://localhost:5001"
          aria-invalid={refusal ? true : undefined}
          aria-describedby={`${id}-hint${refusal ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <p id={`${id}-hint`} className="visually-hidden">
          {t('register.hint')}
        </p>
      </div>
      <button type="submit" title={t('register.hint')}>
        {t('register.submit')}
      </button>
      {refusal && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      {others.length > 0 && (
        <fieldset className="quick-picks">
          <legend className="hint">{t('register.quick')}</legend>
          {others.map((other) => (
            <button
              key={other}
              type="button"
              className="pick"
              onClick={() => setRefusal(registerNodes(sim, address, [`http://${other}`]))}
            >
              + {t('register.pick', { address: other })}
            </button>
          ))}
        </fieldset>
      )}
    </form>
  );
});
