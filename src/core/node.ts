import { normaliseAddress } from './address';
import { adopted, type Behaviour, type BehaviourKind, servedChain } from './behaviour';
import {
  appendBlock,
  type Block,
  blockHash,
  type Chain,
  genesisBlock,
  rewardTransaction,
  type Transaction,
} from './block';
import {
  endpointOf,
  type HttpRequest,
  type HttpResponse,
  isJsonContentType,
  JSON_TYPE,
  jsonResponse,
  textResponse,
} from './http';
import { compactListJson, quote } from './json/canonical';
import type { ChainBodyReader } from './json/chain-body';
import { MAX_DEPTH, readJson } from './json/read';
import { containsNonFinite, fieldOf, getKey, isJsonObject, type Json, nestingDepth } from './json/value';
import { type ProofSearch, proofText } from './proof';
import { type PeerReply, type ResolveYield, resolveConflicts } from './resolve';
import type { Rules } from './rules';

/** One node's state: plain data, the same in a worker, in Node and in tests. */
export interface NodeState {
  /** Where the node listens, e.g. "localhost:5000". */
  readonly address: string;
  /** uuid4().hex in the reference: the recipient of this node's mining rewards. */
  readonly nodeIdentifier: string;
  readonly chain: Chain;
  /** current_transactions: what the next mined block will hold. */
  readonly pendingTransactions: readonly Transaction[];
  /** The registered nodes, a set kept in registration order. */
  readonly neighbours: readonly string[];
  readonly rules: Rules;
  /** How it answers GET /chain (see behaviour.ts); absent: honest, as every node of the tutorial. */
  readonly behaviour?: Behaviour;
}

export interface NewNode {
  readonly address: string;
  readonly nodeIdentifier: string;
  readonly rules: Rules;
  /** time() when the node starts: its genesis block's timestamp. */
  readonly timestamp: number;
}

export function createNode({ address, nodeIdentifier, rules, timestamp }: NewNode): NodeState {
  return { address, nodeIdentifier, rules, chain: [genesisBlock(timestamp)], pendingTransactions: [], neighbours: [] };
}

/**
 * The holder of a node's current state. handle() reads it when it resumes and writes it when it
 * is done, so requests answered while a long one (mining, resolving) is suspended are not lost,
 * just as in the threaded reference server.
 */
export interface NodeRef {
  state: NodeState;
  /** Reads a neighbour's GET /chain answers, reusing what it read of the last one (see ChainBodyReader). */
  readonly bodies?: (neighbour: string) => ChainBodyReader;
}

/** A proof-of-work search the driver must run; resume handle() with the proof found. */
/**
 * `index`: the block the proof is for, when not the next one (a re-mine, see lab.ts); `from`:
 * where the search starts, when not at 0 (the automatic mode's own start, see lab.ts).
 */
export type WorkEffect = {
  readonly type: 'work';
  readonly search: ProofSearch;
  readonly index?: number;
  readonly from?: number;
};
export type NodeEffect = ResolveYield | WorkEffect;
export type EffectReply = PeerReply | number | undefined;

/** time() as Python gives it: seconds since the epoch, a float. Supplied by whoever drives the node. */
export type Clock = () => number;

export const MESSAGES = {
  forged: 'New Block Forged',
  replaced: 'Our chain was replaced',
  authoritative: 'Our chain is authoritative',
  nodesAdded: 'New nodes have been added',
  missingValues: 'Missing values',
  invalidNodes: 'Error: Please supply a valid list of nodes',
} as const;

/** "Transaction will be added to Block N": the wording the UI also matches. */
export function transactionMessage(blockIndex: string): string {
  return `Transaction will be added to Block ${blockIndex}`;
}

/**
 * What a request did, as data, beside its HTTP answer: the page reads this, never the seed's
 * sentences back out of the answer's text (whose words live in MESSAGES alone).
 */
export type Outcome =
  | { readonly kind: 'forged'; readonly index: number; readonly proof: number }
  | { readonly kind: 'replaced'; readonly length: number; readonly winner: string | null }
  | { readonly kind: 'authoritative'; readonly length: number }
  | { readonly kind: 'transaction'; readonly block: string }
  | { readonly kind: 'nodes-added'; readonly total: number }
  | { readonly kind: 'chain'; readonly length: number }
  /**
   * The lab (see lab.ts): block `index` was changed by hand. `unnoticed`: valid_chain still passes
   * the chain (the newest block's content changed, its own link holding: no block names its hash).
   */
  | { readonly kind: 'edited'; readonly index: number; readonly unnoticed: boolean; readonly hardened: boolean }
  /** The lab: blocks from `index` on linked and mined again; `rewritten` changed, `searched` needed a search. */
  | { readonly kind: 'remined'; readonly index: number; readonly rewritten: number; readonly searched: number }
  /** The lab: the node answers GET /chain this way from now on (see behaviour.ts). */
  | { readonly kind: 'behaviour'; readonly behaviour: BehaviourKind }
  /** The lab: a node that mined in private showed `shown` blocks; now it shows all `length`. */
  | { readonly kind: 'published'; readonly shown: number; readonly length: number }
  /** The lab: a search from its own start found `proof` on `lastHash` after `guesses` (nothing forged). */
  | { readonly kind: 'searched'; readonly proof: number; readonly lastHash: string; readonly guesses: number }
  /** Nothing changed: the answer is an error (4xx, 5xx), for this reason. */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string };

