import { BEHAVIOURS, type BehaviourKind, FORGED_AMOUNT, LIE_EXTRA } from '../core/behaviour';
import type { HttpRequest, HttpResponse } from '../core/http';
import { readJson } from '../core/json/read';
import { getKey, isJsonObject } from '../core/json/value';
import { bodyLength, bodyStart } from '../core/long-body';
import type { Outcome } from '../core/node';
import type { ResolveStep } from '../core/resolve';
import type { MessageKey, Params } from '../i18n';
import { type AutomaticState, DEFAULT_POWER } from '../sim/automatic';
import type { NetworkEvent } from '../sim/events';
import type { Announcement, AppState, LogEntry, NodeView, Resolution, ResolutionRow, TimelineEntry } from './state';
import { vanishedTransactions } from './vanished';

/**
 * A node's HTTP log keeps its newest 50 exchanges (it shows 30). Every checkpoint keeps the log
 * as it was, so this is per node per checkpoint: 200 made the logs a fifth of what checkpoints held.
 */
const LOG_LIMIT = 50;
/**
 * The log keeps the start of long bodies (a 2,000-block chain is half a megabyte): as much as its
 * view shows (HttpLog), and no more.
 */
export const LOG_BODY_LIMIT = 2_000;
/**
 * The start of a long body, as a string of its own (see bodyStart). A slice would keep the whole
 * body alive: a heap snapshot at 1,000 blocks once found the log holding 22 whole chains this way,
 * 4.3 of its 21.6 MB. A body that came as bytes is never made into a string here.
 */
export function clip(response: HttpResponse): string {
  const start = bodyStart(response, LOG_BODY_LIMIT);
  return bodyLength(response) > LOG_BODY_LIMIT ? `${start}…` : start;
}
const TIMELINE_LIMIT = 5000;

/** A network event with the length of the journal when it happened (what restores that moment). */
export interface Stamped {
  readonly event: NetworkEvent;
  readonly journal: number;
}

/** `item`, then the first `limit - 1` items of `list`, in one new array (a node's log, newest first). */
export function prependCapped<T>(item: T, list: readonly T[], limit: number): T[] {
  const size = Math.max(0, Math.min(limit, list.length + 1));
  const out = new Array<T>(size);
  if (size > 0) out[0] = item;
  for (let i = 1; i < size; i++) out[i] = list[i - 1] as T;
  return out;
}

/**
 * The hash rate the settings quote their times by: a new measure is taken once it is a fifth or
 * more away from the one quoted. Times quoted to a person need not follow every slice, and a
 * select whose options change their text twice a second makes the browser lay out the page again.
 */
export function settledRate(quoted: number | null, measured: number): number | null {
  if (!(measured > 0) || !Number.isFinite(measured)) return quoted;
  if (quoted !== null && Math.abs(measured - quoted) < quoted * 0.2) return quoted;
  return measured;
}

