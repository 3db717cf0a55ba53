import { chainUrl } from './address';
import type { Chain } from './block';
import type { HttpResponse } from './http';
import { type ReadResult, readJson } from './json/read';
import { getKey, isJsonObject, type Json, pythonTypeName } from './json/value';
import type { Rules } from './rules';
import { type Check, validChain } from './validation';

/** What a neighbour's GET /chain came back as: an answer, or why there was none. */
export type PeerReply =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly reason: string; readonly code?: 'unreachable' | 'timeout' };

/** Why a neighbour was skipped, as a code the UI can put in words (the reason says it in English). */
export type SkipCode =
  | 'unreachable'
  | 'timeout'
  | 'status'
  | 'not-json'
  | 'not-object'
  | 'no-chain'
  | 'bad-length'
  | 'chain-not-list';

/**
 * One step of resolve_conflicts, in the tutorial's terms, with the values it is looking at.
 * Step mode shows these one by one; run mode passes straight over them.
 */
export type ResolveStep =
  | { readonly kind: 'begin'; readonly maxLength: number; readonly neighbours: readonly string[] }
  | { readonly kind: 'request'; readonly neighbour: string; readonly url: string }
  | {
      readonly kind: 'skip';
      readonly neighbour: string;
      readonly reason: string;
      readonly code: SkipCode;
      /** The HTTP status, or the Python type name of what was sent instead. */
      readonly detail?: string;
    }
  | {
      readonly kind: 'compare';
      readonly neighbour: string;
      /** The `length` the neighbour claims (null when it sent none that can be compared). */
      readonly claimedLength: number | null;
      /** The blocks it actually sent. */
      readonly countedLength: number;
      /** The length this profile compares: claimed under "seed", counted under "hardened". */
      readonly length: number;
      readonly maxLength: number;
      readonly longer: boolean;
    }
  | { readonly kind: 'check'; readonly neighbour: string; readonly check: Check }
  | {
      readonly kind: 'verdict';
      readonly neighbour: string;
      readonly valid: boolean;
      readonly reason: string | null;
      /** The first failing check, when invalid. */
      readonly failure: Check | null;
    }
  | { readonly kind: 'candidate'; readonly neighbour: string; readonly maxLength: number }
  | { readonly kind: 'end'; readonly replaced: boolean; readonly winner: string | null };

export type ResolveYield =
  | { readonly type: 'fetch'; readonly neighbour: string; readonly url: string }
  | { readonly type: 'trace'; readonly step: ResolveStep };

export interface ResolveOutcome {
  readonly replaced: boolean;
  /** The winning chain, verbatim, when replaced. */
  readonly chain: Chain | null;
  readonly winner: string | null;
  readonly skipped: readonly { readonly neighbour: string; readonly reason: string }[];
}

export interface ResolveInput {
  readonly chain: Chain;
  readonly neighbours: readonly string[];
  readonly rules: Rules;
  /** How each neighbour's answer is read: by default readJson; a node passes its ChainBodyReaders. */
  readonly bodies?: (neighbour: string) => { read(text: string): ReadResult };
}

/**
 * The tutorial's resolve_conflicts as a generator: it yields each GET /chain it needs answered
 * (resume it with the PeerReply) and each trace step (resume with nothing), and returns the
 * outcome. A neighbour that is unreachable, slow, or answers nonsense is skipped with a reason;
 * it never aborts the resolve, so a better chain already found is kept.
 *
 * Under "seed" the claimed `length` is compared, strictly greater wins, and on a tie the first
 * neighbour in order keeps it: a neighbour claiming 99 with one block wins, as in the tutorial.
 */
