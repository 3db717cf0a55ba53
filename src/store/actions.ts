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
  stepMode as stepModeCommand,
  transaction,
} from '../sim/commands';
import { MAX_NODES } from '../sim/network';
import { clipped, parseNodeUrl } from './node-url';
import {
  freeSimulatedPort,
  isRealAddress,
  nextSimulatedPort,
  realMine,
  realRegister,
  realResolve,
  realTransaction,
} from './real-actions';
import { type ReadRun, readRunFile } from './run-file';
import { decodeRunLink, encodeRunLink, MAX_LINK_ENTRIES } from './run-link';
import type { Simulator } from './simulator';

/**
 * What a person can do. Each action checks its input, then gives the network the command the
 * tutorial's HTTP request stands for (see sim/commands). A check that fails returns the reason (a
 * dictionary key and its values) and changes nothing. Every action takes the page's Simulator.
 */
export type Refusal = Message;

/** Something to tell the person: a dictionary key and its values. */
export type Message = { readonly key: MessageKey; readonly params?: Record<string, string> };

/** Runs a command on the network now, unless a replay is under way; after a jump back, it drops the future. */
export function perform<Schema extends EntrySchema, Result>(
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

// A column's actions: a simulated node's are commands of the sim; a real node's (its address is
// its URL) are HTTP requests to it (see real-actions.ts).

export function mine(sim: Simulator, address: string): void {
  if (isRealAddress(address)) void realMine(sim, address);
  else void perform(sim, mineCommand, { address });
}

export function resolve(sim: Simulator, address: string): void {
  if (isRealAddress(address)) void realResolve(sim, address);
  else void perform(sim, resolveCommand, { address });
}

export interface TransactionFields {
  readonly sender: string;
  readonly recipient: string;
  readonly amount: string;
}

/**
 * The longest sender or recipient the form takes, in characters: room for a 64-digit hex hash
 * with a prefix, or a name in any script. The API takes any JSON value, as the reference does.
 */
export const MAX_NAME_LENGTH = 100;

/** What came of the transaction form: sent (with a note on how the amount was read), or refused. */
export type TransactionOutcome =
  | { readonly ok: true; readonly note: Message | null }
  | { readonly ok: false; readonly field: keyof TransactionFields | null; readonly refusal: Refusal };

/**
 * POST /transactions/new. The amount is a JSON number read as Python reads it: "5" is an int,
 * "1.5" a float. It must be more than 0, as typed: "1e-400" is positive but Python reads it
 * as 0.0, and it is sent so, with a note that says it.
 */
export function newTransaction(sim: Simulator, address: string, fields: TransactionFields): TransactionOutcome {
  const refuse = (
    field: keyof TransactionFields | null,
    key: MessageKey,
    params?: Record<string, string>,
  ): TransactionOutcome => ({ ok: false, field, refusal: params ? { key, params } : { key } });
  if (sim.replaying) return refuse(null, 'step.replaying');
  const sender = fields.sender.trim();
  const recipient = fields.recipient.trim();
  for (const [field, value] of [
    ['sender', sender],
    ['recipient', recipient],
  ] as const) {
    const label = field === 'sender' ? 'tx.sender' : 'tx.recipient';
    if (value === '') return refuse(field, 'tx.required', { field: label });
    const length = [...value].length;
    if (length > MAX_NAME_LENGTH) {
      return refuse(field, 'tx.tooLong', { field: label, max: String(MAX_NAME_LENGTH), count: String(length) });
    }
  }
  const typed = fields.amount.trim();
  const read = readAmount(typed);
  if (!read.ok) return refuse('amount', read.key, { amount: clipped(typed) });
  const body = canonicalJson({ sender, recipient, amount: read.value });
  if (isRealAddress(address)) void realTransaction(sim, address, body);
  else void perform(sim, transaction, { address, body });
  return { ok: true, note: read.underflow ? { key: 'tx.amountUnderflow', params: { amount: clipped(typed) } } : null };
}

type Amount =
  | { readonly ok: true; readonly value: bigint | number; readonly underflow: boolean }
  | { readonly ok: false; readonly key: MessageKey };

function readAmount(typed: string): Amount {
  const read = readJson(typed);
  const value = read.ok ? read.value : null;
  if ((typeof value !== 'bigint' && typeof value !== 'number') || Number.isNaN(value)) {
    return { ok: false, key: 'tx.amountInvalid' };
  }
  if (typed.startsWith('-')) return { ok: false, key: 'tx.amountNotPositive' };
  if (value === Number.POSITIVE_INFINITY) return { ok: false, key: 'tx.amountTooLarge' };
  // Zero by its digits, not by its value: "1e-400" is read as 0.0, but it was typed as more than 0.
  if (!/[1-9]/.test(typed.split(/[eE]/)[0] ?? '')) return { ok: false, key: 'tx.amountNotPositive' };
  return { ok: true, value, underflow: value === 0 };
}

/** Splits what a person typed into URLs: spaces, commas and new lines all separate. */
export function splitUrls(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part !== '');
}