/** Folds a frame's worth of network events into the state, in one update. */
export function applyEvents(
  state: AppState,
  batch: readonly Stamped[],
  options: {
    /**
     * The timeline's entries: added as the events come (live), in the order of the steps they
     * belong to (an import's replay: a node's answer comes after the steps that followed it), or
     * not at all (a jump, which keeps the timeline it had).
     */
    readonly timeline?: 'live' | 'by-step' | 'none';
  } = {},
): AppState {
  // Numbers the timeline's entries and the announcements, which keys and live regions follow.
  let seq = state.seq;
  const stamp = () => ++seq;
  let nodes = state.nodes;
  let messages = state.messages;
  let links = state.links;
  let auto = state.auto;
  let { timeline, focus, next, settled, steppable, stepMode, measuredRate } = state;
  const mode = options.timeline ?? 'live';
  if (mode !== 'none') {
    const added = timelineEntries(state, batch, stamp);
    // A stable sort: the entries of one step keep the order they came in.
    if (mode === 'by-step') added.sort((a, b) => a.journal - b.journal);
    timeline = timeline.appended(added, TIMELINE_LIMIT);
  }
  const events = batch.map((s) => s.event);
  // The node list is copied once per batch, at its first change (a frame has dozens of events).
  // Whatever sets `nodes` to a new array sets `own` to it, so that later changes go into it.
  let own: NodeView[] | null = null;
  const update = (address: string, change: (node: NodeView) => NodeView) => {
    const at = nodes.findIndex((node) => node.address === address);
    const node = nodes[at];
    if (!node) return;
    own ??= nodes.slice();
    own[at] = change(node);
    nodes = own;
  };
  for (const event of events) {
    switch (event.type) {
      case 'node-added':
        own = [...nodes, newNodeView(event.address, event.snapshot)];
        nodes = own;
        break;
      case 'node-removed':
        own = nodes.filter((n) => n.address !== event.address);
        nodes = own;
        messages = messages.filter((m) => m.from !== event.address);
        break;
      case 'command':
        if (event.request.path === '/nodes/resolve') {
          update(event.address, (n) => ({ ...n, resolution: null }));
        }
        break;
      case 'activity':
        update(event.address, (n) => ({
          ...n,
          activity: event.activity,
          // Between two blocks of continuous mining the last rate stays shown.
          progress: event.activity || n.continuous ? n.progress : null,
        }));
        break;
      case 'progress':
        update(event.address, (n) => ({ ...n, progress: event.progress }));
        measuredRate = settledRate(measuredRate, event.progress.rate);
        break;
      case 'exchange':
        update(event.address, (n) => exchanged(n, event, stamp));
        if (
          event.origin === 'user' &&
          focus?.address === event.address &&
          /^\/(mine|nodes\/resolve)/.test(event.request.path)
        ) {
          focus = { ...focus, finished: announcement(event.outcome, stamp) };
        }
        break;
      case 'trace':
        // A check of valid_chain changes no row of the panel (a 2,000-block chain has 4,000 of
        // them); its verdict does.
        if (event.step.kind === 'check') break;
        update(event.address, (n) => ({ ...n, resolution: traced(n, event.step) }));
        break;
      case 'sent':
        messages = [...messages, event.message];
        if (event.message.kind === 'request' && event.message.request) {
          const entry: LogEntry = {
            id: event.message.id,
            at: event.at,
            kind: 'sent',
            request: event.message.request,
            target: event.message.to,
            fetchId: event.message.fetchId,
          };
          update(event.message.from, (n) => ({ ...n, log: prependCapped(entry, n.log, LOG_LIMIT) }));
        }
        break;
      case 'delivered': {
        const done = event.message;
        messages = messages.filter((m) => m.id !== done.id);
        if (done.kind === 'response' && done.reply) {
          const reply = done.reply;
          update(done.to, (n) => ({
            ...n,
            log: n.log.map((entry) =>
              entry.kind === 'sent' && entry.fetchId === done.fetchId
                ? reply.ok
                  ? { ...entry, status: reply.response.status, responseBody: clip(reply.response) }
                  : { ...entry, failure: reply.reason, failureCode: reply.code ?? 'unreachable' }
                : entry,
            ),
          }));
        }
        break;
      }
      case 'lost':
        messages = messages.filter((m) => m.id !== event.message.id);
        break;
      case 'links':
        links = event.links;
        break;
      case 'auto':
        auto = event.auto;
        break;
      case 'paused': {
        const { pause } = event;
        // The Algorithm panel follows step mode's pauses. Run mode pauses at each found proof only,
        // and a panel opened later would describe a block forged long before as the next Step's.
        if (stepMode) focus = { address: event.address, pause, message: null, finished: null };
        // The search's last slice ends at its proof, after its last progress: the count is the found gate's.
        if (pause.kind === 'found' && pause.proof !== null) {
          update(event.address, (n) => (n.progress ? { ...n, progress: { ...n.progress, tried: pause.tried } } : n));
        }
        break;
      }
      case 'gates':
        next = event.next;
        settled = event.settled;
        steppable = event.steppable;
        if (event.next?.kind === 'send' || event.next?.kind === 'deliver') {
          const message = event.next.kind === 'deliver' ? event.next.message : null;
          // The algorithm shown stays the one of the node that last paused (the one asking).
          focus = { address: focus?.address ?? event.next.address, pause: focus?.pause ?? null, message };
        }
        break;
      case 'mode':
        // Turned on, the panel starts from what waits now (the gates say it), not from before.
        if (event.step && !stepMode) focus = null;
        stepMode = event.step;
        break;
      case 'failed':
        update(event.address, (n) => ({
          ...n,
          failure: event.reason,
          ...(event.cause ? { failureCause: event.cause } : {}),
          activity: null,
          progress: null,
        }));
        break;
      case 'contradiction':
        break;
      default:
        event satisfies never;
    }
  }
  const same =
    seq === state.seq &&
    nodes === state.nodes &&
    messages === state.messages &&
    links === state.links &&
    auto === state.auto &&
    timeline === state.timeline &&
    focus === state.focus &&
    next === state.next &&
    settled === state.settled &&
    steppable === state.steppable &&
    stepMode === state.stepMode &&
    measuredRate === state.measuredRate;
  return same
    ? state
    : {
        ...state,
        seq,
        nodes,
        messages,
        links,
        auto,
        timeline,
        focus,
        next,
        settled,
        steppable,
        stepMode,
        measuredRate,
      };
}

