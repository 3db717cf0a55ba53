import { blockHash } from '../core/block';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { ChainBodyReader } from '../core/json/chain-body';
import { readJson } from '../core/json/read';
import { getKey, isJsonObject, type Json } from '../core/json/value';
import type { ProofRule } from '../core/proof';
import type { Rules } from '../core/rules';
import { type Check, chainProblems } from '../core/validation';
import type { MessageKey } from '../i18n';

/** Why a real node did not answer, in the page's words (a dictionary key and its values). */
export interface RealProblem {
  readonly key: MessageKey;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * What asking a real node gave: its answer, or why there was none (down, no relay, refused): the
 * reason in English, and where the page can say it in its own language, the problem.
 */
export type RealAnswer =
  | { readonly ok: true; readonly response: HttpResponse }
  | { readonly ok: false; readonly reason: string; readonly problem?: RealProblem };

/** Asks a real node (its URL) one of the five tutorial requests: through the relay, or directly. */
export type AskReal = (node: string, request: HttpRequest) => Promise<RealAnswer>;

/** One request a person (or the page's look at its chain) made of a real node, and what came of it. */
export interface RealExchange {
  readonly id: number;
  readonly request: HttpRequest;
  readonly status?: number;
  readonly body?: string;
  readonly failure?: string;
}

/** A real node on the page: where it is, what it last said, and its chain as last read. */
export interface RealNodeView {
  /** A real node the page asks; or a GET /chain body a person pasted or loaded, only to be seen and checked. */
  readonly kind: 'node' | 'pasted';
  /** "http://127.0.0.1:5000": what the page asks ("pasted:1" for a pasted chain). */
  readonly url: string;
  /** "127.0.0.1:5000": its host and port. */
  readonly host: string;
  /** The key the sim knows it by (see outsideKey). */
  readonly key: string;
  readonly status: 'checking' | 'reachable' | 'unreachable';
  /** Why it is unreachable, or why its answer could not be read. */
  readonly reason: string | null;
  /** The same, in the page's words where it has them. */
  readonly problem: RealProblem | null;
  readonly chain: readonly Json[];
  readonly hashes: readonly string[];
  /** The links valid_chain refuses, under the page's rules. */
  readonly problems: readonly Check[];
  /** When the chain fails only because it was mined under the other proof rule: that rule. */
  readonly otherRule: ProofRule | null;
  readonly busy: 'mine' | 'resolve' | 'transaction' | 'register' | null;
  /** The message of its last answer to a person ("New Block Forged"), or a refusal (in the page's words where it has them). */
  readonly said: { readonly ok: boolean; readonly text: string; readonly problem?: RealProblem } | null;
  /** The newest requests, oldest first. */
  readonly log: readonly RealExchange[];
  /**
   * The nodes this page registered on it, as it stores them (host:port): a real node does not say
   * whom it knows, so the map draws these, and no others.
   */
  readonly registered: readonly string[];
}

export const MAX_LOG = 40;

/** Why a GET /chain body cannot be shown (the UI words it: chainBody.<code>). */
export type ChainBodyProblem = 'notJson' | 'noChain' | 'empty';

/** A GET /chain body (or a bare list of blocks) read: its chain, or why not. */
export function readChainBody(
  body: string,
  reader?: ChainBodyReader,
): { ok: true; chain: readonly Json[] } | { ok: false; problem: ChainBodyProblem } {
  // A node's answers read one after the other: what is the same as last time is not read (nor hashed) again.
  const read = reader ? reader.read(body) : readJson(body);
  if (!read.ok) return { ok: false, problem: 'notJson' };
  const value = read.value;
  const chain = isJsonObject(value) ? getKey(value, 'chain') : Array.isArray(value) ? value : undefined;
  if (!Array.isArray(chain)) return { ok: false, problem: 'noChain' };
  if (chain.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, chain };
}

/** A real node's reason made of a chain body's problem, or of its status, for the UI to word. */
export const BODY_REASON = 'chain-body:';
export const STATUS_REASON = 'chain-status:';

/** What the page shows of a chain: its hashes, its refused links, and whether the other proof rule explains them. */
export function checkChain(
  chain: readonly Json[],
  rules: Rules,
): Pick<RealNodeView, 'hashes' | 'problems' | 'otherRule'> {
  const hashes = chain.map((block) => blockHash(block));
  const problems = chainProblems(chain, rules);
  let otherRule: ProofRule | null = null;
  if (problems.length > 0 && problems.every((p) => p.check === 'proof')) {
    const other: ProofRule = rules.proofRule === 'seed' ? 'reference' : 'seed';
    if (chainProblems(chain, { ...rules, proofRule: other }).length === 0) otherRule = other;
  }
  return { hashes, problems, otherRule };
}

/** The "message" of a JSON answer, else its text (clipped), for the column's last word. */
export function messageOf(response: HttpResponse): string {
  const read = readJson(response.body);
  const message = read.ok && isJsonObject(read.value) ? getKey(read.value, 'message') : undefined;
  if (typeof message === 'string') return message;
  const text = response.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${response.status}${text ? `: ${text.slice(0, 120)}` : ''}`;
}
