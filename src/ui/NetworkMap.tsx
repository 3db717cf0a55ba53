import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { peerTarget } from '../core/address';
import type { BehaviourKind } from '../core/behaviour';
import { registerNodes, selectNode } from '../store/actions';
import { linkKey } from '../store/lab-actions';
import type { AppState, NodeView, SimMessage } from '../store/state';
import { skipText } from './failure-text';
import { shortName } from './format';
import { MessageDialog } from './MessageDialog';
import { useSimulator } from './simulator';
import { type Translate, useApp, useAppThrottled, useT } from './use-app';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const NODE_RADIUS = 17;

/**
 * The node on the map a stored neighbour reaches ("127.0.0.1:5001" is localhost:5001), if any:
 * a simulated node, or a real node by its key (its host and port, loopback as localhost).
 */
export function reached(neighbour: string, addresses: readonly string[]): string | null {
  const target = peerTarget(neighbour);
  if (!target) return null;
  const address = LOOPBACK.includes(target.host) ? `localhost:${target.port}` : `${target.host}:${target.port}`;
  return addresses.includes(address) ? address : null;
}

interface MapNode {
  readonly address: string;
  readonly neighbours: readonly string[];
  readonly state: 'idle' | 'mining' | 'resolving' | 'down';
  /** How it answers GET /chain, when not honest (the lab). */
  readonly behaviour: BehaviourKind;
  /** A real node's URL (see RealNodes); absent for a simulated node. */
  readonly real?: string;
  /** A real node's host as its column names it. */
  readonly host?: string;
}

function stateOf(node: NodeView): MapNode['state'] {
  if (node.failure) return 'down';
  const activity = node.activity ?? (node.continuous ? 'mining' : null);
  return activity ?? 'idle';
}

/** What the map draws of the nodes: only what changes the drawing (not every block mined). */
function mapNodes(state: AppState): readonly MapNode[] {
  const simulated = state.nodes.map(
    (n): MapNode => ({
      address: n.address,
      neighbours: n.snapshot.state.neighbours,
      state: stateOf(n),
      behaviour: n.snapshot.state.behaviour?.kind ?? 'honest',
    }),
  );
  // Real nodes, after: whom they know is not in their answers; the arrows that leave them are
  // the registrations this page made on them.
  const real = state.real
    .filter((r) => r.kind === 'node')
    .map(
      (r): MapNode => ({
        address: r.key,
        neighbours: r.registered.length === 0 ? NONE : r.registered,
        state:
          r.busy === 'mine'
            ? 'mining'
            : r.busy === 'resolve'
              ? 'resolving'
              : r.status === 'unreachable'
                ? 'down'
                : 'idle',
        behaviour: 'honest',
        real: r.url,
        host: r.host,
      }),
    );
  return real.length === 0 ? simulated : [...simulated, ...real];
}

const NONE: readonly string[] = [];

const sameNodes = (a: readonly MapNode[], b: readonly MapNode[]) =>
  a.length === b.length &&
  a.every(
    (n, i) =>
      n.address === b[i]?.address &&
      n.neighbours === b[i]?.neighbours &&
      n.state === b[i]?.state &&
      n.behaviour === b[i]?.behaviour &&
      n.real === b[i]?.real,
  );

interface Point {
  readonly x: number;
  readonly y: number;
}

/** Past this many nodes the map draws each as its port and the shape of its state, without the word. */
const CROWDED = 8;

/**
 * Where each node sits: on an ellipse filling the map, the first at the top, clockwise. A crowded
 * map puts every other node on a smaller ellipse inside it: on one, sixteen labels overlapped at
 * 1024 and 1280 pixels wide.
 */
function layout(count: number, width: number, height: number): Point[] {
  if (count === 1) return [{ x: width / 2, y: height / 2 }];
  // Room for a node's label beside it and its state below; a crowded map's labels are smaller.
  const crowded = count > CROWDED;
  const rx = Math.max(20, width / 2 - (crowded ? 30 : 46));
  const ry = Math.max(20, height / 2 - (crowded ? 18 : 34));
  return Array.from({ length: count }, (_, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
    const inner = crowded && i % 2 === 1 ? INNER : 1;
    return { x: width / 2 + inner * rx * Math.cos(angle), y: height / 2 + inner * ry * Math.sin(angle) };
  });
}

/** The inner ellipse of a crowded map, as a share of the outer one. */
const INNER = 0.62;

/** An arrow from one node to another, bent a little so that a registration back is drawn beside it. */
function curve(from: Point, to: Point): { start: Point; control: Point; end: Point } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  const ux = dx / length;
  const uy = dy / length;
  const start = { x: from.x + ux * NODE_RADIUS, y: from.y + uy * NODE_RADIUS };
  const end = { x: to.x - ux * (NODE_RADIUS + 4), y: to.y - uy * (NODE_RADIUS + 4) };
  // To the right of the direction of travel: A→B and B→A take opposite sides.
  const control = { x: (start.x + end.x) / 2 - uy * 16, y: (start.y + end.y) / 2 + ux * 16 };
  return { start, control, end };
}