/** The timeline's entries for a batch of events, in the order they came. */
function timelineEntries(state: AppState, batch: readonly Stamped[], stamp: () => number): TimelineEntry[] {
  const added: TimelineEntry[] = [];
  // The automatic mode as the timeline last saw it: its entries say what changed.
  let autoSeen = state.auto;
  let linksSeen = state.links;
  for (const { event, journal } of batch) {
    if (event.type === 'auto') {
      added.push(...autoEntries(autoSeen, event, journal, stamp));
      autoSeen = event.auto;
      continue;
    }
    if (event.type === 'links') {
      // A change of the latency alone is said as one (the links' entry says what else changed).
      const { links } = event;
      const rest =
        links.lossPercent === linksSeen.lossPercent &&
        links.cut.join() === linksSeen.cut.join() &&
        links.offline.join() === linksSeen.offline.join();
      const latencyOnly = rest && links.latencyMs !== linksSeen.latencyMs;
      const unchanged = rest && links.latencyMs === linksSeen.latencyMs;
      linksSeen = links;
      if (unchanged) continue;
      if (latencyOnly) {
        added.push({
          seq: stamp(),
          at: event.at,
          journal,
          address: null,
          kind: 'node',
          key: 'next.latency',
          params: { ms: links.latencyMs },
        });
        continue;
      }
    }
    const entry = timelineEntry(event, journal, state.stepMode, stamp);
    if (entry) added.push(entry);
  }
  return added;
}

/**
 * The timeline's entry for an event, if it has one. A check of valid_chain that holds is an
 * entry in step mode only, where each is a step: in run mode a 2,000-block chain has 4,000,
 * which would push everything else out of the timeline; there the verdict says it.
 */
function timelineEntry(
  event: NetworkEvent,
  journal: number,
  stepMode: boolean,
  stamp: () => number,
): TimelineEntry | null {
  const entry = (
    kind: TimelineEntry['kind'],
    address: string | null,
    key: TimelineEntry['key'],
    params: TimelineEntry['params'],
  ): TimelineEntry => ({ seq: stamp(), at: event.at, journal, address, kind, key, params });
  switch (event.type) {
    case 'node-added':
      return entry('node', event.address, 'tl.added', { address: event.address });
    case 'node-removed':
      return entry('node', event.address, 'tl.removed', { address: event.address });
    case 'command': {
      // The automatic mode's searches and forges are told by the blocks they make.
      if (/^\/lab\/(search|forge)/.test(event.request.path)) return null;
      // A lab command is said as what it does, not as the request that does it.
      const words = labWords(event.request, event.address);
      if (words) return entry('command', event.address, words.key, words.params);
      return entry('command', event.address, 'tl.command', {
        address: event.address,
        request: `${event.request.method} ${event.request.path}`,
      });
    }
    case 'sent':
      return entry(
        'sent',
        event.message.from,
        event.message.kind === 'request'
          ? 'tl.sentRequest'
          : // No chain on its way: the asker is about to hear that nothing answered (a node
            // down, nothing listening at the address).
            event.message.reply?.ok === false
            ? 'tl.noAnswer'
            : 'tl.sentResponse',
        {
          from: event.message.from,
          to: event.message.to,
        },
      );
    case 'delivered':
      return entry('delivered', event.message.to, 'tl.delivered', { from: event.message.from, to: event.message.to });
    case 'links':
      return entry('node', null, 'tl.links', {
        cut: event.links.cut.length,
        offline: event.links.offline.length,
        loss: event.links.lossPercent,
      });
    case 'lost':
      return entry('delivered', event.message.to, `tl.lost.${event.why}`, {
        from: event.message.from,
        to: event.message.to,
      });
    case 'exchange': {
      if (event.origin !== 'user') return null;
      if (event.outcome.kind === 'forged') {
        return entry('forged', event.address, 'tl.forged', {
          address: event.address,
          index: String(event.outcome.index),
        });
      }
      if (event.outcome.kind === 'replaced') {
        return entry('replaced', event.address, 'tl.replaced', { address: event.address });
      }
      if (event.outcome.kind === 'edited' || event.outcome.kind === 'remined') {
        const key = event.outcome.kind === 'edited' ? 'tl.edited' : 'tl.remined';
        return entry('forged', event.address, key, { address: event.address, index: String(event.outcome.index) });
      }
      return null;
    }
    case 'trace': {
      const { step } = event;
      if (step.kind === 'check') {
        if (step.check.ok && !stepMode) return null;
        const check = entry('check', event.address, step.check.ok ? 'tl.checkOk' : 'tl.checkFailed', {
          address: event.address,
          check: step.check.check,
          block: String(step.check.position + 1),
        });
        return stepMode ? check : { ...check, within: true };
      }
      const neighbour = 'neighbour' in step ? step.neighbour : '';
      const key =
        step.kind === 'verdict' ? (step.valid ? 'tl.verdictOk' : 'tl.verdictBad') : (`tl.${step.kind}` as const);
      const traced = entry('step', event.address, key, { address: event.address, neighbour });
      return stepMode ? traced : { ...traced, within: true };
    }
    case 'paused': {
      const { pause } = event;
      // Step mode's Finish searches on to the proof: its entry says what the search found.
      if (pause.kind === 'found' && pause.proof !== null && stepMode) {
        return entry('guess', event.address, 'tl.found', {
          address: event.address,
          proof: pause.proof,
          count: pause.tried,
        });
      }
      if (pause.kind !== 'guess' || pause.attempt === null) return null;
      return entry('guess', event.address, 'tl.guess', { address: event.address, proof: pause.attempt.proof });
    }
    default:
      return null;
  }
}

