import * as v from 'valibot';
import { canonicalJson } from '../core/json/canonical';
import { readJson } from '../core/json/read';
import { getKey, isJsonObject } from '../core/json/value';
import { MAX_DIFFICULTY, MIN_DIFFICULTY, PROOF_RULES } from '../core/proof';
import { GENESIS_CHOICES, RESOLVE_RULES } from '../core/rules';
import type { MessageKey, Params } from '../i18n';
import { JOURNAL_ENTRY, type JournalEntry } from '../sim/commands';
import { LATENCY, NODE, TIME } from '../sim/journal';
import { FIRST_PORT, MAX_NODES, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../sim/network';

/**
 * The run file: a network's settings, its journal (every decision, in order, with the proof of
 * every block found), and the state every node ended in. Importing replays the journal and checks
 * that it ends in that state, so a changed file is caught. Declared once, as a schema with its
 * version and the migrations from older ones (tldraw's records); the type and the validator come
 * from it, and the journal's part is made of the entries each command declares (sim/commands).
 *
 * Why valibot: its schemas are plain functions that tree-shake to a few kilobytes, the types come
 * from them, and its issues carry the path of what is wrong, which the messages below put in words.
 */
export const RUN_FORMAT = 'chainscope-run';
export const RUN_VERSION = 2;

const RULES = v.strictObject({
  proofRule: v.picklist(PROOF_RULES),
  difficulty: v.pipe(v.number(), v.integer(), v.minValue(MIN_DIFFICULTY), v.maxValue(MAX_DIFFICULTY)),
  resolveRule: v.picklist(RESOLVE_RULES),
  genesis: v.optional(v.picklist(GENESIS_CHOICES)),
});
const HASH = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const EPOCH = v.pipe(v.number(), v.finite(), v.minValue(0));
const SEED = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffff_ffff));

/** A node as the run ended: its chain by block hashes, its pending transactions as canonical JSON, its neighbours. */
const FINAL_NODE = v.strictObject({
  chain: v.array(HASH),
  /** Absent in a run of the first version, which did not record them. */
  pending: v.optional(v.string()),
  neighbours: v.optional(v.array(v.string())),
});

const RUN = v.strictObject({
  format: v.literal(RUN_FORMAT),
  version: v.literal(RUN_VERSION),
  rules: RULES,
  epochSeconds: EPOCH,
  seed: SEED,
  /** The latency the network started with (the journal records every change). */
  latencyMs: LATENCY,
  /** How long a node waits for a neighbour (absent: the default, 10 s; lessons wait less). */
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(MIN_TIMEOUT_MS), v.maxValue(MAX_TIMEOUT_MS))),
  journal: v.array(JOURNAL_ENTRY),
  final: v.strictObject({ latencyMs: LATENCY, stepMode: v.boolean(), nodes: v.record(NODE, FINAL_NODE) }),
});

export type RunFile = v.InferOutput<typeof RUN>;
export type FinalNode = v.InferOutput<typeof FINAL_NODE>;

/** Version 1: every command was an HTTP request, no proofs were recorded, only the chains were kept. */
const REQUEST_V1 = v.strictObject({
  method: v.string(),
  path: v.string(),
  contentType: v.optional(v.nullable(v.string())),
  body: v.optional(v.nullable(v.string())),
});
const RUN_V1 = v.strictObject({
  format: v.literal(RUN_FORMAT),
  version: v.literal(1),
  rules: RULES,
  epochSeconds: EPOCH,
  seed: SEED,
  latencyMs: LATENCY,
  journal: v.array(
    v.variant('t', [
      v.strictObject({ t: v.literal('add'), at: TIME }),
      v.strictObject({ t: v.literal('remove'), at: TIME, address: NODE }),
      v.strictObject({ t: v.literal('command'), at: TIME, address: NODE, request: REQUEST_V1 }),
      v.strictObject({
        t: v.literal('release'),
        at: TIME,
        ref: v.string(),
        count: v.optional(v.union([v.pipe(v.number(), v.integer(), v.minValue(1)), v.literal('finish')])),
      }),
      v.strictObject({ t: v.literal('timeout'), at: TIME, ref: v.string() }),
      v.strictObject({ t: v.literal('mode'), at: TIME, step: v.boolean() }),
      v.strictObject({ t: v.literal('latency'), at: TIME, ms: LATENCY }),
    ]),
  ),
  chains: v.record(NODE, v.array(HASH)),
});

