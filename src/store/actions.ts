import { normaliseAddress } from '../core/address';
import { canonicalJson } from '../core/json/canonical';
import { readJson } from '../core/json/read';
import type { Rules } from '../core/rules';
import type { Language, MessageKey } from '../i18n';
import type { Command, EntrySchema, Fields } from '../sim/command';
import {
  addNode as addNodeCommand,
  mine as mineCommand,
  register,
  removeNode as removeNodeCommand,
  resolve as resolveCommand,
  transaction,
} from '../sim/commands';
import { MAX_NODES } from '../sim/network';
import type { Simulator } from './simulator';

/**
 * What a person can do. Each action checks its input, then gives the network the command the
 * tutorial's HTTP request stands for (see sim/commands). A check that fails returns the reason (a
 * dictionary key and its values) and changes nothing. Every action takes the page's Simulator.
 */
export type Refusal = { readonly key: MessageKey; readonly params?: Record<string, string> };

/** Runs a command on the network now, unless a replay is under way; after a jump back, it drops the future. */
function perform<Schema extends EntrySchema, Result>(
  sim: Simulator,
  command: Command<Schema, Result>,
  fields: Fields<Schema>,
): Result | undefined {
  if (sim.replaying) return undefined;
  const { session } = sim;
  session.beforeActing();
  const result = session.network.run(command, fields);
  session.wake();
  return result;
}

export function mine(sim: Simulator, address: string): void {
  void perform(sim, mineCommand, { address });
}

export function resolve(sim: Simulator, address: string): void {
  void perform(sim, resolveCommand, { address });
}

export interface TransactionFields {
  readonly sender: string;
  readonly recipient: string;
  readonly amount: string;
}

/** POST /transactions/new. The amount is a JSON number: "5" is an int, "1.5" a float, as in Python. */
export function newTransaction(sim: Simulator, address: string, fields: TransactionFields): Refusal | null {
  if (sim.replaying) return { key: 'step.replaying' };
  const sender = fields.sender.trim();
  const recipient = fields.recipient.trim();
  if (sender === '') return { key: 'tx.required', params: { field: 'tx.sender' } };
  if (recipient === '') return { key: 'tx.required', params: { field: 'tx.recipient' } };
  const amount = readJson(fields.amount.trim());
  if (
    !amount.ok ||
    (typeof amount.value !== 'bigint' && typeof amount.value !== 'number') ||
    !isFiniteNumber(amount.value)
  ) {
    return { key: 'tx.amountInvalid' };
  }
  void perform(sim, transaction, { address, body: canonicalJson({ sender, recipient, amount: amount.value }) });
  return null;
}

function isFiniteNumber(value: bigint | number): boolean {
  return typeof value === 'bigint' || Number.isFinite(value);
}

/** Splits what a person typed into URLs: spaces, commas and new lines all separate. */
export function splitUrls(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part !== '');
}

/** POST /nodes/register with {"nodes": [...]}; registration is one-way, as in the tutorial. */
export function registerNodes(sim: Simulator, address: string, urls: readonly string[]): Refusal | null {
  if (sim.replaying) return { key: 'step.replaying' };
  if (urls.length === 0) return { key: 'register.empty' };
  for (const url of urls) {
    const normalised = normaliseAddress(url);
    if (!normalised.ok) return { key: 'register.invalid', params: { url } };
  }
  void perform(sim, register, { address, nodes: [...urls] });
  return null;
}

export function addNode(sim: Simulator): Refusal | null {
  if (sim.replaying) return null;
  if (sim.session.network.addresses().length >= MAX_NODES) {
    return { key: 'app.maxNodes', params: { max: String(MAX_NODES) } };
  }
  perform(sim, addNodeCommand, {});
  return null;
}

/** Removes the most recently added node; its neighbours will find it unreachable. */
export function removeNode(sim: Simulator): void {
  const last = sim.session.network.addresses().at(-1);
  if (last !== undefined) perform(sim, removeNodeCommand, { address: last });
}

/** How many block heights a column shows at once: long chains are windowed, the same in every column. */
export const CHAIN_WINDOW = 30;

/** Moves the window of block heights shown; null follows the newest blocks. */
export function showChainUpTo(sim: Simulator, end: number | null): void {
  sim.store.setState({ chainEnd: end });
}

export function setLanguage(sim: Simulator, language: Language): void {
  sim.store.setState({ language });
}

export function setLatency(sim: Simulator, latencyMs: number): void {
  if (sim.replaying) return;
  sim.session.beforeActing();
  sim.session.network.setLatency(latencyMs);
  sim.store.setState((state) => ({ settings: { ...state.settings, latencyMs } }));
}

/** A consensus change needs a fresh network: it waits for the person to confirm. */
export function proposeRules(sim: Simulator, rules: Rules): void {
  const current = sim.store.getState().settings.rules;
  const same =
    rules.proofRule === current.proofRule &&
    rules.difficulty === current.difficulty &&
    rules.resolveRule === current.resolveRule;
  sim.store.setState({ pendingRules: same ? null : rules });
}

export function confirmRules(sim: Simulator): void {
  const { pendingRules, settings } = sim.store.getState();
  if (!pendingRules || sim.replaying) return;
  sim.start(pendingRules, settings.latencyMs);
}

export function cancelRules(sim: Simulator): void {
  sim.store.setState({ pendingRules: null });
}

/** Switches "Mine continuously" for one node; switching it on starts mining if the node is idle. */
export function setContinuous(sim: Simulator, address: string, on: boolean): void {
  if (!sim.replaying) sim.session.setContinuous(address, on);
}

export function setStepMode(sim: Simulator, step: boolean): void {
  if (!sim.replaying) sim.session.setStepMode(step);
}

/** Opens the next gate (a guess gate may try `count` guesses at once). */
export function step(sim: Simulator, count: Parameters<Simulator['session']['step']>[0] = 1): boolean {
  return sim.session.step(count);
}

export function setPlaying(sim: Simulator, on: boolean): void {
  sim.session.setPlaying(on);
}

export function setSpeed(sim: Simulator, stepsPerSecond: number): void {
  sim.store.setState({ speed: stepsPerSecond });
}

/** Time travel: the network as it was after the first `length` journal entries. */
export function rewindTo(sim: Simulator, length: number): Promise<boolean> {
  return sim.session.travelTo(length);
}

export function stepBack(sim: Simulator): Promise<boolean> {
  return sim.session.stepBack();
}

export function exportRun(sim: Simulator): string {
  return sim.exportRun();
}

export function importRun(sim: Simulator, text: string): Promise<boolean> {
  return sim.importRun(text);
}

export function cancelImport(sim: Simulator): void {
  sim.cancelImport();
}
