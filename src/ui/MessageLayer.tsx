import { useEffect, useRef, useState } from 'react';
import { bodyStart } from '../core/long-body';
import type { SimMessage } from '../store/state';
import { skipText } from './failure-text';
import { Modal } from './Modal';
import { useSimulator } from './simulator';
import { addressesOf, useApp, useT } from './use-app';

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The width of the network row and its column gap, as last observed (no layout is forced to read them). */
interface Geometry {
  width: number;
  gap: number;
}

/** Where a node's column is, inside the network row: its horizontal centre (the columns are equal). */
function centreOf(geometry: Geometry, addresses: readonly string[], address: string): number | null {
  const index = addresses.indexOf(address);
  if (index < 0 || addresses.length === 0) return null;
  const column = (geometry.width - (addresses.length - 1) * geometry.gap) / addresses.length;
  return index * (column + geometry.gap) + column / 2;
}

/**
 * The messages in flight, drawn on their way from one column to another. Positions follow the
 * sim's clock, read once per animation frame (not React state at 60 Hz). With reduced motion the
 * messages wait half-way, without moving. A visually hidden list says the same in words.
 */
export function MessageLayer() {
  const t = useT();
  const sim = useSimulator();
  const messages = useApp((s) => s.messages);
  const layer = useRef<HTMLDivElement>(null);
  const addresses = useApp(addressesOf);
  const [geometry, setGeometry] = useState<Geometry>({ width: 0, gap: 0 });
  useEffect(() => {
    const container = layer.current?.parentElement;
    if (!container || typeof ResizeObserver === 'undefined') return;
    // The row grows taller with every block; only its width and gap move the columns' centres.
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const width = entry.contentRect.width;
      const gap = Number.parseFloat(getComputedStyle(container).columnGap) || 0;
      setGeometry((last) => (last.width === width && last.gap === gap ? last : { width, gap }));
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, []);
  const [still] = useState(reducedMotion);
  const stepMode = useApp((s) => s.stepMode);
  const [inspected, setInspected] = useState<number | null>(null);
  const shown = messages.find((m) => m.id === inspected) ?? null;

  useEffect(() => {
    const element = layer.current;
    const container = element?.parentElement;
    if (!element || !container || messages.length === 0) return;
    let frame = 0;
    // Where each message goes, measured once (reading layout every frame would force a layout).
    const tracks = new Map<HTMLElement, { message: SimMessage; from: number; to: number }>();
    for (const dot of element.querySelectorAll<HTMLElement>('[data-message]')) {
      const message = messages.find((m) => String(m.id) === dot.dataset.message);
      const from = message ? centreOf(geometry, addresses, message.from) : null;
      const to = message ? centreOf(geometry, addresses, routeOf(message, addresses)) : null;
      if (message && from !== null && to !== null) tracks.set(dot, { message, from, to });
    }
    const place = () => {
      const now = sim.session.now; // read each frame: sim time moves while messages fly
      for (const [dot, { message, from, to }] of tracks) {
        const span = Math.max(1, message.deliverAt - message.sentAt);
        // In step mode time stands still: a message waits half-way until a Step delivers it.
        const progress = still || stepMode ? 0.5 : Math.min(1, Math.max(0, (now - message.sentAt) / span));
        dot.style.transform = `translateX(${from + (to - from) * progress}px) translateX(-50%)`;
        dot.style.visibility = 'visible';
      }
      if (!still && !stepMode) frame = requestAnimationFrame(place);
    };
    place();
    return () => cancelAnimationFrame(frame);
  }, [messages, still, stepMode, addresses, geometry, sim]);

  return (
    <div ref={layer} className="message-layer">
      {messages.map((m) => (
        <div
          key={m.id}
          data-message={m.id}
          className={`message message-${m.kind}${m.reply && !m.reply.ok ? ' message-failed' : ''}`}
        >
          <span className="message-dot" aria-hidden="true" />
          <button type="button" className="message-label" onClick={() => setInspected(m.id)} aria-haspopup="dialog">
            {label(m, t)}
          </button>
        </div>
      ))}
      {shown && <MessageDialog message={shown} onClose={() => setInspected(null)} />}
      <ul className="visually-hidden">
        {messages.map((m) => (
          <li key={m.id}>
            {m.from} → {m.to}: {label(m, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function MessageDialog({ message, onClose }: { message: SimMessage; onClose: () => void }) {
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

/** A request goes to the neighbour as stored; draw it towards the column of the node that name reaches. */
function routeOf(message: SimMessage, addresses: readonly string[]): string {
  if (addresses.includes(message.to)) return message.to;
  const port = /:(\d+)/.exec(message.to)?.[1];
  return port ? `localhost:${port}` : message.to;
}

function label(message: SimMessage, t: ReturnType<typeof useT>): string {
  if (message.kind === 'request') return t('message.request', { to: message.to });
  if (message.reply && !message.reply.ok) return t('message.failure', { from: message.from });
  return t('message.response', { from: message.from });
}