/**
 * The most URLs the form registers at once: a network has at most MAX_NODES nodes, and a longer
 * list is more likely a paste gone wrong than a plan.
 */
export const MAX_URLS = MAX_NODES;

/**
 * POST /nodes/register with {"nodes": [...]}; registration is one-way, as in the tutorial. Every
 * URL must be a node address (see parseNodeUrl) and not this node's own; otherwise nothing is
 * sent and each refused URL has its reason. An empty list means it was sent.
 */
export function registerNodes(sim: Simulator, address: string, urls: readonly string[]): readonly Refusal[] {
  if (sim.replaying) return [{ key: 'step.replaying' }];
  if (urls.length === 0) return [{ key: 'register.empty' }];
  if (urls.length > MAX_URLS) {
    return [{ key: 'register.tooMany', params: { max: String(MAX_URLS), count: String(urls.length) } }];
  }
  if (isRealAddress(address)) return realRegister(sim, address, urls);
  const { network } = sim.session;
  const sent: string[] = [];
  const refused: Refusal[] = [];
  for (const url of urls) {
    const read = parseNodeUrl(url);
    if (!read.ok) refused.push({ key: read.key, params: read.params });
    else if (network.route(`${read.host}:${read.port}`) === address) {
      refused.push({ key: 'register.self', params: { url: clipped(url) } });
    } else sent.push(read.url);
  }
  if (refused.length === 0) void perform(sim, register, { address, nodes: sent });
  return refused;
}

/** Adds a node. Refused while a lesson runs: its steps (and its shares of hash power) count its nodes. */
export function addNode(sim: Simulator): Refusal | null {
  if (sim.replaying) return null;
  if (sim.store.getState().lesson !== null) return { key: 'lesson.noAdd' };
  if (sim.session.network.addresses().length >= MAX_NODES) {
    return { key: 'app.maxNodes', params: { max: String(MAX_NODES) } };
  }
  // The next port is a real node's: the new node takes a free one (they never share an address).
  const next = nextSimulatedPort(sim);
  const taken = sim.store.getState().real.some((r) => r.kind === 'node' && r.key === `localhost:${next}`);
  perform(sim, addNodeCommand, taken ? { port: freeSimulatedPort(sim) } : {});
  return null;
}

/**
 * Removes a node (by default the most recently added); its neighbours will find it unreachable.
 * Refused while a lesson runs: its steps name the nodes it started with.
 */
export function removeNode(sim: Simulator, address?: string): Refusal | null {
  if (sim.store.getState().lesson !== null) return { key: 'lesson.noRemove' };
  const chosen = address ?? sim.session.network.addresses().at(-1);
  if (chosen === undefined || !sim.session.network.addresses().includes(chosen)) return null;
  perform(sim, removeNodeCommand, { address: chosen });
  if (sim.store.getState().selected === chosen) sim.store.setState({ selected: null });
  return null;
}

/**
 * The keyboard's keys (KeyboardEvent.code: the physical key, so that they work with a Korean
 * input method on). The commands' own come from their files (sim/commands).
 */
export const KEYS = {
  mine: mineCommand.shortcut ?? 'KeyM',
  resolve: resolveCommand.shortcut ?? 'KeyR',
  stepMode: stepModeCommand.shortcut ?? 'KeyT',
  step: 'KeyS',
  stepBack: 'KeyB',
  play: 'KeyP',
  presentation: 'KeyF',
  overview: 'KeyO',
} as const;

/** A new network of three nodes under the same settings, replacing this one (after the person confirmed). */
export function newNetwork(sim: Simulator): void {
  if (sim.replaying) return;
  const { rules, latencyMs } = sim.store.getState().settings;
  sim.start(rules, latencyMs);
}

/** Presentation mode: large type, the controls folded away, the chains and the map as big as they go. */
export function setPresenting(sim: Simulator, on: boolean): void {
  sim.store.setState({ presenting: on });
}

/**
 * The overview: every column narrowed to fit the stage at once (sixteen nodes side by side), each
 * showing its address, its state and its blocks' heights, colours and hashes, its controls folded
 * away. Off again, the columns are as they were.
 */
export function setOverview(sim: Simulator, on: boolean): Refusal | null {
  // A lesson's steps point at the controls the overview folds away.
  if (on && sim.store.getState().lesson !== null) return { key: 'lesson.noOverview' };
  sim.store.setState({ overview: on });
  return null;
}

/** Which dialog of the page is open (the keyboard shortcuts), or none. */
export function openDialog(sim: Simulator, dialog: 'shortcuts' | 'lessons' | null): void {
  sim.store.setState({ dialog });
}

/** How many block heights a column shows at once: long chains are windowed, the same in every column. */
export const CHAIN_WINDOW = 30;

