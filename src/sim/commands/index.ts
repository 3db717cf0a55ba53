import * as v from 'valibot';
import { SCHEDULER_ENTRIES } from '../journal';
import { addNode } from './add-node';
import { editBlock } from './edit-block';
import { latency } from './latency';
import { mine } from './mine';
import { register } from './register';
import { remine } from './remine';
import { removeNode } from './remove-node';
import { request } from './request';
import { resolve } from './resolve';
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
] as const;

export { addNode, editBlock, latency, mine, register, remine, removeNode, request, resolve, stepMode, transaction };

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