/** An answer and what it means. */
export interface Handled {
  readonly response: HttpResponse;
  readonly outcome: Outcome;
}

/** An error answer that changes nothing: the reason is its text (Flask's plain-string errors). */
export function refused(status: number, reason: string): Handled {
  return { response: textResponse(status, reason), outcome: { kind: 'refused', status, reason } };
}

/** A Map, not an object literal: the path is the client's, and "toString" would find Object.prototype's. */
const ROUTES: ReadonlyMap<string, string> = new Map([
  ['/mine', 'GET'],
  ['/transactions/new', 'POST'],
  ['/chain', 'GET'],
  ['/nodes/register', 'POST'],
  ['/nodes/resolve', 'GET'],
]);

/**
 * The tutorial's five endpoints. A generator because two of them take time: GET /mine yields a
 * proof search (a WorkEffect) and GET /nodes/resolve yields its neighbour requests and trace
 * steps; the others return at once. Answers match the reference's status codes and bodies;
 * where the reference crashes or accepts nonsense, the answer is a 4xx and nothing changes.
 */
export function* handle(ref: NodeRef, request: HttpRequest, clock: Clock): Generator<NodeEffect, Handled, EffectReply> {
  const path = endpointOf(request);
  const method = ROUTES.get(path);
  if (method === undefined) return refused(404, `Not Found: there is no endpoint ${path}`);
  if (request.method !== method) return refused(405, `Method Not Allowed: ${path} accepts ${method} only`);
  switch (path) {
    case '/chain':
      return chainAnswer(ref.state);
    case '/transactions/new':
      return update(ref, newTransaction(ref.state, request));
    case '/nodes/register':
      return update(ref, registerNodes(ref.state, request));
    case '/mine':
      return yield* mine(ref, clock);
    default:
      return yield* resolve(ref);
  }
}

export interface Change extends Handled {
  readonly state: NodeState;
}

function update(ref: NodeRef, { state, ...handled }: Change): Handled {
  ref.state = state;
  return handled;
}

/** GET /chain's answer: `{"chain":[…],"length":N}`, as jsonify writes it (each block's text made once). */
export function chainResponse(state: NodeState): HttpResponse {
  return servedResponse(servedChain(state.chain, state.behaviour, state.nodeIdentifier));
}

function servedResponse(served: { chain: Chain; length: number }): HttpResponse {
  const chain = compactListJson(served.chain);
  return { status: 200, contentType: JSON_TYPE, body: `{"chain":${chain},"length":${served.length}}\n` };
}

/** GET /chain: the answer, and what it says (a misbehaving node's answer says what it claims). */
function chainAnswer(state: NodeState): Handled {
  const served = servedChain(state.chain, state.behaviour, state.nodeIdentifier);
  return { response: servedResponse(served), outcome: { kind: 'chain', length: served.chain.length } };
}

type Body = { ok: true; value: Json } | { ok: false; refusal: Handled };

function readBody(request: HttpRequest): Body {
  if (!isJsonContentType(request.contentType)) {
    return { ok: false, refusal: refused(400, 'Bad Request: the body must be sent as application/json') };
  }
  const parsed = readJson(request.body ?? '');
  if (!parsed.ok) return { ok: false, refusal: refused(400, `Bad Request: malformed JSON: ${parsed.error.message}`) };
  return { ok: true, value: parsed.value };
}

/** The index the next block will get, as the reference words it: last_block['index'] + 1. */
function nextBlockIndex(chain: Chain): string {
  const last = chain[chain.length - 1];
  const index = fieldOf(last, 'index');
  if (typeof index === 'bigint') return (index + 1n).toString();
  return String(chain.length + 1);
}

/** POST /transactions/new: the three values are stored as given; other keys are dropped. */
export function newTransaction(state: NodeState, request: HttpRequest): Change {
  const unchanged = (status: number, reason: string): Change => ({ state, ...refused(status, reason) });
  const body = readBody(request);
  if (!body.ok) return { state, ...body.refusal };
  const values = body.value;
  if (Array.isArray(values) && values.length === 0) return unchanged(400, MESSAGES.missingValues);
  if (!isJsonObject(values)) {
    return unchanged(400, 'Invalid transaction: the body must be an object with sender, recipient and amount');
  }
  const sender = getKey(values, 'sender');
  const recipient = getKey(values, 'recipient');
  const amount = getKey(values, 'amount');
  if (sender === undefined || recipient === undefined || amount === undefined) {
    return unchanged(400, MESSAGES.missingValues);
  }
  const transaction: Transaction = { sender, recipient, amount };
  if (containsNonFinite(transaction)) {
    return unchanged(400, 'Invalid transaction: NaN and Infinity are not JSON numbers');
  }
  // A pending transaction is served later inside GET /chain, which the reader of every node
  // (ours included) must take back: refuse now what would make a chain nobody can read.
  const served = nestingDepth({ chain: [{ transactions: [transaction] }] });
  if (served > MAX_DEPTH) {
    const levels = nestingDepth(transaction) - 1;
    return unchanged(
      400,
      `Invalid transaction: its values are nested ${levels} levels deep; in a block of GET /chain that is ${served} levels, more than the ${MAX_DEPTH} a node reads`,
    );
  }
  const block = nextBlockIndex(state.chain);
  return {
    state: { ...state, pendingTransactions: [...state.pendingTransactions, transaction] },
    response: jsonResponse(201, { message: transactionMessage(block) }),
    outcome: { kind: 'transaction', block },
  };
}

