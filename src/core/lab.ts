import { BEHAVIOURS, type Behaviour, isBehaviourKind } from './behaviour';
import { blockHash, type Chain } from './block';
import { endpointOf, type HttpRequest, isJsonContentType, jsonResponse } from './http';
import { MAX_DEPTH, readJson } from './json/read';
import {
  containsNonFinite,
  getKey,
  isJsonObject,
  type Json,
  type JsonObject,
  nestingDepth,
  objectFromEntries,
  pythonTypeName,
} from './json/value';
import {
  type Clock,
  type EffectReply,
  forgeBlock,
  type Handled,
  miningTarget,
  type NodeEffect,
  type NodeRef,
  refused,
} from './node';
import { type ProofSearch, proofText, tryProof } from './proof';
import type { Rules } from './rules';
import { checkLink } from './validation';

/**
 * The lab: what a teacher does to a node that no node of the tutorial lets anyone do. Change a
 * block of its chain after the fact, and mine it again. These are requests of the simulator
 * alone, under /lab/ (the tutorial's node, and ours over real HTTP, answer them 404), so that
 * they travel the same way as every other request: journaled, replayed, logged.
 */
export const LAB_PREFIX = '/lab/';

export function isLabRequest(request: HttpRequest): boolean {
  return endpointOf(request).startsWith(LAB_PREFIX);
}

/** Lab requests that take time (a search): they wait their turn like GET /mine. */
export function isLongLabRequest(request: HttpRequest): boolean {
  const endpoint = endpointOf(request);
  return endpoint === '/lab/remine' || endpoint === '/lab/search';
}

const EDIT_KEYS = new Set(['position', 'proof', 'previous_hash', 'transactions']);
const TRANSACTION_KEYS = ['sender', 'recipient', 'amount'] as const;

type Read<T> = { ok: true; value: T } | { ok: false; refusal: Handled };
const badRequest = (reason: string): Handled => refused(400, `Bad Request: ${reason}`);
const bad = (reason: string): Read<never> => ({ ok: false, refusal: badRequest(reason) });

function readObject(request: HttpRequest): Read<JsonObject> {
  if (request.method !== 'POST')
    return { ok: false, refusal: refused(405, `Method Not Allowed: ${endpointOf(request)} accepts POST only`) };
  if (!isJsonContentType(request.contentType)) return bad('the body must be sent as application/json');
  const parsed = readJson(request.body ?? '');
  if (!parsed.ok) return bad(`malformed JSON: ${parsed.error.message}`);
  if (!isJsonObject(parsed.value)) return bad(`the body is a ${pythonTypeName(parsed.value)}, not an object`);
  return { ok: true, value: parsed.value };
}

function readPosition(body: JsonObject, chain: Chain): Read<number> {
  const position = getKey(body, 'position');
  if (typeof position !== 'bigint') return bad(`position is ${pythonTypeName(position)}, not an int`);
  if (position < 0n || position >= BigInt(chain.length)) {
    return bad(`position ${position} is not a block of this chain (0 to ${chain.length - 1})`);
  }
  const at = Number(position);
  if (!isJsonObject(chain[at])) {
    return {
      ok: false,
      refusal: refused(409, `Conflict: block ${at + 1} is not an object; there is nothing to change`),
    };
  }
  return { ok: true, value: at };
}

