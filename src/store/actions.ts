import type { HttpRequest } from '../core/http';
import { canonicalJson } from '../core/json/canonical';
import { readJson } from '../core/json/read';
import type { Json } from '../core/json/value';
import type { Rules } from '../core/rules';
import type { Language, MessageKey } from '../i18n';
import { MAX_NODES } from '../sim/network';
import { clipped, parseNodeUrl } from './node-url';
import { beforeActing, currentHost, currentNetwork, isReplaying, startNetwork, wake } from './runtime';
import { store } from './store';

/** Something to tell the person: a dictionary key and its values. */
export type Message = { readonly key: MessageKey; readonly params?: Record<string, string> };

/**
 * What a person can do. Each action checks its input, then sends the HTTP request the tutorial
 * would, through the sim. A check that fails returns the reason (a Refusal) and changes nothing.
 */
export type Refusal = Message;

function send(address: string, request: HttpRequest): void {
  if (isReplaying()) return;
  beforeActing();
  void currentNetwork().command(address, request);
  wake();
}

function post(path: string, body: Json): HttpRequest {
  return { method: 'POST', path, contentType: 'application/json', body: canonicalJson(body) };
}

export function mine(address: string): void {
  send(address, { method: 'GET', path: '/mine' });
}

export function resolve(address: string): void {
  send(address, { method: 'GET', path: '/nodes/resolve' });
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
export function newTransaction(address: string, fields: TransactionFields): TransactionOutcome {
  const refuse = (
    field: keyof TransactionFields | null,
    key: MessageKey,
    params?: Record<string, string>,
  ): TransactionOutcome => ({ ok: false, field, refusal: params ? { key, params } : { key } });
  if (isReplaying()) return refuse(null, 'step.replaying');
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
  send(address, post('/transactions/new', { sender, recipient, amount: read.value }));
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
export function registerNodes(address: string, urls: readonly string[]): readonly Refusal[] {
  if (isReplaying()) return [{ key: 'step.replaying' }];
  if (urls.length === 0) return [{ key: 'register.empty' }];
  if (urls.length > MAX_URLS) {
    return [{ key: 'register.tooMany', params: { max: String(MAX_URLS), count: String(urls.length) } }];
  }
  const network = currentNetwork();
  const sent: string[] = [];
  const refused: Refusal[] = [];
  for (const url of urls) {
    const read = parseNodeUrl(url);
    if (!read.ok) refused.push({ key: read.key, params: read.params });
    else if (network.route(`${read.host}:${read.port}`) === address) {
      refused.push({ key: 'register.self', params: { url: clipped(url) } });
    } else sent.push(read.url);
  }
  if (refused.length === 0) send(address, post('/nodes/register', { nodes: sent }));
  return refused;
}

export function addNode(): Refusal | null {
  if (isReplaying()) return null;
  const network = currentNetwork();
  if (network.addresses().length >= MAX_NODES) return { key: 'app.maxNodes', params: { max: String(MAX_NODES) } };
  beforeActing();
  network.addNode();
  return null;
}

/** Removes the most recently added node; its neighbours will find it unreachable. */
export function removeNode(): void {
  if (isReplaying()) return;
  const network = currentNetwork();
  const last = network.addresses().at(-1);
  if (last === undefined) return;
  beforeActing();
  network.removeNode(last);
}

/** How many block heights a column shows at once: long chains are windowed, the same in every column. */
export const CHAIN_WINDOW = 30;

/** Moves the window of block heights shown; null follows the newest blocks. */
export function showChainUpTo(end: number | null): void {
  store.setState({ chainEnd: end });
}

export function setLanguage(language: Language): void {
  store.setState({ language });
}

export function setLatency(latencyMs: number): void {
  if (isReplaying()) return;
  beforeActing();
  currentNetwork().setLatency(latencyMs);
  store.setState((state) => ({ settings: { ...state.settings, latencyMs } }));
}

/** A consensus change needs a fresh network: it waits for the person to confirm. */
export function proposeRules(rules: Rules): void {
  const current = store.getState().settings.rules;
  const same =
    rules.proofRule === current.proofRule &&
    rules.difficulty === current.difficulty &&
    rules.resolveRule === current.resolveRule;
  store.setState({ pendingRules: same ? null : rules });
}

export function confirmRules(): void {
  const { pendingRules, settings } = store.getState();
  if (!pendingRules || isReplaying()) return;
  startNetwork(currentHost(), pendingRules, settings.latencyMs);
}

export function cancelRules(): void {
  store.setState({ pendingRules: null });
}

export {
  exportRun,
  importRun,
  rewindTo,
  setContinuous,
  setPlaying,
  setSpeed,
  setStepMode,
  step,
  stepBack,
} from './runtime';
