import { useState } from 'react';
import { chainUrl } from '../core/address';
import { LOG_BODY_LIMIT } from '../store/feed';
import type { LogEntry, NodeView } from '../store/state';
import { skipText } from './failure-text';
import { useT } from './use-app';

const SHOWN = 30;

/** A body as the log keeps it (a real node's too: its answers are kept whole). */
function preview(body: string | null | undefined): string {
  if (!body) return '';
  return body.length > LOG_BODY_LIMIT ? `${body.slice(0, LOG_BODY_LIMIT)}…` : body;
}

function Entry({ entry }: { entry: LogEntry }) {
  const t = useT();
  const { request } = entry;
  const target = entry.kind === 'sent' && entry.target ? chainUrl(entry.target) : request.path;
  const failure = entry.failure ? skipText(entry.failureCode, undefined, entry.failure, t) : null;
  const outcome = failure ? `✗ ${failure}` : entry.status === undefined ? '…' : String(entry.status);
  return (
    <li className={`log-entry log-${entry.kind}`}>
      <details>
        <summary>
          <code>
            {request.method} {target}
          </code>{' '}
          → <strong>{outcome}</strong>
          {entry.kind === 'served' && <span className="muted"> ({t('log.fromNeighbour')})</span>}
          {entry.kind === 'sent' && <span className="muted"> ({t('log.toNeighbour')})</span>}
        </summary>
        <div className="log-bodies">
          <h4>{t('log.request')}</h4>
          <pre>
            {request.method} {target}
            {request.contentType ? `\nContent-Type: ${request.contentType}` : ''}
            {request.body ? `\n\n${request.body}` : ''}
          </pre>
          <h4>{t('log.response')}</h4>
          <pre>{failure ?? `${entry.status ?? ''}\n\n${preview(entry.responseBody)}`}</pre>
        </div>
      </details>
    </li>
  );
}

/** Every action as the HTTP request and response it stands for, newest first. */
export function HttpLog({ node }: { node: NodeView }) {
  const t = useT();
  // The entries are rendered only while the log is open: closed, it costs nothing per block.
  const [open, setOpen] = useState(false);
  return (
    <details className="http-log" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('log.title', { count: node.log.length })}</summary>
      {!open ? null : node.log.length === 0 ? (
        <p className="muted">{t('log.empty')}</p>
      ) : (
        <ol>
          {node.log.slice(0, SHOWN).map((entry) => (
            <Entry key={`${entry.kind}-${entry.id}`} entry={entry} />
          ))}
        </ol>
      )}
    </details>
  );
}
