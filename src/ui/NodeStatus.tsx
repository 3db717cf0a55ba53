import type { NodeView } from '../store/state';
import { duration, expectedGuesses } from './duration';
import { type Translate, useApp, useT } from './use-app';

/** Why a node is down, in the page's words where it said why as data (else as it said it). */
export function downReason(node: NodeView, t: Translate): string {
  const cause = node.failureCause;
  if (!cause) return node.failure ?? '';
  switch (cause.code) {
    case 'badProof':
      return t('node.downBadProof', { index: cause.index, proof: cause.proof, zeros: cause.zeros });
    case 'workerFailed':
      return t('node.downWorker', { detail: cause.detail });
    case 'unreadable':
      return t('node.downUnreadable');
    default:
      return cause satisfies never;
  }
}

/** The node's state in words, and the last result, announced politely to screen readers. */
export function NodeStatus({ node }: { node: NodeView }) {
  const t = useT();
  const difficulty = useApp((s) => s.settings.rules.difficulty);
  // Mining continuously, the moment between two blocks is still mining (no flicker to "idle").
  const activity = node.activity ?? (node.continuous ? 'mining' : null);
  let state: string;
  if (node.failure) state = t('node.down', { reason: downReason(node, t) });
  else if (activity === 'mining') {
    const { progress } = node;
    if (!progress) state = t('node.miningStart');
    else if (progress.rate === 0) state = t('node.miningStepped', { tried: progress.tried });
    else {
      const perBlock = duration(expectedGuesses(difficulty) / progress.rate, t);
      state = `${t('node.mining', { tried: progress.tried, rate: progress.rate })} · ${t('node.perBlock', { time: perBlock })}`;
    }
  } else if (activity === 'resolving') state = t('node.resolving');
  else state = t('node.idle');
  const announcement = node.announcement;
  const failed = announcement?.key === 'msg.failed';
  const said = announcement ? t(announcement.key, announcement.params) : '';
  return (
    <div className={`node-status${node.failure ? ' whole' : ''}`}>
      <p className={`state state-${node.failure ? 'down' : (activity ?? 'idle')}`} title={state}>
        <span className="state-dot" aria-hidden="true" />
        <span className="state-text">{state}</span>
      </p>
      <p className={`result${failed ? ' result-failed' : ''}`} role="status" aria-live="polite">
        {announcement && (
          // A new element for every result, so that a repeated message is announced again.
          // Said with the node's address (a screen reader hears it without the column around it),
          // and whole on hover where the column cuts it.
          <span key={announcement.seq} title={said}>
            <span className="visually-hidden">{node.address}: </span>
            <span aria-hidden="true">{failed ? '⚠ ' : '✓ '}</span>
            {said}
          </span>
        )}
      </p>
    </div>
  );
}
