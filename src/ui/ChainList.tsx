import {
  type CSSProperties,
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { blockInSnapshot, hashInSnapshot, type NodeSnapshot } from '../core/connection';
import { jsonText } from '../core/json/canonical';
import { fieldOf, type Json } from '../core/json/value';
import { openBlock } from '../store/actions';
import type { NodeView, Replacement } from '../store/state';
import { BlockDialog, blockCard } from './BlockDialog';
import { coloursOf, shortHash } from './colours';
import { followEnd, stillFollowing } from './follow-end';
import { shortName, showJson } from './format';
import { problemTexts } from './problem-text';
import { useSimulator } from './simulator';
import {
  addressesOf,
  OFF_SCREEN_REDRAW_MS,
  type Translate,
  useApp,
  useChainHeights,
  useOnScreen,
  useT,
} from './use-app';

/** How long replaced blocks stay visible after a resolve, leaving. */
const LEAVING_MS = 2600;
/**
 * A long fork is shown moving by its newest blocks: the ones replaced leave with a count of the
 * rest, and only the newest adopted ones slide in (the others are marked, without moving).
 */
const FORK_SHOWN = 8;
/**
 * Following the newest blocks, a column shows at least its own newest this many, even where the
 * shared window of heights (set by the longest chain) has moved past them: seeing a chain's newest
 * blocks wins over lining them up by height (the block tree shows how the chains line up).
 */
const NEWEST_SHOWN = 5;

/** The blocks a replacement took out of the chain, shown leaving while the adopted ones arrive. */
type Leaving = readonly { readonly hash: string; readonly height: number }[];

/** Whether the chain drawn is the one `replacement` replaced, or one that chain grew from. */
function sawReplaced(drawn: NodeSnapshot, replacement: Replacement): boolean {
  const newest = drawn.length > 0 ? hashInSnapshot(drawn, drawn.length - 1) : undefined;
  return newest !== undefined && replacement.previousHashes.includes(newest);
}

function leavingOf(replacement: Replacement, now: NodeSnapshot): Leaving {
  const kept = new Set(now.hashes);
  return replacement.previousHashes.flatMap((hash, i) => (kept.has(hash) ? [] : [{ hash, height: i + 1 }]));
}

/**
 * The chain, one fixed-height item per block, in a box that fills the rest of the column and
 * keeps its newest blocks in view (it follows them unless the person scrolled back). After a
 * replacement, adopted blocks slide in from the winner's side and the replaced ones visibly leave
 * (without movement when the person prefers reduced motion).
 */
export function ChainList({ node, column }: { node: NodeView; column: number }) {
  const addresses = useApp(addressesOf);
  const colours = coloursOf(useApp((s) => s.generation));
  // The node comes from the column, so that the chain changes with the resolve panel and the
  // status. The window moves at once in every list on screen, so that rows stay aligned, and
  // every 2 s in a list scrolled out of view (at once when it comes back).
  const chainElement = useRef<HTMLDivElement>(null);
  const onScreen = useOnScreen(chainElement);
  const heights = useChainHeights(onScreen ? 0 : OFF_SCREEN_REDRAW_MS);
  const t = useT();
  const sim = useSimulator();
  const open = useApp((s) => (s.openedBlock?.address === node.address ? s.openedBlock.position : null));
  const setOpen = useCallback(
    (position: number | null) => openBlock(sim, position === null ? null : { address: node.address, position }),
    [sim, node.address],
  );
  const difficulty = useApp((s) => s.settings.rules.difficulty);
  // The overview changes the cards' height and the list's: the end moves.
  const overview = useApp((s) => s.overview);
  const { snapshot } = node;
  const problems = useMemo(
    () => problemTexts(snapshot.problems, (i) => blockInSnapshot(snapshot, i), difficulty, t),
    [snapshot, difficulty, t],
  );
  // The window's blocks by place, not the whole chain as arrays: sixteen columns redrawing twice a
  // second made a 2,000-item array of blocks and one of hashes each time, a sixth of the page's
  // garbage under bench:ui's load.
  const length = snapshot.length;
  const replacement = node.replacement;
  const [leaving, setLeaving] = useState<Leaving | null>(null);
  // The replaced blocks that leave are worked out in the render that first shows the replacement:
  // state set while rendering draws this column again at once, before anything is committed.
  // Worked out in an effect, every column that showed a new replacement was drawn twice, the
  // second time after the page had been laid out: a second layout of all sixteen columns after
  // each jump through time (forty jumps: worst 597-647 ms with it, 226-270 ms without).
  const [seen, setSeen] = useState(replacement);
  // The chain as this column last drew it: a replacement is shown arriving only when the person
  // saw the chain it replaced (or one it grew from). After a jump, each column's last replacement
  // happened long before, not in front of them.
  const drawn = useRef(snapshot);
  useLayoutEffect(() => {
    drawn.current = snapshot;
  });
  if (replacement !== seen) {
    setSeen(replacement);
    setLeaving(replacement && sawReplaced(drawn.current, replacement) ? leavingOf(replacement, snapshot) : null);
  }
  useEffect(() => {
    if (leaving === null) return;
    // Clears its own list only: a later resolve's list may be shown before this effect's clean-up
    // has run (a busy page), and a timer firing in between must not take that one away.
    const timer = setTimeout(() => setLeaving((now) => (now === leaving ? null : now)), LEAVING_MS);
    return () => clearTimeout(timer);
  }, [leaving]);

  const previous = useMemo(() => new Set(replacement?.previousHashes ?? []), [replacement]);
  const winnerColumn = replacement?.winner ? addresses.indexOf(replacement.winner) : -1;
  // Adopted blocks slide in from the winner's side: -1 from the left, 1 from the right.
  const side = winnerColumn >= 0 ? Math.sign(winnerColumn - column) : 0;
  // Set and cleared with the replacement it belongs to: while there is one, the replacement is new.
  const fresh = leaving !== null;
  // Following the newest blocks: scrolled to the end whenever the chain changes, unless the
  // person scrolled back to read (then it stays where they put it, until they come back down).
  const following = useRef(true);
  const lastScroll = useRef(0);
  const newest = length > 0 ? hashInSnapshot(snapshot, length - 1) : undefined;
  // Turning the overview on or off lays every column out anew: each shows its newest blocks again.
  const overviewWas = useRef(overview);
  // The end moves when the newest block, the leaving list, the window of heights (drawn on its own
  // clock, before or after the column's new block) or the overview does.
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are what move the end
  useLayoutEffect(() => {
    const box = chainElement.current;
    if (overviewWas.current !== overview) following.current = true;
    overviewWas.current = overview;
    if (box && following.current) followEnd(box, 'y', () => following.current);
  }, [newest, length, fresh, heights.start, heights.end, heights.rows, overview]);
  // The list's own height changes too (a lesson's panel, a note over the chain, the window): the
  // newest blocks are shown again where it was following them.
  useEffect(() => {
    const box = chainElement.current;
    if (!box || typeof ResizeObserver !== 'function') return;
    const watch = new ResizeObserver(() => {
      if (following.current) followEnd(box, 'y', () => following.current);
    });
    watch.observe(box);
    return () => watch.disconnect();
  }, []);
  // A card with the focus is drawn anew when its block changes (a resolve, a block mined again):
  // the focus goes to the new card at its place, not to the page's body.
  const focusedAt = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = focusedAt.current;
    if (at === null || (document.activeElement !== document.body && document.activeElement !== null)) return;
    blockCard(node.address, at)?.focus({ preventScroll: true });
  });
  const end = Math.min(heights.end ?? length, length);
  const start = heights.end === null ? Math.min(heights.start, Math.max(0, length - NEWEST_SHOWN)) : heights.start;
  const shown = Array.from({ length: Math.max(0, end - start) }, (_, offset) => {
    const position = start + offset;
    const hash = hashInSnapshot(snapshot, position);
    // Arrived in the resolve: in the adopted chain and not in the one it replaced (a block mined
    // after it, while the replacement is still shown, did not arrive from the winner).
    const arrived = fresh && position < (replacement?.length ?? 0) && !previous.has(hash);
    const block = blockInSnapshot(snapshot, position) as Json;
    return { block, position, hash, arrived, flying: arrived && position >= length - FORK_SHOWN };
  });
  const [firstProblem] = problems.lines;
  return (
    <>
      {firstProblem !== undefined && (
        // What valid_chain refuses in this chain, in words (a chain a person tampered with).
        <div className="chain-problems" role="note">
          <p>
            <span aria-hidden="true">✗ </span>
            {t('lab.chainInvalid')}
          </p>
          <p title={problems.lines.join('\n')}>
            {firstProblem}
            {problems.lines.length > 1 && ` (${t('lab.moreProblems', { count: problems.lines.length - 1 })})`}
          </p>
        </div>
      )}
      <div className="chain-cell">
        <div
          className="chain"
          ref={chainElement}
          onScroll={(event) => {
            following.current = stillFollowing(event.currentTarget, 'y', following.current, lastScroll);
          }}
        >
          {length <= start && <p className="muted chain-ends">{t('chain.endsBefore', { count: length })}</p>}
          {start < heights.start && <p className="muted chain-ends">{t('chain.behind')}</p>}
          <ol
            onFocus={(event) => {
              const item = event.target.closest<HTMLElement>('li[data-position]');
              focusedAt.current = item ? Number(item.dataset.position) : null;
            }}
            onBlur={(event) => {
              // Moved elsewhere, or put down where it stands: not a card taken off the page.
              if (event.relatedTarget !== null || event.target.isConnected) focusedAt.current = null;
            }}
            className="blocks"
            data-length={length}
            aria-label={t('chain.list', { address: node.address })}
            style={{ '--rows': heights.rows } as CSSProperties}
          >
            {shown.map(({ block, position, hash, arrived, flying }) => (
              <BlockItem
                key={`${position}-${hash}`}
                block={block}
                hash={hash}
                position={position}
                arrivedFrom={arrived ? (replacement?.winner ?? '') : null}
                flying={flying}
                side={side}
                problem={problems.byBlock.get(position)?.join('; ') ?? null}
                onOpen={setOpen}
                t={t}
              />
            ))}
          </ol>
          {fresh && leaving.length > 0 && (
            <ul className="leaving" aria-label={t('chain.left')}>
              {leaving.slice(-FORK_SHOWN).map(({ hash, height }) => (
                <li
                  key={hash}
                  className={`block leaving-block${colours.colourOf(hash, height).striped ? ' striped' : ''}`}
                  style={{ '--block-colour': colours.colourOf(hash, height).colour } as CSSProperties}
                >
                  <span className="block-swatch" aria-hidden="true" />
                  <code>{shortHash(hash)}</code> <span className="block-badge">{t('chain.left')}</span>
                </li>
              ))}
              {leaving.length > FORK_SHOWN && (
                <li className="muted">{t('chain.leftMore', { count: leaving.length - FORK_SHOWN })}</li>
              )}
            </ul>
          )}
          {open !== null && <BlockDialog node={node} position={open} onClose={() => setOpen(null)} />}
        </div>
      </div>
    </>
  );
}

