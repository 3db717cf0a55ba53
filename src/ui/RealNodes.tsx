import { type FormEvent, useId, useMemo, useState } from 'react';
import type { MessageKey } from '../i18n';
import type { Refusal } from '../store/actions';
import { mine, resolve } from '../store/actions';
import {
  addRealNode,
  freeSimulatedPort,
  MAX_PASTED,
  moveSimulatedNode,
  realOf,
  removeRealNode,
  showPastedChain,
} from '../store/real-actions';
import { NO_RELAY } from '../store/real-ask';
import { BODY_REASON, type RealNodeView, STATUS_REASON } from '../store/real-nodes';
import type { LogEntry, NodeView } from '../store/state';
import { ActionButton } from './ActionButton';
import { ChainList } from './ChainList';
import { HttpLog } from './HttpLog';
import { Popover } from './Popover';
import { RegisterForm } from './RegisterForm';
import { useSimulator } from './simulator';
import { TransactionForm } from './TransactionForm';
import { useApp, useT } from './use-app';

/** A column removed goes with its × button: the focus goes to "Add real node", where another comes. */
function focusAddReal(label: string): void {
  for (const button of document.querySelectorAll<HTMLElement>('.popover-button')) {
    if (button.textContent === label) {
      button.focus();
      return;
    }
  }
}

/** "Add real node": a URL, added or refused with the reason. */
export function AddRealNode() {
  const t = useT();
  return (
    <Popover label={t('real.add')} className="add-real">
      {(close) => (
        <>
          <AddRealNodeForm onDone={close} />
          <PasteChainForm onDone={close} />
        </>
      )}
    </Popover>
  );
}

function AddRealNodeForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const refused = addRealNode(sim, text);
    setRefusal(refused);
    if (!refused) {
      setText('');
      onDone();
    }
  };
  return (
    <form className="real-form" aria-label={t('real.add')} onSubmit={submit} noValidate>
      <h2 className="popover-title">{t('real.add')}</h2>
      <div className="real-url">
        <label htmlFor={`${id}-url`}>{t('real.url')}</label>
        <input
          id={`${id}-url`}
          value={text}
          placeholder="http://localhost:5010"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={refusal !== null || undefined}
          aria-describedby={`${id}-hint${refusal ? ` ${id}-error` : ''}`}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit">{t('real.addButton')}</button>
      </div>
      {refusal && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      {refusal?.key === 'real.clash' && refusal.params?.address && (
        // The offer a clash makes: the simulated node moves to a free port, the real one is added.
        <button
          type="button"
          className="primary"
          onClick={() => {
            const moved = moveSimulatedNode(sim, refusal.params?.address ?? '');
            const refused = typeof moved === 'string' ? addRealNode(sim, text) : moved;
            setRefusal(refused);
            if (!refused) {
              setText('');
              onDone();
            }
          }}
        >
          {t('real.moveOffer', { address: refusal.params.address, to: `localhost:${freeSimulatedPort(sim)}` })}
        </button>
      )}
      <p id={`${id}-hint`} className="hint">
        {t('real.hint')}
      </p>
    </form>
  );
}