/** The new values of an edit, checked against the block they replace. */
function readChanges(body: JsonObject, block: JsonObject): Read<Map<string, Json>> {
  for (const key of Object.keys(body)) {
    if (!EDIT_KEYS.has(key)) return bad(`unknown key "${key}" (an edit takes ${[...EDIT_KEYS].join(', ')})`);
  }
  const changes = new Map<string, Json>();
  const proof = getKey(body, 'proof');
  if (proof !== undefined) {
    if (typeof proof !== 'bigint' || proof < 0n) return bad('proof must be a whole number, 0 or more');
    changes.set('proof', proof);
  }
  const previousHash = getKey(body, 'previous_hash');
  if (previousHash !== undefined) {
    if (typeof previousHash !== 'string') return bad(`previous_hash is ${pythonTypeName(previousHash)}, not a str`);
    changes.set('previous_hash', previousHash);
  }
  const transactions = getKey(body, 'transactions');
  if (transactions !== undefined) {
    const before = getKey(block, 'transactions');
    if (!Array.isArray(before)) return bad('this block has no list of transactions to change');
    if (!Array.isArray(transactions)) return bad(`transactions is ${pythonTypeName(transactions)}, not a list`);
    if (transactions.length !== before.length) {
      return bad(`the block has ${before.length} transactions; an edit changes them, it does not add or remove any`);
    }
    for (const [i, transaction] of transactions.entries()) {
      if (!isJsonObject(transaction))
        return bad(`transaction ${i + 1} is a ${pythonTypeName(transaction)}, not an object`);
      const keys = Object.keys(transaction);
      if (keys.length !== 3 || TRANSACTION_KEYS.some((key) => getKey(transaction, key) === undefined)) {
        return bad(`transaction ${i + 1} must have exactly sender, recipient and amount`);
      }
    }
    if (containsNonFinite(transactions)) return bad('NaN and Infinity are not JSON numbers');
    if (nestingDepth({ chain: [{ transactions }] }) > MAX_DEPTH) {
      return bad(`the transactions are nested too deep for a node to read them back (${MAX_DEPTH} levels)`);
    }
    changes.set('transactions', transactions);
  }
  if (changes.size === 0) return bad('nothing to change: give proof, previous_hash or transactions');
  return { ok: true, value: changes };
}

/** The block with its values replaced, its keys in their order (a new object: blocks never change in place). */
function replaced(block: JsonObject, changes: ReadonlyMap<string, Json>): JsonObject {
  return objectFromEntries(
    Object.entries(block).map(([key, value]) => [key, changes.has(key) ? (changes.get(key) as Json) : value]),
  );
}

/**
 * POST /lab/edit {"position": p, "proof"?, "previous_hash"?, "transactions"?}: block p (from 0)
 * of the node's chain, changed as given, nothing else. Nothing is checked against the chain's
 * rules: that is the point, the chain shows what broke (see chainProblems).
 */
function edit(ref: NodeRef, request: HttpRequest): Handled {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  const { chain } = ref.state;
  const position = readPosition(body.value, chain);
  if (!position.ok) return position.refusal;
  const at = position.value;
  const block = chain[at] as JsonObject;
  const changes = readChanges(body.value, block);
  if (!changes.ok) return changes.refusal;
  const changed = replaced(block, changes.value);
  if (blockHash(changed) === blockHash(block)) return badRequest("nothing changed: the values are the block's own");
  const next = [...chain];
  next[at] = changed;
  ref.state = { ...ref.state, chain: next };
  const index = at + 1;
  return {
    response: jsonResponse(200, { message: `Block ${index} changed`, block: changed }),
    outcome: {
      kind: 'edited',
      index,
      unnoticed: unnoticed(next, at, ref.state.rules),
      hardened: ref.state.rules.resolveRule === 'hardened',
    },
  };
}

/**
 * Whether valid_chain passes over the change of block `at`: only the newest block's, and only while
 * its own link holds (its previous_hash names the block before it and its proof works on that
 * block's). What no link checks is then the newest block's content: no block names its hash yet.
 */
function unnoticed(chain: Chain, at: number, rules: Rules): boolean {
  if (at !== chain.length - 1) return false;
  if (at === 0) return true;
  const last = chain[at - 1] as Json;
  const checks = checkLink(last, blockHash(last), chain[at] as Json, at, rules);
  return checks.every((check) => check.ok);
}

/**
 * POST /lab/remine {"position": p}: from block p (from 0) to the newest, each block is linked to
 * the block before it again (previous_hash) and, where its proof no longer holds, mined again
 * (a search from 0, as GET /mine's). The chain is valid again at the end.
 *
 * Under the tutorial's proof rule the guess holds only the last proof, not the block: a changed
 * transaction needs no new search at all. The outcome counts the searches, so the page says so.
 */
