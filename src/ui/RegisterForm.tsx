import { type FormEvent, memo, useId, useMemo, useState } from 'react';
import { MAX_URLS, type Refusal, registerNodes, splitUrls } from '../store/actions';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useAppShallow, useT } from './use-app';

/** POST /nodes/register with {"nodes": [...]}: typed URLs, or a one-click pick of another node. */
/** Memoised, like the transaction form. */
export const RegisterForm = memo(function RegisterForm({
  address,
  onDone,
}: {
  address: string;
  /** Called when the URLs were sent (the form may then close). */
  onDone?: () => void;
}) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const addresses = useApp(addressesOf);
  // The real nodes beside the page: "url host" pairs (a real node reaches another real one).
  const realNodes = useAppShallow((s) => s.real.flatMap((r) => (r.kind === 'node' ? [`${r.url} ${r.host}`] : [])));
  // A simulated node picks among the others and the real nodes; a real node among the other real
  // nodes only (a simulated node lives in this page, with no address a real node can reach).
  const others = useMemo(() => {
    const real = realNodes
      .map((pair) => pair.split(' ') as [string, string])
      .filter(([url]) => url !== address)
      .map(([url, name]) => ({ url, name }));
    if (!addresses.includes(address)) return real;
    return [...addresses.filter((a) => a !== address).map((a) => ({ url: `http://${a}`, name: a })), ...real];
  }, [addresses, realNodes, address]);
  const [text, setText] = useState('');
  const [refusals, setRefusals] = useState<readonly Refusal[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = registerNodes(sim, address, splitUrls(text));
    setRefusals(refused);
    if (refused.length === 0) {
      setText('');
      onDone?.();
    }
  };
  const refused = refusals.length > 0;
  const hint = t('register.hint', { max: String(MAX_URLS) });
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
          aria-invalid={refused || undefined}
          aria-describedby={`${id}-hint${refused ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <p id={`${id}-hint`} className="visually-hidden">
          {hint}
        </p>
      </div>
      <button type="submit" title={hint}>
        {t('register.submit')}
      </button>
      {refused && (
        <div id={`${id}-error`} className="inline-error" role="alert">
          {refusals.length === 1 ? (
            refusals.map((r) => t(r.key, r.params))
          ) : (
            <>
              {t('register.refused', { count: refusals.length })}
              <ul>
                {refusals.map((r, i) => (
                  // One line per refused URL, in the order typed; the same URL twice is two lines.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  <li key={i}>{t(r.key, r.params)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {others.length > 0 && (
        <fieldset className="quick-picks">
          <legend className="hint">{t('register.quick')}</legend>
          {others.map((other) => (
            <button
              key={other.url}
              type="button"
              className="pick"
              onClick={() => {
                const refused = registerNodes(sim, address, [other.url]);
                setRefusals(refused);
                if (refused.length === 0) onDone?.();
              }}
            >
              + {t('register.pick', { address: other.name })}
            </button>
          ))}
        </fieldset>
      )}
    </form>
  );
});