/** "Check a chain": a GET /chain body pasted, or loaded from a file, shown as a column and checked. */
function PasteChainForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const sim = useSimulator();
  const id = useId();
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const show = (body: string) => {
    const refused = showPastedChain(sim, body);
    setRefusal(refused);
    if (!refused) {
      setText('');
      onDone();
    }
  };
  return (
    <form
      className="paste-form"
      aria-label={t('paste.form')}
      onSubmit={(event) => {
        event.preventDefault();
        show(text);
      }}
      noValidate
    >
      <h2 className="popover-title">{t('paste.form')}</h2>
      <label htmlFor={`${id}-body`}>{t('paste.body')}</label>
      <textarea
        id={`${id}-body`}
        rows={3}
        value={text}
        spellCheck={false}
        placeholder='{"chain": [...], "length": 1}'
        aria-invalid={refusal !== null || undefined}
        aria-describedby={`${id}-hint${refusal ? ` ${id}-error` : ''}`}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="paste-actions">
        <button type="submit">{t('paste.show')}</button>
        <label className="file-button">
          {t('paste.file')}
          <input
            type="file"
            accept=".json,application/json,text/plain"
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              event.currentTarget.value = '';
              if (!file) return;
              if (file.size > MAX_PASTED) {
                setRefusal({ key: 'paste.tooLong', params: { max: String(MAX_PASTED) } });
                return;
              }
              file.text().then(show, () => setRefusal({ key: 'paste.fileUnreadable' }));
            }}
          />
        </label>
      </div>
      {refusal && (
        <p id={`${id}-error`} className="inline-error" role="alert">
          {t(refusal.key, refusal.params)}
        </p>
      )}
      <p id={`${id}-hint`} className="hint">
        {t('paste.hint')}
      </p>
    </form>
  );
}

/** A real node's reason in words: the relay's or the network's (as said), or the page's own. */
function reasonText(reason: string | null, t: ReturnType<typeof useT>): string {
  if (reason === null) return '';
  if (reason === NO_RELAY) return t('real.noRelay');
  if (reason.startsWith(BODY_REASON)) return t(`chainBody.${reason.slice(BODY_REASON.length)}` as MessageKey);
  if (reason.startsWith(STATUS_REASON)) return t('chainBody.status', { status: reason.slice(STATUS_REASON.length) });
  return reason;
}

/** A real node as the column's parts read a node: its chain, its log (what it holds besides is not in its answers). */
function asNodeView(real: RealNodeView): NodeView {
  const log: LogEntry[] = real.log
    .map((e) => ({
      id: e.id,
      at: 0,
      kind: 'user' as const,
      request: e.request,
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.body === undefined ? {} : { responseBody: e.body }),
      ...(e.failure === undefined ? {} : { failure: e.failure, failureCode: 'unreachable' as const }),
    }))
    .reverse();
  return {
    address: real.url,
    snapshot: {
      state: {
        address: real.host,
        nodeIdentifier: '',
        chain: [...real.chain],
        pendingTransactions: [],
        neighbours: [],
        rules: { proofRule: 'seed', difficulty: 4, resolveRule: 'seed' },
      },
      hashes: real.hashes,
      length: real.chain.length,
      problems: real.problems,
    },
    activity: null,
    progress: null,
    failure: null,
    log,
    announcement: null,
    resolution: null,
    replacement: null,
    continuous: false,
  };
}

/** The state dot of a real node, drawn as a simulated node's: mining, resolving, down, or idle. */
function stateClass(real: RealNodeView): string {
  if (real.busy === 'mine') return 'state-mining';
  if (real.busy === 'resolve') return 'state-resolving';
  return real.status === 'unreachable' ? 'state-down real-unreachable' : 'state-idle';
}

