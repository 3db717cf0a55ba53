import * as v from 'valibot';
import { SCHEDULER_ENTRIES } from '../journal';
import { addNode } from './add-node';
import { automatic } from './automatic';
import { behaviour } from './behaviour';
import { cutLink } from './cut-link';
import { editBlock } from './edit-block';
import { forge } from './forge';
import { heal } from './heal';
import { latency } from './latency';
import { loss } from './loss';
import { mine } from './mine';
import { moveNode } from './move-node';
import { partition } from './partition';
import { power } from './power';
import { publish } from './publish';
import { realNode } from './real-node';
import { register } from './register';
import { remine } from './remine';
import { removeNode } from './remove-node';
import { request } from './request';
import { resolve } from './resolve';
import { search } from './search';
import { stepMode } from './step-mode';
import { transaction } from './transaction';

/** Every user command. The journal's entries are theirs and the scheduler's (see journal.ts). */
export const COMMANDS = [
  addNode,
  removeNode,
  mine,
  resolve,
  transaction,
  register,
  request,
  latency,
  stepMode,
  editBlock,
  remine,
  behaviour,
  publish,
  cutLink,
  partition,
  heal,
  loss,
  automatic,
  power,
  search,
  forge,
  realNode,
  moveNode,
] as const;

export {
  addNode,
  automatic,
  behaviour,
  cutLink,
  editBlock,
  forge,
  heal,
  latency,
  loss,
  mine,
  moveNode,
  partition,
  power,
  publish,
  realNode,
  register,
  remine,
  removeNode,
  request,
  resolve,
  search,
  stepMode,
  transaction,
};

/** One journal entry: a command's, or a decision of the scheduler. */
export const JOURNAL_ENTRY = v.variant('t', [...COMMANDS.map((c) => c.entry), ...SCHEDULER_ENTRIES]);

export type CommandEntry = v.InferOutput<(typeof COMMANDS)[number]['entry']>;
export type JournalEntry = v.InferOutput<typeof JOURNAL_ENTRY>;

type AnyCommand = (typeof COMMANDS)[number];
const byKind = new Map<string, AnyCommand>(COMMANDS.map((c): [string, AnyCommand] => [c.t, c]));

/** The command whose entry this is, or undefined for the scheduler's. */
export function commandOf(entry: { readonly t: string }): AnyCommand | undefined {
  return byKind.get(entry.t);
}
