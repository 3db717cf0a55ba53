import { bodyStart } from '../core/long-body';
import type { SimMessage } from '../store/state';
import { skipText } from './failure-text';
import { Modal } from './Modal';
import { useT } from './use-app';

/** A message in flight, opened: when it was sent and arrives, and what it carries. */
export function MessageDialog({ message, onClose }: { message: SimMessage; onClose: () => void }) {
  const t = useT();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const reply = message.reply;
  const body = message.request
    ? `${message.request.method} ${message.request.path}`
    : reply?.ok
      ? `HTTP ${reply.response.status}\n\n${bodyStart(reply.response, 4000)}`
      : `✗ ${skipText(reply?.code, undefined, reply?.reason ?? '', t)}`;
  return (
    <Modal
      title={t('message.details', { from: message.from, to: message.to })}
      className="message-dialog"
      onClose={onClose}
    >
      <p>
        {t('message.sent', { time: seconds(message.sentAt) })} ·{' '}
        {t('message.arrives', { time: seconds(message.deliverAt) })}
      </p>
      <pre className="computed">{body}</pre>
    </Modal>
  );
}