type RunV1 = v.InferOutput<typeof RUN_V1>;
type EntryV1 = RunV1['journal'][number];

/** A version-1 command as the command it stands for (a request that is none of them stays a request). */
function commandOfV1(entry: Extract<EntryV1, { t: 'command' }>): JournalEntry {
  const { at, address, request } = entry;
  const json = request.contentType === 'application/json' && typeof request.body === 'string';
  if (request.method === 'GET' && request.path === '/mine') return { t: 'mine', at, address };
  if (request.method === 'GET' && request.path === '/nodes/resolve') return { t: 'resolve', at, address };
  if (request.method === 'POST' && request.path === '/transactions/new' && json) {
    return { t: 'transaction', at, address, body: request.body as string };
  }
  if (request.method === 'POST' && request.path === '/nodes/register' && json) {
    const nodes = registeredNodes(request.body as string);
    if (nodes) return { t: 'register', at, address, nodes };
  }
  return { t: 'request', at, address, request };
}

/** The URLs of a register body, if the register command would send exactly that body again. */
function registeredNodes(body: string): string[] | null {
  const read = readJson(body);
  if (!read.ok || !isJsonObject(read.value)) return null;
  const nodes = getKey(read.value, 'nodes');
  if (!Array.isArray(nodes) || !nodes.every((n) => typeof n === 'string')) return null;
  const urls = nodes as string[];
  return canonicalJson({ nodes: urls }) === body ? urls : null;
}

/** Version 1 to 2: commands by kind, and the final state as far as version 1 kept it. */
function fromV1(run: RunV1): RunFile {
  let latencyMs = run.latencyMs;
  let stepMode = false;
  const journal = run.journal.map((entry): JournalEntry => {
    if (entry.t === 'latency') latencyMs = entry.ms;
    if (entry.t === 'mode') stepMode = entry.step;
    if (entry.t === 'command') return commandOfV1(entry);
    return entry as JournalEntry;
  });
  const nodes = Object.fromEntries(Object.entries(run.chains).map(([address, chain]) => [address, { chain }]));
  return { ...run, version: RUN_VERSION, journal, final: { latencyMs, stepMode, nodes } } as unknown as RunFile;
}

/** Why a file was refused, as a dictionary key, its values, and a detail in words of its own. */
export interface Problem {
  readonly key: MessageKey;
  readonly params?: Params;
  readonly detail?: { readonly key: MessageKey; readonly params?: Params };
}

export type ReadRun = { ok: true; run: RunFile; migratedFrom: number | null } | { ok: false; problem: Problem };

const refuse = (problem: Problem): ReadRun => ({ ok: false, problem });

/** A value in a message: short, and never String() of an object. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? typeof value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** Reads a run file, or says exactly what is wrong with it (nothing of it is used then). */
export function readRunFile(text: string): ReadRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse({ key: 'run.badJson' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse({ key: 'run.notRun' });
  const record = value as Record<string, unknown>;
  if (record.format !== RUN_FORMAT) return refuse({ key: 'run.notRun' });
  const version = record.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse({ key: 'run.badVersion', params: { version: shown(version) } });
  }
  if (version > RUN_VERSION) return refuse({ key: 'run.newer', params: { version, supported: RUN_VERSION } });
  let run: RunFile;
  if (version === 1) {
    const read = v.safeParse(RUN_V1, value, { abortEarly: true });
    if (!read.success) return refuse(issueProblem(read.issues[0]));
    run = fromV1(read.output);
  } else {
    const read = v.safeParse(RUN, value, { abortEarly: true });
    if (!read.success) return refuse(issueProblem(read.issues[0]));
    run = read.output;
  }
  const problem = impossible(run);
  if (problem) return refuse(problem);
  return { ok: true, run, migratedFrom: version === RUN_VERSION ? null : version };
}