export function* resolveConflicts(input: ResolveInput): Generator<ResolveYield, ResolveOutcome, unknown> {
  const { rules } = input;
  let maxLength = input.chain.length;
  let newChain: Chain | null = null;
  let winner: string | null = null;
  const skipped: { neighbour: string; reason: string }[] = [];

  yield { type: 'trace', step: { kind: 'begin', maxLength, neighbours: input.neighbours } };
  for (const neighbour of input.neighbours) {
    const url = chainUrl(neighbour);
    yield { type: 'trace', step: { kind: 'request', neighbour, url } };
    const reply = yield { type: 'fetch', neighbour, url };
    const read = input.bodies?.(neighbour);
    const answer = readAnswer(
      isPeerReply(reply) ? reply : { ok: false, reason: 'there was no answer' },
      rules,
      read ? (text) => read.read(text) : readJson,
    );
    if (!answer.ok) {
      skipped.push({ neighbour, reason: answer.reason });
      const { reason, code, detail } = answer;
      yield {
        type: 'trace',
        step: { kind: 'skip', neighbour, reason, code, ...(detail === undefined ? {} : { detail }) },
      };
      continue;
    }
    const { chain, claimedLength } = answer;
    const countedLength = Array.isArray(chain) ? chain.length : 0;
    const length = rules.resolveRule === 'seed' ? (claimedLength as number) : countedLength;
    const longer = length > maxLength;
    yield {
      type: 'trace',
      step: { kind: 'compare', neighbour, claimedLength, countedLength, length, maxLength, longer },
    };
    if (!longer) continue;

    const verdict = validChain(chain, rules);
    for (const check of verdict.trace) yield { type: 'trace', step: { kind: 'check', neighbour, check } };
    const failure = verdict.valid ? null : verdict.failure;
    const reason = failure ? failure.reason : null;
    yield { type: 'trace', step: { kind: 'verdict', neighbour, valid: verdict.valid, reason, failure } };
    if (!verdict.valid) continue;

    maxLength = length;
    newChain = chain as Chain;
    winner = neighbour;
    yield { type: 'trace', step: { kind: 'candidate', neighbour, maxLength } };
  }
  yield { type: 'trace', step: { kind: 'end', replaced: newChain !== null, winner } };
  return { replaced: newChain !== null, chain: newChain, winner, skipped };
}

function isPeerReply(value: unknown): value is PeerReply {
  return typeof value === 'object' && value !== null && typeof (value as PeerReply).ok === 'boolean';
}

type Answer =
  | { readonly ok: true; readonly chain: Json; readonly claimedLength: number | null }
  | { readonly ok: false; readonly reason: string; readonly code: SkipCode; readonly detail?: string };

/** Reads a GET /chain answer, or says why it cannot be used. */
function readAnswer(reply: PeerReply, rules: Rules, read: (text: string) => ReadResult): Answer {
  if (!reply.ok) return { ok: false, reason: reply.reason, code: reply.code ?? 'unreachable' };
  const { response } = reply;
  if (response.status !== 200) {
    return {
      ok: false,
      reason: `it answered HTTP ${response.status}`,
      code: 'status',
      detail: String(response.status),
    };
  }
  const parsed = read(response.body);
  if (!parsed.ok) return { ok: false, reason: `its answer is not JSON (${parsed.error.message})`, code: 'not-json' };
  const body = parsed.value;
  if (!isJsonObject(body)) {
    const detail = pythonTypeName(body);
    return { ok: false, reason: `its answer is a ${detail}, not an object`, code: 'not-object', detail };
  }
  const chain = getKey(body, 'chain');
  if (chain === undefined) return { ok: false, reason: 'its answer has no "chain"', code: 'no-chain' };
  const claimedLength = lengthValue(getKey(body, 'length'));
  if (rules.resolveRule === 'seed') {
    if (claimedLength === null) {
      const detail = pythonTypeName(getKey(body, 'length'));
      return { ok: false, reason: `its "length" is ${detail}, not a number`, code: 'bad-length', detail };
    }
  } else if (!Array.isArray(chain)) {
    const detail = pythonTypeName(chain);
    return { ok: false, reason: `its "chain" is a ${detail}, not a list`, code: 'chain-not-list', detail };
  }
  return { ok: true, chain, claimedLength };
}

/** A claimed length as Python would compare it with an int (bools are 0 and 1), or null. */
function lengthValue(value: Json | undefined): number | null {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isNaN(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}