function pointOn({ start, control, end }: ReturnType<typeof curve>, t: number): Point {
  const a = (1 - t) * (1 - t);
  const b = 2 * (1 - t) * t;
  const c = t * t;
  return { x: a * start.x + b * control.x + c * end.x, y: a * start.y + b * control.y + c * end.y };
}

/** A message in words, with its direction the right way round. */
export function messageText(message: SimMessage, t: Translate): string {
  const from = shortName(message.from);
  const to = shortName(message.to);
  if (message.kind === 'request') return t('map.asks', { from, to });
  if (message.reply && !message.reply.ok) {
    return t('map.noAnswer', {
      from,
      to,
      reason: skipText(message.reply.code, undefined, message.reply.reason, t),
    });
  }
  return message.blocks === undefined
    ? t('map.answers', { from, to })
    : t('map.answersBlocks', { from, to, count: message.blocks });
}

function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The network as a picture: each node (a button that selects its column), each registration an
 * arrow from the node that registered to the node it reaches (one way, as in the tutorial), a
 * neighbour that reaches no node an arrow to nowhere, and the messages in flight travelling
 * along the arrows, each named by what it is. Dragging from one node to another registers the
 * second with the first; the Register nodes form is the keyboard's way.
 */
export function NetworkMap() {
  const t = useT();
  const sim = useSimulator();
  const nodes = useAppThrottled(mapNodes, 0, sameNodes);
  const messages = useApp((s) => s.messages);
  const selected = useApp((s) => s.selected);
  const stepMode = useApp((s) => s.stepMode);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 320, height: 240 });
  const [inspected, setInspected] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ from: string; to: Point } | null>(null);
  const [still] = useState(reducedMotion);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      setSize((last) =>
        Math.abs(last.width - width) < 1 && Math.abs(last.height - height) < 1 ? last : { width, height },
      );
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const addresses = nodes.map((n) => n.address);
  const points = layout(nodes.length, size.width, size.height);
  const at = (address: string) => points[addresses.indexOf(address)];
  const centre = { x: size.width / 2, y: size.height / 2 };

  // Messages move with sim time, read once a frame: not React state at 60 Hz.
  const dots = useRef(new Map<number, HTMLElement>());
  useEffect(() => {
    let frame = 0;
    const place = () => {
      const now = sim.session.now;
      for (const message of messages) {
        const dot = dots.current.get(message.id);
        const from = at(message.from);
        const to = at(reached(message.to, addresses) ?? message.to);
        if (!dot || !from || !to) continue;
        const span = Math.max(1, message.deliverAt - message.sentAt);
        // In step mode time stands still: a message waits half-way until a Step delivers it.
        const progress = still || stepMode ? 0.5 : Math.min(1, Math.max(0, (now - message.sentAt) / span));
        const p = pointOn(curve(from, to), progress);
        // In the map's right half the label goes to the dot's left: to its right, the map's edge cut it.
        const leftward = p.x > size.width / 2;
        dot.classList.toggle('leftward', leftward);
        dot.style.transform = `translate(${p.x}px, ${p.y}px)${leftward ? ' translateX(-100%)' : ''}`;
        dot.style.visibility = 'visible';
      }
      if (!still && !stepMode && messages.length > 0) frame = requestAnimationFrame(place);
    };
    place();
    return () => cancelAnimationFrame(frame);
  });

  const cut = useApp((s) => s.links.cut);
  const shown = messages.find((m) => m.id === inspected) ?? null;
  const connectAll = () => {
    const simulated = nodes.filter((n) => !n.real).map((n) => n.address);
    for (const node of nodes) {
      if (node.real) continue;
      const known = new Set(node.neighbours.map((n) => reached(n, addresses)));
      const missing = simulated.filter((a) => a !== node.address && !known.has(a));
      if (missing.length > 0)
        registerNodes(
          sim,
          node.address,
          missing.map((a) => `http://${a}`),
        );
    }
  };
  const nodeAt = (x: number, y: number) =>
    (document.elementFromPoint(x, y)?.closest('[data-map-node]') as HTMLElement | null)?.dataset.mapNode ?? null;

  return (
    <section className="network-map" aria-label={t('map.title')}>
      <div className="panel-head">
        <h2>{t('map.title')}</h2>
        <button type="button" onClick={connectAll} disabled={nodes.length < 2}>
          {t('map.connectAll')}
        </button>
      </div>
      <div
        className={`map-box${nodes.length > CROWDED ? ' crowded' : ''}`}
        ref={box}
        onPointerMove={(event) => {
          if (!drag) return;
          const rect = event.currentTarget.getBoundingClientRect();
          setDrag({ from: drag.from, to: { x: event.clientX - rect.left, y: event.clientY - rect.top } });
        }}
        onPointerUp={(event) => {
          if (!drag) return;
          const target = nodeAt(event.clientX, event.clientY);
          setDrag(null);
          const url = nodes.find((n) => n.address === target)?.real ?? `http://${target}`;
          if (target && target !== drag.from) registerNodes(sim, drag.from, [url]);
        }}
        onPointerLeave={() => setDrag(null)}
      >
        <svg width={size.width} height={size.height} aria-hidden={nodes.length === 0 || undefined}>
          <title>{t('map.title')}</title>
          <defs>
            <marker id="map-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
            </marker>
          </defs>
          {nodes.flatMap((node) => {
            const from = at(node.address);
            if (!from) return [];
            return node.neighbours.map((neighbour, i) => {
              const target = reached(neighbour, addresses);
              const to = target ? at(target) : undefined;
              if (to && target) {
                const c = curve(from, to);
                const severed = cut.includes(linkKey(node.address, target));
                return (
                  // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an arrow is a picture with a name; <g> is not interactive
                  <g
                    key={`${node.address}>${neighbour}`}
                    role="img"
                    aria-label={`${node.host ?? node.address} → ${nodes.find((n) => n.address === target)?.host ?? target}`}
                  >
                    <path
                      className={`arrow${severed ? ' cut' : ''}`}
                      d={`M${c.start.x},${c.start.y} Q${c.control.x},${c.control.y} ${c.end.x},${c.end.y}`}
                      markerEnd="url(#map-arrow)"
                    />
                    {severed && (
                      // A cut link: dashed, and the scissors where it is cut (not by colour alone).
                      <text className="cut-mark" x={c.control.x} y={c.control.y + 4} textAnchor="middle">
                        ✂
                      </text>
                    )}
                  </g>
                );
              }
              // Away from the middle of the map, a little apart for each neighbour that reaches nobody.
              const angle = Math.atan2(from.y - centre.y, from.x - centre.x) + (i - node.neighbours.length / 2) * 0.35;
              const end = { x: from.x + Math.cos(angle) * 42, y: from.y + Math.sin(angle) * 42 };
              return (
                // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an arrow is a picture with a name; <g> is not interactive
                <g
                  key={`${node.address}>${neighbour}`}
                  role="img"
                  aria-label={t('map.nowhere', { from: node.address, to: neighbour })}
                >
                  <path className="arrow nowhere" d={`M${from.x},${from.y} L${end.x},${end.y}`} />
                  <text className="nowhere-mark" x={end.x} y={end.y + 4} textAnchor="middle">
                    ✕
                  </text>
                </g>
              );
            });
          })}
          {drag && at(drag.from) && (
            <line
              className="arrow dragging"
              x1={at(drag.from)?.x}
              y1={at(drag.from)?.y}
              x2={drag.to.x}
              y2={drag.to.y}
            />
          )}
        </svg>
        {nodes.map((node, i) => {
          const p = points[i] as Point;
          return (
            <div
              key={node.address}
              className={`map-node state-${node.state}${node.real ? ' real' : ''}${selected === node.address ? ' selected' : ''}`}
              style={{ left: p.x, top: p.y } as CSSProperties}
              data-map-node={node.address}
            >
              <button
                type="button"
                aria-label={node.real ? t('map.realNode', { host: node.host ?? node.address }) : node.address}
                aria-pressed={node.real ? undefined : selected === node.address}
                onPointerDown={(event) => {
                  // A real node registers no simulated node (they have no address on the network).
                  if (event.button !== 0 || node.real) return;
                  const rect = box.current?.getBoundingClientRect();
                  if (rect)
                    setDrag({ from: node.address, to: { x: event.clientX - rect.left, y: event.clientY - rect.top } });
                }}
                onClick={() => {
                  if (!node.real) selectNode(sim, node.address);
                  document
                    .querySelector(`section.node[data-address="${node.real ?? node.address}"]`)
                    ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
                }}
              >
                <span className="map-shape" aria-hidden="true" />
                {`:${shortName(node.address)}`}
              </button>
              <span className="map-state">
                {node.real && `${t('map.real')} · `}
                {t(`map.state.${node.state}`)}
                {node.behaviour !== 'honest' && (
                  <strong className="map-behaviour">{` · ${t(`map.behaviour.${node.behaviour}`)}`}</strong>
                )}
              </span>
            </div>
          );
        })}
        {messages.map((message) => {
          const text = messageText(message, t);
          return (
            <button
              key={message.id}
              type="button"
              className={`map-message message-${message.kind}${message.reply && !message.reply.ok ? ' failed' : ''}`}
              ref={(element) => {
                if (element) dots.current.set(message.id, element);
                else dots.current.delete(message.id);
              }}
              aria-haspopup="dialog"
              onClick={() => setInspected(message.id)}
            >
              <span className="map-dot" aria-hidden="true" />
              <span className="map-message-label">{text}</span>
            </button>
          );
        })}
      </div>
      <p className="map-hint">{t('map.hint')}</p>
      {shown && <MessageDialog message={shown} onClose={() => setInspected(null)} />}
    </section>
  );
}
