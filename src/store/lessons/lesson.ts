import { LIE_EXTRA } from '../../core/behaviour';
import { hashInSnapshot } from '../../core/connection';
import type { Rules } from '../../core/rules';
import type { MessageKey } from '../../i18n';
import type { Simulator } from '../simulator';
import type { AppState, NodeView } from '../state';

/** One step of a lesson: what to read and do, what to press, and how the page knows it is done. */
export interface LessonStep {
  /** A sentence or two: what to do, and what to watch. */
  readonly text: MessageKey;
  /** The control to press, highlighted (a CSS selector of the page). */
  readonly target?: string;
  /** Whether the network is in the state the step asks for, whoever brought it there (absent: reading only). */
  readonly done?: (state: AppState) => boolean;
  /**
   * "Do it for me": one move toward what the step asks, as the person would make it, read from the
   * network as it is now (whatever the person did before: a block too many, a node mined by
   * mistake, a Resolve pressed early). lessonDoIt makes a move each time the network is quiet,
   * until the step is done; a move that needs another first (mine before a resolve can take
   * anything) makes that one.
   */
  readonly doIt?: (sim: Simulator, state: AppState) => void;
  /**
   * Why the lesson can no longer show what it is about from here, if it cannot (a move of the
   * person's that no move of a later step undoes): the panel says so and offers to start again.
   */
  readonly spoiled?: (state: AppState) => MessageKey | null;
}

/** A lesson is data: a starting network, then its steps. The last step says "Lesson complete". */
export interface Lesson {
  readonly id: string;
  readonly title: MessageKey;
  readonly summary: MessageKey;
  /** A low difficulty, so that a class never waits. */
  readonly rules: Rules;
  readonly latencyMs: number;
  /** How many nodes it starts with (three if absent). */
  readonly nodes?: number;
  /** Hash power (guesses a second) given to nodes at the start, where it is not the default. */
  readonly power?: Readonly<Record<string, number>>;
  readonly steps: readonly LessonStep[];
}

// What steps read of the network.

export const nodeOf = (state: AppState, address: string): NodeView | undefined =>
  state.nodes.find((n) => n.address === address);

export const lengthOf = (state: AppState, address: string): number => nodeOf(state, address)?.snapshot.length ?? 0;

export const knows = (state: AppState, address: string, neighbour: string): boolean =>
  (nodeOf(state, address)?.snapshot.state.neighbours ?? []).some((n) => n.endsWith(neighbour.replace('localhost', '')));

/** The nodes a node has registered, in its order (the order its resolve asks them in). */
export function neighboursOf(state: AppState, address: string): NodeView[] {
  const stored = nodeOf(state, address)?.snapshot.state.neighbours ?? [];
  const found: NodeView[] = [];
  for (const neighbour of stored) {
    const node = state.nodes.find(
      (n) => n.address !== address && neighbour.endsWith(n.address.replace('localhost', '')),
    );
    if (node && !found.includes(node)) found.push(node);
  }
  return found;
}

/**
 * The length a node's GET /chain claims, as a resolve of `asker` hears it (see core/behaviour.ts),
 * or null when that resolve takes nothing from it: no answer (offline, a link cut), or a chain
 * valid_chain refuses (one with problems, a forged one).
 */
export function claimedLength(state: AppState, asker: string, node: NodeView): number | null {
  const { address, snapshot } = node;
  const { offline, cut } = state.links;
  if (offline.includes(address) || offline.includes(asker)) return null;
  if (cut.includes(asker < address ? `${asker}|${address}` : `${address}|${asker}`)) return null;
  const behaviour = snapshot.state.behaviour;
  switch (behaviour?.kind) {
    case 'lies':
      return (snapshot.problems?.length ?? 0) > 0 ? null : snapshot.length + LIE_EXTRA;
    case 'private':
      return servedCount(node);
    case 'offline':
    case 'forged':
      return null;
    default:
      return (snapshot.problems?.length ?? 0) > 0 ? null : snapshot.length;
  }
}

/** How many blocks a node's GET /chain sends: a private miner only those it shows. */
function servedCount(node: NodeView): number {
  const { snapshot } = node;
  const behaviour = snapshot.state.behaviour;
  if (behaviour?.kind !== 'private') return snapshot.length;
  return Math.max(1, Math.min(snapshot.length, behaviour.shown ?? snapshot.length));
}

/** A node holds the chain another's GET /chain sends (the same newest block at the same height). */
export function holdsChainOf(state: AppState, address: string, other: NodeView): boolean {
  const own = nodeOf(state, address)?.snapshot;
  const count = servedCount(other);
  if (!own || own.length !== count) return false;
  return hashInSnapshot(own, count - 1) === hashInSnapshot(other.snapshot, count - 1);
}

/**
 * The neighbour whose chain a resolve of `address` would take now, or null when it would keep its
 * own: the seed's resolve_conflicts, over what each neighbour claims (the first strictly longer
 * wins; a later one must be longer still).
 */
export function resolveWouldTake(state: AppState, address: string): NodeView | null {
  let maxLength = lengthOf(state, address);
  let winner: NodeView | null = null;
  for (const neighbour of neighboursOf(state, address)) {
    const length = claimedLength(state, address, neighbour);
    if (length === null || length <= maxLength) continue;
    maxLength = length;
    winner = neighbour;
  }
  return winner;
}

/**
 * A node has resolved to the longest chain its neighbours send, whichever neighbour sent it: it
 * holds a neighbour's chain, and a resolve now would take no other.
 */
export function tookLongest(state: AppState, address: string): boolean {
  if (!idle(state, address)) return false;
  const heard = neighboursOf(state, address).filter((n) => claimedLength(state, address, n) !== null);
  if (!heard.some((n) => holdsChainOf(state, address, n))) return false;
  const next = resolveWouldTake(state, address);
  return next === null || holdsChainOf(state, address, next);
}

/** A node has resolved to the chain of `from` (and is done resolving). */
export function tookFrom(state: AppState, address: string, from: string): boolean {
  const other = nodeOf(state, from);
  return other !== undefined && idle(state, address) && holdsChainOf(state, address, other);
}

export const idle = (state: AppState, address: string): boolean => {
  const node = nodeOf(state, address);
  return node !== undefined && node.activity === null;
};

/** The last resolve of a node has ended, and refused a chain as invalid. */
export const refusedInvalid = (state: AppState, address: string): boolean => {
  const resolution = nodeOf(state, address)?.resolution;
  return (
    resolution !== null &&
    resolution !== undefined &&
    !resolution.running &&
    resolution.rows.some((r) => r.valid === false)
  );
};

/** A CSS selector of a node's controls. */
export const at = (address: string, control: string): string => `section.node[data-address="${address}"] ${control}`;
export const MINE = '.node-actions > button:nth-child(1)';
export const RESOLVE = '.node-actions > button:nth-child(2)';
export const TRANSACTION = '.node-more > button.popover-button:nth-of-type(1)';
export const REGISTER = '.node-more > button.popover-button:nth-of-type(2)';
export const BEHAVIOUR = '.node-lab select';
export const RELEASE = '.node-lab button';
export const block = (n: number) => `.blocks > li:nth-child(${n}) .block-button`;
export const CONNECT_ALL = '.network-map .panel-head button';
export const PARTITION = '.lab-controls .popover-button';
export const HEAL = '.lab-controls button.primary';
