import { isDifficulty, isProofRule } from '../core/proof';
import { isResolveRule, type Rules } from '../core/rules';
import type { JournalEntry } from '../sim/journal';

/**
 * An exported run: the network's settings, its journal (every decision of the scheduler, in
 * order), and the chains it ended with, by block hash. Importing replays the journal and checks
 * that the same chains come out, so a changed file is caught. One file per schema: the type, its
 * validator and its version live here together.
 */
export const RUN_FORMAT = 'chainscope-run';
export const RUN_VERSION = 1;

export interface RunFile {
  readonly format: typeof RUN_FORMAT;
  readonly version: typeof RUN_VERSION;
  readonly rules: Rules;
  readonly epochSeconds: number;
  readonly seed: number;
  readonly latencyMs: number;
  readonly journal: readonly JournalEntry[];
  /** Every node's chain at the end of the run, as its block hashes. */
  readonly chains: Readonly<Record<string, readonly string[]>>;
}

export function writeRunFile(run: RunFile): string {
  return `${JSON.stringify(run, null, 1)}\n`;
}

export type ReadRun = { ok: true; run: RunFile } | { ok: false; problem: string | null };

type Check = (value: unknown, path: string) => string | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const REQUEST: Check = (v, path) => {
  if (!isObject(v)) return `${path} is not a request`;
  if (typeof v.method !== 'string' || typeof v.path !== 'string') return `${path} has no method and path`;
  for (const key of ['contentType', 'body'] as const) {
    if (v[key] !== undefined && v[key] !== null && typeof v[key] !== 'string') return `${path}.${key} is not text`;
  }
  return null;
};

const ENTRY: Check = (v, path) => {
  if (!isObject(v) || typeof v.t !== 'string') return `${path} is not a journal entry`;
  if (!finite(v.at) || v.at < 0) return `${path}.at is not a time`;
  switch (v.t) {
    case 'add':
      return null;
    case 'remove':
      return typeof v.address === 'string' ? null : `${path}.address is missing`;
    case 'command':
      return typeof v.address === 'string' ? REQUEST(v.request, `${path}.request`) : `${path}.address is missing`;
    case 'release':
      if (typeof v.ref !== 'string') return `${path}.ref is missing`;
      if (v.count !== undefined && v.count !== 'finish' && !(Number.isInteger(v.count) && (v.count as number) > 0)) {
        return `${path}.count is not a number of guesses`;
      }
      return null;
    case 'timeout':
      return typeof v.ref === 'string' ? null : `${path}.ref is missing`;
    case 'mode':
      return typeof v.step === 'boolean' ? null : `${path}.step is not true or false`;
    case 'latency':
      return finite(v.ms) && v.ms >= 0 ? null : `${path}.ms is not a latency`;
    default:
      return `${path} is of an unknown kind "${v.t}"`;
  }
};

/** Reads an exported run, or says what is wrong with it (problem null: not JSON at all). */
export function readRunFile(text: string): ReadRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: null };
  }
  const fail = (problem: string): ReadRun => ({ ok: false, problem });
  if (!isObject(value) || value.format !== RUN_FORMAT) return fail(`it has no "format": "${RUN_FORMAT}"`);
  if (value.version !== RUN_VERSION) return fail(`its version ${String(value.version)} is not ${RUN_VERSION}`);
  const rules = value.rules;
  if (
    !isObject(rules) ||
    !isProofRule(rules.proofRule) ||
    !isResolveRule(rules.resolveRule) ||
    !isDifficulty(rules.difficulty)
  ) {
    return fail('its rules are not valid');
  }
  if (!finite(value.epochSeconds) || !Number.isInteger(value.seed) || !finite(value.latencyMs)) {
    return fail('its clock, seed or latency is missing');
  }
  if (!Array.isArray(value.journal)) return fail('it has no journal');
  for (const [i, entry] of value.journal.entries()) {
    const problem = ENTRY(entry, `journal[${i}]`);
    if (problem) return fail(problem);
  }
  const chains = value.chains;
  if (!isObject(chains)) return fail('it has no chains');
  for (const [address, hashes] of Object.entries(chains)) {
    if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
      return fail(`the chain of ${address} is not a list of block hashes`);
    }
  }
  return { ok: true, run: value as unknown as RunFile };
}