/** Where an issue is, as a person reads it: journal[4].at. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  }
  return out === '' ? '(the file)' : out;
}

function issueProblem(issue: v.BaseIssue<unknown> | undefined): Problem {
  if (!issue) return { key: 'run.notRun' };
  const path = pathOf(issue);
  const expected = issue.expected ?? '';
  const received = issue.received;
  const detail = ((): Problem['detail'] => {
    switch (issue.type) {
      case 'min_value':
        return { key: 'run.issue.min', params: { expected: expected.replace(/^>=/, ''), received } };
      case 'max_value':
        return { key: 'run.issue.max', params: { expected: expected.replace(/^<=/, ''), received } };
      case 'integer':
        return { key: 'run.issue.integer', params: { received } };
      case 'finite':
        return { key: 'run.issue.finite', params: { received } };
      case 'regex':
        return { key: 'run.issue.pattern', params: { received } };
      case 'max_length':
        return { key: 'run.issue.tooLong' };
      case 'variant':
        return { key: 'run.issue.kind', params: { received } };
      case 'literal':
      case 'picklist':
        return { key: 'run.issue.oneOf', params: { expected, received } };
      case 'strict_object':
        if (expected === 'never') return { key: 'run.issue.unknownKey', params: { received } };
        if (received === 'undefined') return { key: 'run.issue.missing' };
        return { key: 'run.issue.type', params: { expected: 'Object', received } };
      default:
        return { key: 'run.issue.type', params: { expected, received } };
    }
  })();
  return { key: 'run.badField', params: { path }, ...(detail ? { detail } : {}) };
}

/**
 * What no export can hold, though every entry is well formed: time going back, a node named that
 * does not run, more nodes than a network has, a node removed but listed at the end (or running
 * but not listed). What only a replay can tell (a gate that never comes, a proof that does not
 * hold, a different end) the replay tells.
 */
function impossible(run: RunFile): Problem | null {
  const running = new Set<string>();
  const ever = new Set<string>();
  let ports: number[] = [];
  let time = 0;
  for (const [i, entry] of run.journal.entries()) {
    const step = i + 1;
    if (entry.at < time) return { key: 'run.timeBackwards', params: { step } };
    time = entry.at;
    switch (entry.t) {
      case 'add': {
        if (running.size >= MAX_NODES) return { key: 'run.tooManyNodes', params: { step, max: MAX_NODES } };
        const port = entry.port ?? (ports.length === 0 ? FIRST_PORT : Math.max(...ports) + 1);
        if (running.has(`localhost:${port}`))
          return { key: 'run.portTaken', params: { step, address: `localhost:${port}` } };
        ports.push(port);
        running.add(`localhost:${port}`);
        ever.add(`localhost:${port}`);
        break;
      }
      case 'remove':
        if (!running.delete(entry.address)) return { key: 'run.notRunning', params: { step, address: entry.address } };
        ports = ports.filter((p) => `localhost:${p}` !== entry.address);
        break;
      case 'move': {
        const to = `localhost:${entry.port}`;
        if (!running.delete(entry.address)) return { key: 'run.notRunning', params: { step, address: entry.address } };
        if (running.has(to)) return { key: 'run.portTaken', params: { step, address: to } };
        ports = [...ports.filter((p) => `localhost:${p}` !== entry.address), entry.port];
        running.add(to);
        ever.add(to);
        break;
      }
      case 'release':
      case 'timeout':
      case 'answer': {
        const address = entry.ref.slice(0, entry.ref.indexOf('/'));
        if (!ever.has(address)) return { key: 'run.unknownRef', params: { step, ref: entry.ref } };
        break;
      }
      default:
        if ('address' in entry && !running.has(entry.address)) {
          return { key: 'run.notRunning', params: { step, address: entry.address } };
        }
    }
  }
  const listed = Object.keys(run.final.nodes);
  for (const address of listed) {
    if (!running.has(address)) return { key: 'run.finalNotRunning', params: { address } };
  }
  for (const address of running) {
    if (!listed.includes(address)) return { key: 'run.finalMissing', params: { address } };
  }
  return null;
}

/** The run as a file: the same content always gives the same text. */
export function writeRunFile(run: RunFile): string {
  return `${JSON.stringify(run, null, 1)}\n`;
}