/** Moves the window of block heights shown; null follows the newest blocks. */
export function showChainUpTo(sim: Simulator, end: number | null): void {
  sim.store.setState({ chainEnd: end });
}

/** The node that keyboard shortcuts and the map act on. */
/** Opens a block's details (its dialog), or closes them (null). */
export function openBlock(sim: Simulator, block: { address: string; position: number } | null): void {
  sim.store.setState(block ? { openedBlock: block, seenBlock: block } : { openedBlock: null });
}

export function selectNode(sim: Simulator, address: string | null): void {
  sim.store.setState({ selected: address });
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
  // Not while a run replays (an import, a jump): the network it makes would not be the one asked for.
  if (sim.replaying) return;
  const current = sim.store.getState().settings.rules;
  const same =
    rules.proofRule === current.proofRule &&
    rules.difficulty === current.difficulty &&
    rules.resolveRule === current.resolveRule &&
    (rules.genesis ?? 'own') === (current.genesis ?? 'own');
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

/**
 * Step: in the past (after a jump back), the next step of the recorded run; otherwise the next
 * gate (a guess gate may try `count` guesses at once).
 */
export function step(sim: Simulator, count: Parameters<Simulator['session']['step']>[0] = 1): boolean {
  if (sim.store.getState().pastNext !== null) {
    void sim.session.stepForward();
    return true;
  }
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
  saveBeforeThePast(sim);
  return sim.session.travelTo(length);
}

export function stepBack(sim: Simulator): Promise<boolean> {
  saveBeforeThePast(sim);
  return sim.session.stepBack();
}

/** The whole run saved as it is, before a first jump back (in the past, saves keep the whole line: see Autosave). */
function saveBeforeThePast(sim: Simulator): void {
  if (!sim.session.inPast && !sim.replaying) void sim.saved?.saveNow();
}

/** In the past: the next step of the recorded run (the future is kept). */
export function stepForward(sim: Simulator): Promise<boolean> {
  return sim.session.stepForward();
}

/** Brings back the run that acting in the past dropped. */
export async function undoDrop(sim: Simulator): Promise<boolean> {
  // The copy of the dropped run kept in Saved runs: the run shown is whole again without it.
  const copy = sim.saved?.droppedCopy ?? null;
  const undone = await sim.session.undoDrop();
  if (undone) await sim.saved?.droppedUndone(copy);
  return undone;
}

/**
 * The run as a file. In the past it is the network shown, up to the moment shown: the page says
 * so, with how much of the recorded run that is (the future is not in the file).
 */
export function exportRun(sim: Simulator): string {
  const { session } = sim;
  const past = session.inPast
    ? { key: 'run.exportedPast' as const, params: { steps: session.position, total: session.recordedLine().length } }
    : null;
  sim.store.setState({ transferError: null, transferDone: past });
  return sim.exportRun();
}

/**
 * A run file a person chose, read and checked before they are asked whether it may replace the
 * network: a file that is refused says why at once, and nothing is asked.
 */
export function readChosenRun(sim: Simulator, text: string): ReadRun {
  const read = readRunFile(text);
  sim.store.setState({ transferError: read.ok ? null : read.problem, transferDone: null });
  return read;
}

/** Puts away what the last import (or export link) said. */
export function dismissTransfer(sim: Simulator): void {
  sim.store.setState({ transferError: null, transferDone: null });
}

/** Imports a run: its file's text, or the file as readChosenRun read it. */
export function importRun(sim: Simulator, file: string | ReadRun): Promise<boolean> {
  return sim.importRun(file);
}

export function cancelImport(sim: Simulator): void {
  sim.cancelImport();
}

/**
 * "Copy link": the run as a link that opens the same network (a run of at most MAX_LINK_ENTRIES
 * journal entries: a longer one is for Export run).
 */
export function runLink(
  sim: Simulator,
  base: string,
):
  | {
      ok: true;
      url: string;
      /** In the past: the link holds the run up to the moment shown, `steps` of its `total`. */
      past: { steps: number; total: number } | null;
    }
  | { ok: false; refusal: Refusal } {
  const entries = sim.session.network.journal.length;
  if (entries > MAX_LINK_ENTRIES) {
    return {
      ok: false,
      refusal: { key: 'link.tooLong', params: { entries: String(entries), max: String(MAX_LINK_ENTRIES) } },
    };
  }
  const { session } = sim;
  const past = session.inPast ? { steps: session.position, total: session.recordedLine().length } : null;
  return { ok: true, url: `${base}${encodeRunLink(sim.exportRun())}`, past };
}

/** Opens a run from a link's fragment (it replaces the network shown, which is saved first). */
export async function openRunLink(sim: Simulator, fragment: string): Promise<boolean> {
  const read = decodeRunLink(fragment);
  if (!read.ok) {
    sim.store.setState({ transferError: read.problem, transferDone: null });
    return false;
  }
  return sim.importRun(read.text);
}
