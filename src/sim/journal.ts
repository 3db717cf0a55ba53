import * as v from 'valibot';

/**
 * The journal: the decisions the sim made, in order, with the sim time of each. They are
 * everything that is not a consequence of what came before: replaying them (see replay.ts) makes
 * the same run again, because nodes are deterministic, timestamps come from the sim's clock, and
 * each proof a search found is written down (a replay checks it with one hash, not a search).
 *
 * Two kinds of entries: a person's commands (one file each in ./commands, which declares its
 * entry's schema), and the scheduler's own decisions, below. Each is declared once, as a schema;
 * the types and the run file's validator come from it.
 */

/** A moment of sim time, in ms. */
export const TIME = v.pipe(v.number(), v.finite(), v.minValue(0));
/** One of the network's nodes: "localhost:" and its port. */
export const NODE = v.pipe(v.string(), v.regex(/^localhost:[1-9]\d{0,4}$/, 'is not a node of the network'));
/** The highest latency a link may have (the settings' range), in ms. */
export const MAX_LATENCY_MS = 5_000;
export const LATENCY = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_LATENCY_MS));
/** A request body, as sent (a megabyte at most, as a node takes). */
export const BODY = v.pipe(v.string(), v.maxLength(1_000_000));
const GUESSES = v.pipe(v.number(), v.integer(), v.minValue(1));
const PROOF = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** Names a gate: a node's own ("localhost:5000/g3"), or a message's (see Network for their forms). */
const REF = v.pipe(v.string(), v.regex(/^localhost:\d+\/[a-z]\d+/, 'names no gate'));

/** A gate opened: a message sent or delivered, or a node let go on (a guess gate: how far). */
export const RELEASE = v.strictObject({
  t: v.literal('release'),
  at: TIME,
  ref: REF,
  count: v.optional(v.union([GUESSES, v.literal('finish')])),
  /** For a "found" gate: the proof its search found. */
  proof: v.optional(PROOF),
});

/** A neighbour request that had no answer in time. */
export const TIMEOUT = v.strictObject({ t: v.literal('timeout'), at: TIME, ref: REF });

/** The most a real node's recorded answer may be (a long chain). */
const MAX_ANSWER = 64_000_000;

/**
 * A real node's answer to a simulated node's request `ref` (see commands/real-node.ts): what it
 * said, as data, when it said it. A replay hears it again and never asks the real node.
 */
export const ANSWER = v.strictObject({
  t: v.literal('answer'),
  at: TIME,
  ref: REF,
  reply: v.variant('ok', [
    v.strictObject({
      ok: v.literal(true),
      response: v.strictObject({
        status: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)),
        contentType: v.pipe(v.string(), v.maxLength(200)),
        body: v.pipe(v.string(), v.maxLength(MAX_ANSWER)),
      }),
    }),
    v.strictObject({
      ok: v.literal(false),
      reason: v.pipe(v.string(), v.maxLength(1_000)),
      code: v.optional(v.picklist(['unreachable', 'timeout'])),
    }),
  ]),
});

export const SCHEDULER_ENTRIES = [RELEASE, TIMEOUT, ANSWER] as const;
export type Release = v.InferOutput<typeof RELEASE>;
export type Timeout = v.InferOutput<typeof TIMEOUT>;
export type Answer = v.InferOutput<typeof ANSWER>;