interface BlockItemProps {
  readonly block: Json;
  readonly hash: string;
  readonly position: number;
  /** The winner's address when this block just arrived from it in a resolve, else null. */
  readonly arrivedFrom: string | null;
  /** Whether it slides in from the winner's side (the newest adopted blocks only). */
  readonly flying: boolean;
  /** The side the winner's column is on: -1 left, 1 right, 0 none. */
  readonly side: number;
  /** What valid_chain refuses in this block, in words, or null. */
  readonly problem: string | null;
  readonly onOpen: (position: number) => void;
  /**
   * The column's translator (the same function while the language stays). A card that read it
   * from the store itself would subscribe to the store: some 500 subscriptions, checked at every
   * change and made and dropped as the window of heights moves on.
   */
  readonly t: Translate;
}

/**
 * One block of a chain. Memoised: when a block is added, the blocks already shown do not render
 * again. Its labels and colour swatch are drawn by CSS (data-label), so a card is nine elements:
 * sixteen busy columns add and remove a hundred cards a second.
 */
const BlockItem = memo(function BlockItem({
  block,
  hash,
  position,
  arrivedFrom,
  flying,
  side,
  problem,
  onOpen,
  t,
}: BlockItemProps) {
  const describedBy = `${useId()}-hashes`;
  const transactions = fieldOf(block, 'transactions');
  const count = Array.isArray(transactions) ? transactions.length : 0;
  const index = showJson(fieldOf(block, 'index'));
  const previous = jsonText(fieldOf(block, 'previous_hash') ?? '');
  const proof = showJson(fieldOf(block, 'proof'));
  const counted = count === 1 ? t('chain.transactionsOne') : t('chain.transactionsCount', { count });
  const badge = arrivedFrom ? t('chain.arrived', { winner: arrivedFrom }) : null;
  const colour = coloursOf(useApp((s) => s.generation)).colourOf(hash, position + 1);
  return (
    <li
      className={`block${arrivedFrom !== null ? ' arrived' : ''}${flying ? ' flying' : ''}${colour.striped ? ' striped' : ''}${problem ? ' invalid' : ''}`}
      data-hash={hash}
      data-position={position}
      style={{ '--block-colour': colour.colour, '--side': side } as CSSProperties}
    >
      <button
        type="button"
        className="block-button"
        aria-haspopup="dialog"
        aria-describedby={describedBy}
        onClick={() => onOpen(position)}
      >
        <span className="block-index">
          <span className="index-sign">#</span>
          {index}
        </span>{' '}
        {/* Two lines in one box, each cut with "…" where it does not fit (see .block-text). */}
        <span className="block-text">
          <code className="block-hash" data-label={t('chain.hash')}>
            {shortHash(hash)}
          </code>
          {/* Spaces between the fields (a grid ignores them), so that the accessible name keeps the words apart. */}{' '}
          {badge && arrivedFrom ? (
            // Short on the card (the hash needs the room); whole in the description below and the title.
            <span className="block-badge" title={badge}>
              {t('chain.arrivedShort', { port: shortName(arrivedFrom) })}
            </span>
          ) : (
            !problem && <span className="block-tx">{counted}</span>
          )}{' '}
          <br />
          <code className="block-proof" data-label={t('chain.proof')} data-short={t('chain.proofShort')}>
            {proof}
          </code>{' '}
          <code className="block-prev" data-label={t('chain.previousHash')} data-short={t('chain.previousShort')}>
            {shortHash(previous)}
          </code>
        </span>
        {problem && (
          // Not by colour alone: a mark and the word on the card, the reason in words beside it.
          <span className="block-invalid" title={problem}>
            <span aria-hidden="true">✗</span>
            <span className="invalid-word">{` ${t('lab.invalid')}`}</span>
            <span className="visually-hidden">{`: ${problem}`}</span>
          </span>
        )}
      </button>
      {/* What the button's text leaves out, for screen readers: the full hashes. Hidden, it costs no layout. */}
      <span id={describedBy} hidden>
        {`${t('chain.hash')} ${hash}, ${t('chain.previousHash')} ${previous}, ${t('chain.proof')} ${proof}, ${counted}${badge ? `, ${badge}` : ''}`}
      </span>
    </li>
  );
});