/** A real node's column: its chain as last read, its status, and the tutorial's actions as real requests. */
export function RealNodeColumn({ url, column }: { url: string; column: number }) {
  const t = useT();
  const sim = useSimulator();
  const real = useApp((s) => realOf(s, url));
  const node = useMemo(() => (real ? asNodeView(real) : null), [real]);
  if (!real || !node) return null;
  const busy = real.busy !== null;
  // What it last said, in the page's words where it has them.
  const said = real.said
    ? real.said.problem
      ? t(real.said.problem.key, real.said.problem.params)
      : real.said.text
    : '';
  const status =
    real.status === 'checking'
      ? t('real.checking')
      : real.status === 'reachable'
        ? t('real.reachable')
        : t('real.unreachable', {
            reason: real.problem ? t(real.problem.key, real.problem.params) : reasonText(real.reason, t),
          });
  if (real.kind === 'pasted') return <PastedColumn real={real} node={node} column={column} />;
  return (
    <section
      className="node real"
      aria-label={t('real.region', { host: real.host })}
      data-address={url}
      style={{ gridColumn: column + 1 }}
    >
      <div className="node-head">
        <div className="node-title">
          {/* The host gives way first: the port, what tells two real nodes apart, stays whole. */}
          <h2 title={real.host} aria-label={real.host}>
            <span className="real-host">{real.host.slice(0, real.host.lastIndexOf(':'))}</span>
            <span className="real-port">{real.host.slice(real.host.lastIndexOf(':'))}</span>
          </h2>
          <button
            type="button"
            className="real-remove"
            aria-label={t('real.remove', { host: real.host })}
            title={t('real.remove', { host: real.host })}
            onClick={() => {
              focusAddReal(t('real.add'));
              removeRealNode(sim, url);
            }}
          >
            ×
          </button>
        </div>
        <div className="node-status whole">
          <p className={`state ${stateClass(real)}`}>
            <span className="state-dot" aria-hidden="true" />
            {busy ? t(`real.busy.${real.busy}` as const) : status}
            {/* On the state's line, where there is room: the heading keeps its width for the address. */}
            <span className="real-badge">{t('real.badge')}</span>
          </p>
          <p className={`result${real.said?.ok === false ? ' result-failed' : ''}`} role="status" aria-live="polite">
            {said && (
              // Cut to its line in a narrow column: whole on hover.
              <span title={said}>
                <span aria-hidden="true">{real.said?.ok ? '✓ ' : '⚠ '}</span>
                {said}
              </span>
            )}
          </p>
        </div>
        <div className="node-actions">
          <ActionButton className="primary" off={busy} onPress={() => mine(sim, url)}>
            {t('node.mine')}
          </ActionButton>
          <ActionButton off={busy} onPress={() => resolve(sim, url)}>
            {t('node.resolve')}
          </ActionButton>
        </div>
        <div className="node-more">
          <Popover label={t('tx.form')}>{(close) => <TransactionForm address={url} onDone={close} />}</Popover>
          <Popover label={t('register.form')}>{(close) => <RegisterForm address={url} onDone={close} />}</Popover>
          <Popover label={t('node.details')} className="details">
            {() => (
              <>
                <p className="muted">{t('real.facts', { length: real.chain.length })}</p>
                <HttpLog node={node} />
              </>
            )}
          </Popover>
        </div>
      </div>
      {real.otherRule && (
        <p className="real-other-rule" role="note">
          {t('real.otherRule', { rule: real.otherRule })}
        </p>
      )}
      {real.chain.length === 0 ? (
        <p className="muted real-no-chain">{t('real.noChain')}</p>
      ) : (
        <ChainList node={node} column={column} />
      )}
    </section>
  );
}

/** A pasted chain's column: no node behind it, only its blocks and what valid_chain says of them. */
function PastedColumn({ real, node, column }: { real: RealNodeView; node: NodeView; column: number }) {
  const t = useT();
  const sim = useSimulator();
  const n = real.host;
  return (
    <section
      className="node real pasted"
      aria-label={t('paste.region', { n })}
      data-address={real.url}
      style={{ gridColumn: column + 1 }}
    >
      <div className="node-head">
        <div className="node-title">
          <h2>{t('paste.title', { n })}</h2>
          <span className="real-badge">{t('paste.badge')}</span>
          <button
            type="button"
            className="real-remove"
            aria-label={t('paste.remove', { n })}
            title={t('paste.remove', { n })}
            onClick={() => {
              focusAddReal(t('real.add'));
              removeRealNode(sim, real.url);
            }}
          >
            ×
          </button>
        </div>
        {real.problems.length === 0 && (
          <p className="paste-valid" role="note">
            {t('paste.valid', { length: real.chain.length })}
          </p>
        )}
      </div>
      {real.otherRule && (
        <p className="real-other-rule" role="note">
          {t('real.otherRule', { rule: real.otherRule })}
        </p>
      )}
      <ChainList node={node} column={column} />
    </section>
  );
}