function* remine(ref: NodeRef, request: HttpRequest): Generator<NodeEffect, Handled, EffectReply> {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  for (const key of Object.keys(body.value)) {
    if (key !== 'position') return badRequest(`unknown key "${key}" (a re-mine takes position)`);
  }
  const position = readPosition(body.value, ref.state.chain);
  if (!position.ok) return position.refusal;
  const from = Math.max(1, position.value);
  let searched = 0;
  let rewritten = 0;
  const { proofRule: rule, difficulty } = ref.state.rules;
  for (let at = from; at < ref.state.chain.length; at++) {
    const chain = ref.state.chain;
    const last = chain[at - 1] as Json;
    const block = chain[at] as Json;
    const lastProof = isJsonObject(last) ? proofText(getKey(last, 'proof')) : null;
    if (!isJsonObject(block) || lastProof === null) {
      return refused(
        409,
        `Conflict: block ${isJsonObject(block) ? at : at + 1} has no proof to mine on; stopped there`,
      );
    }
    const lastHash = blockHash(last);
    const search: ProofSearch = { rule, difficulty, lastProof, lastHash };
    const changes = new Map<string, Json>([['previous_hash', lastHash]]);
    const proof = proofText(getKey(block, 'proof'));
    if (proof === null || !tryProof(search, proof).ok) {
      const found = yield { type: 'work', search, index: at + 1 };
      if (typeof found !== 'number') return refused(500, 'Mining stopped before a proof was found');
      searched++;
      changes.set('proof', BigInt(found));
    }
    const next = replaced(block, changes);
    if (blockHash(next) === blockHash(block)) continue;
    rewritten++;
    const updated = [...ref.state.chain];
    updated[at] = next;
    ref.state = { ...ref.state, chain: updated };
  }
  const index = position.value + 1;
  return {
    response: jsonResponse(200, {
      message: `Mined again from block ${index}`,
      rewritten: BigInt(rewritten),
      searched: BigInt(searched),
    }),
    outcome: { kind: 'remined', index, rewritten, searched },
  };
}

/**
 * POST /lab/behaviour {"behaviour": kind}: how the node answers GET /chain from now on (see
 * behaviour.ts). Going private, it shows the blocks it has now and keeps the next ones.
 */
function setBehaviour(ref: NodeRef, request: HttpRequest): Handled {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  for (const key of Object.keys(body.value)) {
    if (key !== 'behaviour') return badRequest(`unknown key "${key}" (it takes behaviour)`);
  }
  const kind = getKey(body.value, 'behaviour');
  if (!isBehaviourKind(kind)) return badRequest(`behaviour must be one of ${BEHAVIOURS.join(', ')}`);
  const { chain, behaviour: before } = ref.state;
  // Staying private keeps what it showed; becoming private shows what it has now.
  const shown = kind === 'private' ? (before?.kind === 'private' ? before.shown : chain.length) : undefined;
  const behaviour: Behaviour = shown === undefined ? { kind } : { kind, shown };
  ref.state = { ...ref.state, behaviour };
  return {
    response: jsonResponse(200, { message: `Behaviour: ${kind}` }),
    outcome: { kind: 'behaviour', behaviour: kind },
  };
}

/** POST /lab/publish: a node mining in private shows its whole chain, and is honest again. */
function publish(ref: NodeRef, request: HttpRequest): Handled {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  if (Object.keys(body.value).length > 0) return badRequest('a release takes no values');
  const { behaviour, chain } = ref.state;
  if (behaviour?.kind !== 'private') {
    return refused(409, 'Conflict: this node does not mine in private; it has nothing kept back to release');
  }
  const shown = Math.min(behaviour.shown ?? chain.length, chain.length);
  ref.state = { ...ref.state, behaviour: { kind: 'honest' } };
  return {
    response: jsonResponse(200, { message: `Released ${chain.length - shown} blocks`, length: BigInt(chain.length) }),
    outcome: { kind: 'published', shown, length: chain.length },
  };
}

