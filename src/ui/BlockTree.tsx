import { type CSSProperties, memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { blockInSnapshot, hashInSnapshot } from '../core/connection';
import { jsonText } from '../core/json/canonical';
import { fieldOf } from '../core/json/value';
import type { RealNodeView } from '../store/real-nodes';
import type { AppState, NodeView } from '../store/state';
import { coloursOf, shortHash } from './colours';
import { followEnd, stillFollowing } from './follow-end';
import { shortName } from './format';
import { type ChainReading, drawnHeights, TreeIndex } from './tree-index';
import { REDRAW_MS, type Translate, useApp, useAppThrottled, useT } from './use-app';

/** Pixels per height (x) and per lane (y). */
const STEP_X = 92;
const STEP_Y = 50;
/** A block's box in the tree (4.75rem), and the width of one character of its heads' line (0.6rem, bold). */
const BLOCK_WIDTH = 78;
const HEAD_CHAR = 7;

/** The label under a head: ":5001" for a simulated node, a real node's host as it is. */
function headLabel(address: string): string {
  const name = shortName(address);
  return name === address ? name : `:${name}`;
}

/** The most heads named under a block; past them, how many more (all are named to screen readers). */
const HEADS_NAMED = 3;

/** The line under a block whose head it is: ":5000 :5001", or ":5000 :5001 +14" for many. */
export function headsLine(holders: readonly string[]): string {
  const named = holders.slice(0, holders.length > HEADS_NAMED ? HEADS_NAMED - 1 : HEADS_NAMED).map(headLabel);
  const more = holders.length - named.length;
  return more > 0 ? `${named.join(' ')} +${more}` : named.join(' ');
}

/** How wide the heads' line under a block is, at most (see .tree-heads). */
function headsWidth(holders: readonly string[]): number {
  return headsLine(holders).length * HEAD_CHAR;
}

function reading(node: NodeView): ChainReading {
  const { snapshot } = node;
  return {
    length: snapshot.length,
    // The node's own valid_chain found nothing wrong (an edit in the middle would break a link).
    linked: snapshot.problems !== undefined && snapshot.problems.length === 0,
    hashAt: (i) => hashInSnapshot(snapshot, i),
    previousHashAt: (i) => {
      const previous = fieldOf(blockInSnapshot(snapshot, i), 'previous_hash');
      return previous === undefined ? null : jsonText(previous);
    },
  };
}

/** A real node's chain as the page last read it (see RealNodes). */
function realReading(real: RealNodeView): ChainReading {
  return {
    length: real.chain.length,
    linked: real.problems.length === 0,
    hashAt: (i) => real.hashes[i] as string,
    previousHashAt: (i) => {
      const previous = fieldOf(real.chain[i], 'previous_hash');
      return previous === undefined ? null : jsonText(previous);
    },
  };
}

const nodesOf = (state: AppState) => state.nodes;
const realOf = (state: AppState) => state.real;

/**
 * Every block that any node holds or held, once (merged by hash), as a tree: x is the height, y
 * a lane given when the block first came. Each node's head is marked with its address; the branch
 * the last resolve adopted is marked; blocks no node holds any more stay, marked as off every
 * chain (in words and by their outline, not by fading). Edges follow each node's chain order and
 * are drawn broken where a block's previous_hash is not the block before it. Only the heights in
 * view are drawn, twice a second at most, so sixteen chains of 2,000 blocks cost what a few do.
 */
export function BlockTree() {
  const t = useT();
  const nodes = useAppThrottled(nodesOf, REDRAW_MS);
  // Real nodes beside the page hold blocks too (a pasted chain is no node's: not in the tree).
  const real = useAppThrottled(realOf, REDRAW_MS);
  const generation = useApp((s) => s.generation);
  const index = useRef<{ generation: number; tree: TreeIndex }>({ generation, tree: new TreeIndex() });
  if (index.current.generation !== generation) index.current = { generation, tree: new TreeIndex() };
  const tree = index.current.tree;
  const known = useRef(new Set<string>());
  for (const node of nodes) tree.update(node.address, reading(node));
  const realNodes = real.filter((r) => r.kind === 'node' && r.hashes.length === r.chain.length);
  for (const view of realNodes) tree.update(view.host, realReading(view));
  const present = new Set([...nodes.map((n) => n.address), ...realNodes.map((r) => r.host)]);
  for (const address of known.current) if (!present.has(address)) tree.forget(address);
  known.current = present;

  const scroll = useRef<HTMLDivElement>(null);
  const [view, setView] = useState(() => drawnHeights(0, 400, STEP_X));
  const following = useRef(true);
  const lastScroll = useRef(0);
  const top = tree.height;
  const low = view.from;
  const high = Math.min(top, view.to);
  const { blocks, edges, lanes } = tree.view(low, high);
  const heads = tree.heads();
  // The blocks in view whose previous_hash is not the block before them in a chain held now (one
  // set, not a search per block): a link broken once and mended since marks nothing.
  const brokenNow = edges.filter((edge) => edge.broken && tree.holdsLink(edge.from, edge.to));
  const brokenTo = new Set(brokenNow.map((edge) => edge.to));
  const brokenEdges = new Set(brokenNow);

  // The branch the newest resolve adopted: its blocks past the point it shares with what was replaced.
  const adopted = useMemo(() => {
    let last: NodeView | undefined;
    for (const node of nodes)
      if (node.replacement && (!last || node.replacement.seq > (last.replacement?.seq ?? 0))) last = node;
    if (!last?.replacement) return new Set<string>();
    const before = last.replacement.previousHashes;
    const chain = tree.chainOf(last.address);
    let shared = 0;
    while (shared < before.length && shared < chain.length && before[shared] === chain[shared]) shared++;
    return new Set(chain.slice(shared));
  }, [nodes, tree]);

  // Following the newest height sideways, and down to its row where a new one is newest (with
  // sixteen nodes the branch being mined may be far below the first rows); a row the person
  // scrolled to stays until the newest moves to another.
  const newestLane = tree.laneAt(top);
  const followedLane = useRef<number | null>(null);
  useLayoutEffect(() => {
    const box = scroll.current;
    if (!box || !following.current) return;
    const moved = newestLane !== null && newestLane !== followedLane.current;
    followedLane.current = newestLane;
    const row = moved && newestLane !== null ? { top: newestLane * STEP_Y, height: STEP_Y + 8 } : undefined;
    followEnd(box, 'x', () => following.current, row);
  });

  const centre = (height: number, lane: number) => ({ x: (height - 1) * STEP_X + 40, y: lane * STEP_Y + 24 });
  // As wide as the newest height's blocks reach (a few pixels more sets the whole tree scrolling),
  // and its heads' addresses, which may be wider than their block.
  const newestHeads = [...heads].filter(([hash]) => tree.block(hash)?.height === top).map(([, held]) => held);
  const width = (Math.max(1, top) - 1) * STEP_X + 2 + Math.max(BLOCK_WIDTH, ...newestHeads.map(headsWidth));
  const height = Math.max(1, lanes) * STEP_Y + 8;
  return (
    <section className="block-tree" aria-label={t('tree.title')}>
      <div className="panel-head">
        <h2>{t('tree.title')}</h2>
        <span className="muted">{top === 1 ? t('tree.countOne') : t('tree.count', { heights: top })}</span>
      </div>
      <section
        className="tree-scroll"
        aria-label={t('tree.scroll')}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the tree scrolls; a keyboard must reach it (axe: scrollable-region-focusable)
        tabIndex={0}
        ref={scroll}
        onScroll={(event) => {
          const box = event.currentTarget;
          following.current = stillFollowing(box, 'x', following.current, lastScroll, 8);
          const next = drawnHeights(box.scrollLeft, box.clientWidth, STEP_X);
          // The same heights: nothing to draw again.
          setView((shown) => (shown.from === next.from && shown.to === next.to ? shown : next));
        }}
      >
        <div className="tree-plane" style={{ width, height } as CSSProperties}>
          <svg width={width} height={height} aria-hidden="true">
            {edges.map((edge) => {
              const from = tree.block(edge.from);
              const to = tree.block(edge.to);
              if (!from || !to) return null;
              const a = centre(from.height, from.lane);
              const b = centre(to.height, to.lane);
              return (
                <line
                  key={`${edge.from}>${edge.to}`}
                  className={`tree-edge${brokenEdges.has(edge) ? ' broken' : ''}`}
                  x1={a.x + 34}
                  y1={a.y}
                  x2={b.x - 34}
                  y2={b.y}
                />
              );
            })}
          </svg>
          <ul className="tree-blocks">
            {blocks.map((block) => {
              const at = centre(block.height, block.lane);
              const colour = coloursOf(generation).colourOf(block.hash, block.height);
              return (
                <TreeBlockItem
                  key={block.hash}
                  hash={block.hash}
                  height={block.height}
                  x={at.x}
                  y={at.y}
                  holders={(heads.get(block.hash) ?? []).join(' ')}
                  off={!tree.held(block.hash)}
                  won={adopted.has(block.hash)}
                  broken={brokenTo.has(block.hash)}
                  colour={colour.colour}
                  striped={colour.striped}
                  t={t}
                />
              );
            })}
          </ul>
        </div>
      </section>
    </section>
  );
}

interface TreeBlockProps {
  readonly hash: string;
  readonly height: number;
  /** Its centre in the tree's plane. */
  readonly x: number;
  readonly y: number;
  /** The addresses of the nodes whose head it is, separated by spaces. */
  readonly holders: string;
  readonly off: boolean;
  readonly won: boolean;
  readonly broken: boolean;
  readonly colour: string;
  readonly striped: boolean;
  readonly t: Translate;
}

/** One block of the tree: drawn again only when something it shows changed. */
const TreeBlockItem = memo(function TreeBlockItem(props: TreeBlockProps) {
  const { hash, height, x, y, off, won, broken, colour, striped, t } = props;
  const holders = props.holders === '' ? [] : props.holders.split(' ');
  const notes = [
    t('tree.height', { height }),
    ...holders.map((address) => t('tree.head', { address })),
    ...(off ? [t('tree.off')] : []),
    ...(won ? [t('tree.won')] : []),
    ...(broken ? [t('tree.broken')] : []),
  ];
  return (
    <li
      className={`tree-block${off ? ' off' : ''}${won ? ' won' : ''}${striped ? ' striped' : ''}`}
      style={{ left: x - 38, top: y - 13, '--block-colour': colour } as CSSProperties}
    >
      <span className="tree-swatch" aria-hidden="true" />
      <code>{shortHash(hash)}</code>
      <span className="visually-hidden">, {notes.join(', ')}</span>
      {off && (
        <span className="tree-tag" aria-hidden="true">
          {t('tree.offShort')}
        </span>
      )}
      {holders.length > 0 && (
        <span className="tree-heads" aria-hidden="true" title={holders.map(headLabel).join(' ')}>
          {headsLine(holders)}
        </span>
      )}
    </li>
  );
});