/** What a lab request does, in the words its journal entry has (see journal-words.ts), if it is one. */
function labWords(request: HttpRequest, address: string): { key: MessageKey; params: Params } | null {
  if (request.method !== 'POST' || !request.path.startsWith('/lab/')) return null;
  const read = typeof request.body === 'string' ? readJson(request.body) : null;
  const field = (name: string) => (read?.ok && isJsonObject(read.value) ? getKey(read.value, name) : undefined);
  const position = field('position');
  const index = typeof position === 'bigint' || typeof position === 'number' ? String(Number(position) + 1) : '?';
  switch (request.path) {
    case '/lab/behaviour': {
      const value = field('behaviour');
      if (typeof value !== 'string' || !(BEHAVIOURS as readonly string[]).includes(value)) return null;
      return { key: `next.behaviour.${value as BehaviourKind}`, params: { address } };
    }
    case '/lab/publish':
      return { key: 'next.publish', params: { address } };
    case '/lab/edit':
      return { key: 'next.editBlock', params: { address, index } };
    case '/lab/remine':
      return { key: 'next.remine', params: { address, index } };
    default:
      return null;
  }
}

/** The timeline's entries for a change of the automatic mode: switched on or off, a node's hash power. */
function autoEntries(
  before: AutomaticState,
  event: Extract<NetworkEvent, { type: 'auto' }>,
  journal: number,
  stamp: () => number,
): TimelineEntry[] {
  const { auto, at } = event;
  const entries: TimelineEntry[] = [];
  const add = (address: string | null, key: MessageKey, params: TimelineEntry['params']) =>
    entries.push({ seq: stamp(), at, journal, address, kind: 'command', key, params });
  if (auto.on !== before.on) add(null, auto.on ? 'next.autoOn' : 'next.autoOff', {});
  const was = new Map(before.power);
  for (const [address, guesses] of auto.power) {
    if ((was.get(address) ?? DEFAULT_POWER) !== guesses) add(address, 'next.power', { address, guesses });
  }
  return entries;
}

export function newNodeView(address: string, snapshot: NodeView['snapshot']): NodeView {
  return {
    address,
    snapshot,
    activity: null,
    progress: null,
    failure: null,
    log: [],
    announcement: null,
    resolution: null,
    replacement: null,
    continuous: false,
  };
}