/** The most a search may start from: offsets are 32-bit, the proofs they lead to stay well inside a double. */
export const MAX_SEARCH_START = 2 ** 32;

/**
 * POST /lab/search {"from": n}: the automatic mode's proof search, from its own start (see
 * sim/automatic.ts). The tutorial's counts up from 0, so every node on the same last block finds
 * the same proof after as many guesses; a seeded start makes each node's search its own (and
 * valid_chain never asks where a search began). It forges nothing: it answers the proof, the
 * hash it was found on, and how many guesses it took; the network decides when the block is
 * forged, in sim time (POST /lab/forge).
 */
function* search(ref: NodeRef, request: HttpRequest): Generator<NodeEffect, Handled, EffectReply> {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  for (const key of Object.keys(body.value)) {
    if (key !== 'from') return badRequest(`unknown key "${key}" (a search takes from)`);
  }
  const from = getKey(body.value, 'from');
  if (typeof from !== 'bigint' || from < 0n || from >= BigInt(MAX_SEARCH_START)) {
    return badRequest(`from must be a whole number from 0 to ${MAX_SEARCH_START - 1}`);
  }
  const target = miningTarget(ref.state);
  if (typeof target === 'string') return refused(409, `Conflict: cannot mine: ${target}`);
  const start = Number(from);
  const proof = yield { type: 'work', search: target, from: start };
  if (typeof proof !== 'number') return refused(500, 'Mining stopped before a proof was found');
  const guesses = proof - start + 1;
  return {
    response: jsonResponse(200, {
      proof: BigInt(proof),
      last_hash: target.lastHash,
      guesses: BigInt(guesses),
    }),
    outcome: { kind: 'searched', proof, lastHash: target.lastHash, guesses },
  };
}

/**
 * POST /lab/forge {"proof": p, "last_hash": h}: new_block with a proof a search found, if the
 * chain still ends where it was found (else 409: the block would be stale) and the proof holds.
 */
function forge(ref: NodeRef, request: HttpRequest, clock: Clock): Handled {
  const body = readObject(request);
  if (!body.ok) return body.refusal;
  for (const key of Object.keys(body.value)) {
    if (key !== 'proof' && key !== 'last_hash')
      return badRequest(`unknown key "${key}" (a forge takes proof and last_hash)`);
  }
  const proof = getKey(body.value, 'proof');
  const lastHash = getKey(body.value, 'last_hash');
  if (typeof proof !== 'bigint' || proof < 0n || proof > BigInt(Number.MAX_SAFE_INTEGER)) {
    return badRequest('proof must be a whole number');
  }
  if (typeof lastHash !== 'string') return badRequest('last_hash must be a str');
  const target = miningTarget(ref.state);
  if (typeof target === 'string') return refused(409, `Conflict: cannot mine: ${target}`);
  if (target.lastHash !== lastHash) {
    return refused(409, 'Conflict: the chain no longer ends at the block this proof was found on');
  }
  if (!tryProof(target, proof).ok) return badRequest(`proof ${proof} is not valid on the last block`);
  const change = forgeBlock(ref.state, target, Number(proof), clock());
  ref.state = change.state;
  return { response: change.response, outcome: change.outcome };
}

/** A lab request: /lab/edit at once, /lab/remine with its searches; anything else under /lab/ is 404. */
export function* labHandle(
  ref: NodeRef,
  request: HttpRequest,
  clock: Clock,
): Generator<NodeEffect, Handled, EffectReply> {
  switch (endpointOf(request)) {
    case '/lab/edit':
      return edit(ref, request);
    case '/lab/remine':
      return yield* remine(ref, request);
    case '/lab/behaviour':
      return setBehaviour(ref, request);
    case '/lab/publish':
      return publish(ref, request);
    case '/lab/search':
      return yield* search(ref, request);
    case '/lab/forge':
      return forge(ref, request, clock);
    default:
      return refused(404, `Not Found: there is no endpoint ${endpointOf(request)}`);
  }
}
