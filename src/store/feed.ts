import type { HttpResponse } from '../core/http';
import { readJson } from '../core/json/read';
import { getKey, isJsonObject } from '../core/json/value';
import type { ResolveStep } from '../core/resolve';
import type { NetworkEvent } from '../sim/network';
import type { Announcement, AppState, LogEntry, NodeView, Resolution, ResolutionRow } from './state';

const LOG_LIMIT = 200;
let seq = 0;

/** Folds a frame's worth of network events into the state, in one update. */
export function applyEvents(state: AppState, events: readonly NetworkEvent[]): AppState {
  let nodes = state.nodes;
  let messages = state.messages;
  const update = (address: string, change: (node: NodeView) => NodeView) => {
    nodes = nodes.map((node) => (node.address === address ? change(node) : node));
  };
  for (const event of events) {
    switch (event.type) {
      case 'node-added':
        nodes = [...nodes, newNodeView(event.address, event.snapshot)];
        break;
      case 'node-removed':
        nodes = nodes.filter((n) => n.address !== event.address);
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
          progress: event.activity ? n.progress : null,
        }));
        break;
      case 'progress':
        update(event.address, (n) => ({ ...n, progress: event.progress }));
        break;
      case 'exchange':
        update(event.address, (n) => exchanged(n, event));
        break;
      case 'trace':
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
          update(event.message.from, (n) => ({ ...n, log: [entry, ...n.log].slice(0, LOG_LIMIT) }));
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
                  ? { ...entry, status: reply.response.status, responseBody: reply.response.body }
                  : { ...entry, failure: reply.reason }
                : entry,
            ),
          }));
        }
        break;
      }
      case 'paused':
      case 'gates':
      case 'mode':
        break;
      case 'failed':
        update(event.address, (n) => ({ ...n, failure: event.reason, activity: null, progress: null }));
        break;
      default:
        event satisfies never;
    }
  }
  return nodes === state.nodes && messages === state.messages ? state : { ...state, nodes, messages };
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
  };
}

function exchanged(node: NodeView, event: Extract<NetworkEvent, { type: 'exchange' }>): NodeView {
  const entry: LogEntry = {
    id: ++seq,
    at: event.at,
    kind: event.origin === 'user' ? 'user' : 'served',
    request: event.request,
    status: event.response.status,
    responseBody: event.response.body,
  };
  const next: NodeView = {
    ...node,
    snapshot: event.snapshot ?? node.snapshot,
    log: [entry, ...node.log].slice(0, LOG_LIMIT),
  };
  if (event.origin !== 'user') return next;
  const announcement = announce(event.response);
  const replaced = announcement.key === 'msg.replaced';
  return {
    ...next,
    announcement,
    replacement: replaced
      ? { seq: ++seq, previousHashes: node.snapshot.hashes, winner: node.resolution?.winner ?? null }
      : node.replacement,
  };
}

/** The status message for an answer, as a dictionary key (the seed's wording, translated). */
export function announce(response: HttpResponse): Announcement {
  const body = readJson(response.body);
  const message = body.ok && isJsonObject(body.value) ? getKey(body.value, 'message') : undefined;
  const at = (key: Announcement['key'], params: Announcement['params'] = {}): Announcement => ({
    seq: ++seq,
    key,
    params,
  });
  if (response.status < 300 && typeof message === 'string') {
    if (message === 'New Block Forged') return at('msg.forged');
    if (message === 'Our chain was replaced') return at('msg.replaced');
    if (message === 'Our chain is authoritative') return at('msg.authoritative');
    if (message === 'New nodes have been added') return at('msg.nodesAdded');
    const added = /^Transaction will be added to Block (.+)$/.exec(message);
    if (added) return at('msg.txAdded', { index: added[1] as string });
  }
  return at('msg.failed', { status: String(response.status), message: response.body.trim() });
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
        rows: step.neighbours.map((neighbour) => ({ neighbour, status: 'asking' })),
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