function exchanged(node: NodeView, event: Extract<NetworkEvent, { type: 'exchange' }>, stamp: () => number): NodeView {
  const entry: LogEntry = {
    id: stamp(),
    at: event.at,
    kind: event.origin === 'user' ? 'user' : 'served',
    request: event.request,
    status: event.response.status,
    responseBody: clip(event.response),
  };
  const next: NodeView = {
    ...node,
    snapshot: event.snapshot ?? node.snapshot,
    log: prependCapped(entry, node.log, LOG_LIMIT),
  };
  // The automatic mode's searches are its own business: the block they lead to is what is told.
  if (event.origin !== 'user' || event.outcome.kind === 'searched') return next;
  const fresh = announcement(event.outcome, stamp);
  // While mining continuously, "New Block Forged" is not announced again for every block.
  const said = node.continuous && node.announcement?.key === fresh.key ? node.announcement : fresh;
  // What the new chain no longer holds of the old one: told with the resolve that did it.
  const vanished =
    event.outcome.kind === 'replaced' && event.snapshot ? vanishedTransactions(node.snapshot, event.snapshot) : [];
  return {
    ...next,
    resolution: vanished.length > 0 && node.resolution ? { ...node.resolution, vanished } : node.resolution,
    announcement: said,
    replacement:
      event.outcome.kind === 'replaced'
        ? {
            seq: stamp(),
            previousHashes: node.snapshot.hashes,
            winner: node.resolution?.winner ?? null,
            length: event.snapshot?.length ?? node.snapshot.length,
          }
        : node.replacement,
  };
}

/** The status message for what a request did (the seed's wording, translated); `stamp` numbers it. */
export function announcement(outcome: Outcome, stamp: () => number = () => 0): Announcement {
  const at = (key: Announcement['key'], params: Announcement['params'] = {}): Announcement => ({
    seq: stamp(),
    key,
    params,
  });
  switch (outcome.kind) {
    case 'forged':
      return at('msg.forged');
    case 'replaced':
      return at('msg.replaced');
    case 'authoritative':
      return at('msg.authoritative');
    case 'nodes-added':
      return at('msg.nodesAdded');
    case 'transaction':
      return at('msg.txAdded', { index: outcome.block });
    case 'chain':
      return at('msg.chain', { length: outcome.length });
    case 'edited':
      if (!outcome.unnoticed) return at('msg.edited', { index: outcome.index });
      return at(outcome.hardened ? 'msg.editedNewestHardened' : 'msg.editedNewest', { index: outcome.index });
    case 'remined':
      return outcome.searched === 0
        ? at('msg.reminedNoSearch', { index: outcome.index, rewritten: outcome.rewritten })
        : at('msg.remined', { index: outcome.index, rewritten: outcome.rewritten, searched: outcome.searched });
    case 'behaviour':
      return at(`msg.behaviour.${outcome.behaviour}`, { claim: LIE_EXTRA, amount: String(FORGED_AMOUNT) });
    case 'published':
      return at('msg.published', { count: outcome.length - outcome.shown, length: outcome.length });
    case 'searched':
      return at('msg.searched', { proof: outcome.proof, guesses: outcome.guesses });
    case 'refused':
      return at('msg.failed', { status: String(outcome.status), message: outcome.reason.slice(0, LOG_BODY_LIMIT) });
    default:
      return outcome satisfies never;
  }
}

function traced(node: NodeView, step: ResolveStep): Resolution {
  const current: Resolution = node.resolution ?? { running: true, startLength: 0, rows: [], winner: null };
  const row = (neighbour: string, change: (r: ResolutionRow) => ResolutionRow): Resolution => ({
    ...current,
    rows: current.rows.map((r) => (r.neighbour === neighbour ? change(r) : r)),
  });
  switch (step.kind) {
    case 'begin':
      return {
        running: true,
        startLength: step.maxLength,
        rows: step.neighbours.map((neighbour) => ({ neighbour, status: 'waiting' })),
        winner: null,
      };
    case 'request':
      return row(step.neighbour, (r) => ({ ...r, status: 'asking' }));
    case 'skip':
      return row(step.neighbour, (r) => ({
        ...r,
        status: 'skipped',
        reason: step.reason,
        code: step.code,
        detail: step.detail,
      }));
    case 'compare':
      return row(step.neighbour, (r) => ({
        ...r,
        status: 'compared',
        claimedLength: step.claimedLength,
        countedLength: step.countedLength,
        maxLength: step.maxLength,
        longer: step.longer,
      }));
    case 'verdict':
      return row(step.neighbour, (r) => ({
        ...r,
        valid: step.valid,
        invalidReason: step.reason,
        failure: step.failure,
      }));
    case 'candidate':
      return { ...current, winner: step.neighbour };
    case 'end':
      return { ...current, running: false, winner: step.winner };
    case 'check':
      return current;
    default:
      return step satisfies never;
  }
}
