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
  /** "Do it for me": what the person would have done. */
  readonly doIt?: (sim: Simulator) => void;
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
  readonly steps: readonly LessonStep[];
}

// What steps read of the network.

export const nodeOf = (state: AppState, address: string): NodeView | undefined =>
  state.nodes.find((n) => n.address === address);

export const lengthOf = (state: AppState, address: string): number => nodeOf(state, address)?.snapshot.length ?? 0;

/** Two nodes hold the same chain (the same newest block at the same height). */
export function sameChain(state: AppState, a: string, b: string): boolean {
  const x = nodeOf(state, a)?.snapshot;
  const y = nodeOf(state, b)?.snapshot;
  if (!x || !y || x.length !== y.length) return false;
  return hashInSnapshot(x, x.length - 1) === hashInSnapshot(y, y.length - 1);
}

export const knows = (state: AppState, address: string, neighbour: string): boolean =>
  (nodeOf(state, address)?.snapshot.state.neighbours ?? []).some((n) => n.endsWith(neighbour.replace('localhost', '')));

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