/** POST /nodes/register with {"nodes": [url, ...]}: all of them or, on any bad one, none. */
export function registerNodes(state: NodeState, request: HttpRequest): Change {
  const unchanged = (status: number, reason: string): Change => ({ state, ...refused(status, reason) });
  const body = readBody(request);
  if (!body.ok) return { state, ...body.refusal };
  const nodes = fieldOf(body.value, 'nodes');
  if (!Array.isArray(nodes)) return unchanged(400, MESSAGES.invalidNodes);
  const added: string[] = [];
  for (const entry of nodes) {
    if (typeof entry !== 'string') {
      return unchanged(400, `${MESSAGES.invalidNodes}: every entry must be a URL string`);
    }
    const address = normaliseAddress(entry);
    if (!address.ok) {
      return unchanged(400, `${MESSAGES.invalidNodes}: "${entry}" is not a node URL (${address.reason})`);
    }
    added.push(address.node);
  }
  const neighbours = [...new Set([...state.neighbours, ...added])];
  return {
    state: { ...state, neighbours },
    response: jsonResponse(201, { message: MESSAGES.nodesAdded, total_nodes: neighbours }),
    outcome: { kind: 'nodes-added', total: neighbours.length },
  };
}

/** The search GET /mine must run to extend this chain, or why it cannot. */
export function miningTarget(state: NodeState): ProofSearch | string {
  const last = state.chain[state.chain.length - 1] as Json;
  const lastProof = isJsonObject(last) ? proofText(getKey(last, 'proof')) : null;
  if (lastProof === null) return 'the last block has no proof to build on';
  const { proofRule: rule, difficulty } = state.rules;
  return { rule, difficulty, lastProof, lastHash: blockHash(last) };
}

/** new_block: the pending transactions plus the reward, on top of the block the proof was found for. */
export function forgeBlock(state: NodeState, search: ProofSearch, proof: number, timestamp: number): Change {
  const block: Block = {
    index: BigInt(state.chain.length + 1),
    timestamp,
    transactions: [...state.pendingTransactions, rewardTransaction(state.nodeIdentifier)],
    proof: BigInt(proof),
    previous_hash: search.lastHash,
  };
  const { timestamp: _omitted, ...shown } = block;
  return {
    state: { ...state, chain: appendBlock(state.chain, block), pendingTransactions: [] },
    response: jsonResponse(200, { message: MESSAGES.forged, ...shown }),
    outcome: { kind: 'forged', index: state.chain.length + 1, proof },
  };
}

function* mine(ref: NodeRef, clock: Clock): Generator<NodeEffect, Handled, EffectReply> {
  for (;;) {
    const search = miningTarget(ref.state);
    if (typeof search === 'string') return refused(409, `Cannot mine: ${search}`);
    const proof = yield { type: 'work', search };
    if (typeof proof !== 'number') return refused(500, 'Mining stopped before a proof was found');
    // The chain may have been replaced while the search ran; then search again on the new tip.
    const tip = miningTarget(ref.state);
    if (typeof tip !== 'string' && tip.lastHash === search.lastHash) {
      return update(ref, forgeBlock(ref.state, search, proof, clock()));
    }
  }
}

function* resolve(ref: NodeRef): Generator<NodeEffect, Handled, EffectReply> {
  const { chain, neighbours, rules } = ref.state;
  const outcome = yield* resolveConflicts({ chain, neighbours, rules, ...(ref.bodies ? { bodies: ref.bodies } : {}) });
  // The answers as jsonify writes them (keys sorted), each block's text made once.
  if (outcome.replaced && outcome.chain) {
    // The state as it is now: a request answered while the resolve waited may have changed it.
    const behaviour = adopted(ref.state.behaviour, outcome.chain);
    ref.state = { ...ref.state, chain: outcome.chain, ...(behaviour ? { behaviour } : {}) };
    const body = `{"message":${quote(MESSAGES.replaced)},"new_chain":${compactListJson(outcome.chain)}}\n`;
    return {
      response: { status: 200, contentType: JSON_TYPE, body },
      outcome: { kind: 'replaced', length: outcome.chain.length, winner: outcome.winner },
    };
  }
  const body = `{"chain":${compactListJson(ref.state.chain)},"message":${quote(MESSAGES.authoritative)}}\n`;
  return {
    response: { status: 200, contentType: JSON_TYPE, body },
    outcome: { kind: 'authoritative', length: ref.state.chain.length },
  };
}
