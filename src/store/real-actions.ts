import type { HttpRequest } from '../core/http';
import { canonicalJson } from '../core/json/canonical';
import { ChainBodyReader } from '../core/json/chain-body';
import { moveNode, realNode } from '../sim/commands';
import { FIRST_PORT } from '../sim/network';
import { outsideKey } from '../sim/outside';
import type { Refusal } from './actions';
import { clipped, parseNodeUrl } from './node-url';
import {
  BODY_REASON,
  checkChain,
  MAX_LOG,
  messageOf,
  type RealNodeView,
  readChainBody,
  STATUS_REASON,
} from './real-nodes';
import type { Simulator } from './simulator';
import type { AppState } from './state';

/** The most real nodes a page shows: a classroom's handful, not a crawl. */
export const MAX_REAL_NODES = 8;
/** How often the page reads a real node's chain (GET /chain), in ms. */
export const REAL_POLL_MS = 3_000;

let exchanges = 0;
/** Each real node's answers read one after the other (see ChainBodyReader). */
const readers = new Map<string, ChainBodyReader>();

export const realOf = (state: AppState, url: string): RealNodeView | undefined => state.real.find((r) => r.url === url);

/** Whether a column's address names a real node (its URL) rather than a simulated one. */
export const isRealAddress = (address: string): boolean => address.startsWith('http');

function change(sim: Simulator, url: string, update: (view: RealNodeView) => Partial<RealNodeView>): void {
  sim.store.setState((state) => ({
    real: state.real.map((view) => (view.url === url ? { ...view, ...update(view) } : view)),
  }));
}

/** The network told that a real node joined or left: an action of the person, in the journal (after a jump back, the future is dropped first). */
function joinNetwork(sim: Simulator, key: string, joined: boolean): void {
  const { session } = sim;
  session.beforeActing();
  session.network.run(realNode, { host: key, joined });
  session.wake();
}

/** A real node as the page first holds it: being asked. */
function freshView(url: string, host: string, key: string): RealNodeView {
  return {
    kind: 'node',
    url,
    host,
    key,
    status: 'checking',
    reason: null,
    problem: null,
    chain: [],
    hashes: [],
    problems: [],
    otherRule: null,
    busy: null,
    said: null,
    log: [],
    registered: [],
  };
}

/**
 * "Add real node": a tutorial node at a URL joins the page as a column of its own (its chain read
 * every few seconds), and the simulated nodes may register it. Refused with the reason when the URL
 * is not a node's, names a simulated node's address (they never share one), or is on the page already.
 */
export function addRealNode(sim: Simulator, text: string): Refusal | null {
  if (!sim.canReachReal) return { key: 'real.noWay' };
  if (sim.replaying) return { key: 'step.replaying' };
  const read = parseNodeUrl(text.trim());
  if (!read.ok) return { key: read.key, params: read.params };
  const key = outsideKey(`${read.host}:${read.port}`) ?? read.host;
  const state = sim.store.getState();
  const { network } = sim.session;
  const simulated = network.route(key);
  if (simulated !== null) return { key: 'real.clash', params: { url: clipped(read.url), address: simulated } };
  if (state.real.some((r) => r.kind === 'node' && r.key === key))
    return { key: 'real.duplicate', params: { url: clipped(read.url) } };
  if (state.real.filter((r) => r.kind === 'node').length >= MAX_REAL_NODES)
    return { key: 'real.tooMany', params: { max: String(MAX_REAL_NODES) } };
  sim.store.setState({ real: [...state.real, freshView(read.url, `${read.host}:${read.port}`, key)] });
  joinNetwork(sim, key, true);
  void refreshReal(sim, read.url);
  return null;
}

/** The port the next simulated node takes by itself: the one after the highest (5000 for the first). */
export function nextSimulatedPort(sim: Simulator): number {
  const ports = sim.session.network.addresses().map((a) => Number(a.slice(a.indexOf(':') + 1)));
  return ports.length === 0 ? FIRST_PORT : Math.max(...ports) + 1;
}

/** The port a simulated node can take or move to: past every simulated node's, and no real node's. */
export function freeSimulatedPort(sim: Simulator): number {
  const taken = new Set(sim.store.getState().real.map((r) => r.key));
  let port = nextSimulatedPort(sim);
  while (taken.has(`localhost:${port}`)) port++;
  return port;
}

/**
 * Moves a simulated node to a free port, so that a real node can have its address (the offer a
 * clash makes). Its chain, pending transactions and neighbours move with it. Returns its new
 * address, or why not (a node moves only when it is idle: not mining, resolving or answering).
 */
export function moveSimulatedNode(sim: Simulator, address: string): string | Refusal {
  if (sim.replaying) return { key: 'step.replaying' };
  if (!sim.session.network.idle(address)) return { key: 'real.moveBusy', params: { address } };
  const { session } = sim;
  session.beforeActing();
  const to = session.network.run(moveNode, { address, port: freeSimulatedPort(sim) });
  session.wake();
  return to;
}

/**
 * A real node of a saved run comes back on the page after a reload: its column again, and the
 * network told of it only if its journal does not say so already.
 */
export function rejoinRealNode(sim: Simulator, url: string, registered: readonly string[] = []): void {
  const read = parseNodeUrl(url);
  if (!read.ok) return;
  const key = outsideKey(`${read.host}:${read.port}`) ?? read.host;
  if (sim.session.network.route(key) !== null) return;
  if (realOf(sim.store.getState(), read.url)) {
    // Its column stayed (an import in this page): the network it opened is told of it.
    if (!sim.session.network.isOutside(key)) joinNetwork(sim, key, true);
    return;
  }
  if (sim.session.network.isOutside(key)) {
    sim.store.setState((state) => ({ real: [...state.real, freshView(read.url, `${read.host}:${read.port}`, key)] }));
    void refreshReal(sim, read.url);
  } else addRealNode(sim, read.url);
  // Whom this page had registered on it: the map draws those arrows again.
  if (registered.length > 0) change(sim, read.url, () => ({ registered: [...new Set(registered)] }));
}

/** The real node leaves the page (the node itself runs on); the simulated nodes' requests to it fail from now on. */
export function removeRealNode(sim: Simulator, url: string): void {
  const view = realOf(sim.store.getState(), url);
  if (!view) return;
  sim.store.setState((state) => ({ real: state.real.filter((r) => r.url !== url) }));
  readers.delete(url);
  if (view.kind === 'node' && !sim.replaying) joinNetwork(sim, view.key, false);
}

/** The most a pasted or loaded GET /chain body may be (a node's request body limit). */
export const MAX_PASTED = 1_000_000;
let pasted = 0;

/**
 * A GET /chain body (or a list of blocks), pasted or loaded from a file, shown as a column of its
 * own and checked with valid_chain under the page's rules: no node and no server needed.
 */
export function showPastedChain(sim: Simulator, text: string): Refusal | null {
  if (text.trim() === '') return { key: 'paste.empty' };
  if (text.length > MAX_PASTED) return { key: 'paste.tooLong', params: { max: String(MAX_PASTED) } };
  const read = readChainBody(text);
  if (!read.ok) return { key: `chainBody.${read.problem}` };
  const n = ++pasted;
  const view: RealNodeView = {
    kind: 'pasted',
    url: `pasted:${n}`,
    host: String(n),
    key: '',
    status: 'reachable',
    reason: null,
    problem: null,
    chain: read.chain,
    ...checkChain(read.chain, sim.store.getState().settings.rules),
    busy: null,
    said: null,
    log: [],
    registered: [],
  };
  sim.store.setState((state) => ({ real: [...state.real, view] }));
  return null;
}

/** Asks the real node, and writes the request and what came of it in its log. */
async function ask(sim: Simulator, url: string, request: HttpRequest) {
  const id = ++exchanges;
  const log = (entry: RealNodeView['log'][number]) =>
    change(sim, url, (view) => ({ log: [...view.log.filter((e) => e.id !== id), entry].slice(-MAX_LOG) }));
  log({ id, request });
  const answer = sim.askReal
    ? await sim.askReal(url, request)
    : ({ ok: false, reason: 'this page cannot reach real nodes' } as const);
  log(
    answer.ok
      ? { id, request, status: answer.response.status, body: answer.response.body }
      : { id, request, failure: answer.reason },
  );
  if (!answer.ok) {
    // What it last said went well no longer holds for a node that cannot be reached.
    change(sim, url, (view) => ({
      status: 'unreachable',
      reason: answer.reason,
      problem: answer.problem ?? null,
      said: view.said?.ok ? null : view.said,
    }));
  }
  return answer;
}

/**
 * The real nodes whose chain is being read: one read at a time per node (a node that is slow to
 * answer is not asked again and again), and once more after it when asked meanwhile.
 */
const reading = new Map<string, { again: boolean }>();

/** Reads the real node's chain (GET /chain): reachable and its chain checked, or unreachable with the reason. */
export async function refreshReal(sim: Simulator, url: string): Promise<void> {
  const open = reading.get(url);
  if (open) {
    open.again = true;
    return;
  }
  const mark = { again: false };
  reading.set(url, mark);
  try {
    await readChainOf(sim, url);
  } finally {
    reading.delete(url);
  }
  if (mark.again && realOf(sim.store.getState(), url)) await refreshReal(sim, url);
}

async function readChainOf(sim: Simulator, url: string): Promise<void> {
  const answer = await ask(sim, url, { method: 'GET', path: '/chain' });
  if (!answer.ok || !realOf(sim.store.getState(), url)) return;
  const reader = readers.get(url) ?? new ChainBodyReader();
  readers.set(url, reader);
  const read = answer.response.status === 200 ? readChainBody(answer.response.body, reader) : null;
  if (!read?.ok) {
    const reason = read ? `${BODY_REASON}${read.problem}` : `${STATUS_REASON}${answer.response.status}`;
    change(sim, url, () => ({ status: 'unreachable', reason, problem: null }));
    return;
  }
  const rules = sim.store.getState().settings.rules;
  change(sim, url, (view) => {
    // The same chain as last read keeps its check (no hashing again).
    const same =
      view.chain.length === read.chain.length &&
      canonicalJson(view.chain.at(-1) ?? null) === canonicalJson(read.chain.at(-1) ?? null);
    // A node's chain never gets shorter by the tutorial's requests (a resolve takes only a longer
    // one, whatever its genesis): one that did was started again, and what it held is gone (the
    // block tree keeps it, off every chain).
    const restarted = read.chain.length < view.chain.length;
    return {
      status: 'reachable',
      reason: null,
      problem: null,
      chain: read.chain,
      ...(same ? {} : checkChain(read.chain, rules)),
      ...(restarted
        ? {
            said: {
              ok: false,
              text: `${view.host} was started again: its chain of ${view.chain.length} is now ${read.chain.length}`,
              problem: {
                key: 'real.restarted',
                params: { host: view.host, before: String(view.chain.length), now: String(read.chain.length) },
              },
            },
          }
        : {}),
    };
  });
}

type Busy = NonNullable<RealNodeView['busy']>;

/**
 * One of the tutorial's requests to a real node, from its column: busy meanwhile, then its chain
 * read again. Says whether the node took it (an answer below 400).
 */
async function act(sim: Simulator, url: string, busy: Busy, request: HttpRequest): Promise<boolean> {
  const view = realOf(sim.store.getState(), url);
  if (!view || view.busy) return false;
  change(sim, url, () => ({ busy }));
  const answer = await ask(sim, url, request);
  change(sim, url, () => ({
    busy: null,
    said: answer.ok
      ? { ok: answer.response.status < 400, text: messageOf(answer.response) }
      : { ok: false, text: answer.reason, ...(answer.problem ? { problem: answer.problem } : {}) },
  }));
  if (answer.ok) await refreshReal(sim, url);
  return answer.ok && answer.response.status < 400;
}

export const realMine = (sim: Simulator, url: string) => act(sim, url, 'mine', { method: 'GET', path: '/mine' });
export const realResolve = (sim: Simulator, url: string) =>
  act(sim, url, 'resolve', { method: 'GET', path: '/nodes/resolve' });
export const realTransaction = (sim: Simulator, url: string, body: string) =>
  act(sim, url, 'transaction', { method: 'POST', path: '/transactions/new', contentType: 'application/json', body });

/**
 * POST /nodes/register on a real node. A simulated node's address is refused: it lives in this
 * page and has no address on the network, so the real node could not reach it.
 */
export function realRegister(sim: Simulator, url: string, urls: readonly string[]): readonly Refusal[] {
  const refused: Refusal[] = [];
  const sent: string[] = [];
  for (const text of urls) {
    const read = parseNodeUrl(text);
    if (!read.ok) refused.push({ key: read.key, params: read.params });
    else {
      const simulated = sim.session.network.route(`${read.host}:${read.port}`);
      if (simulated !== null)
        refused.push({ key: 'real.cannotReachSimulated', params: { url: clipped(text), address: simulated } });
      else sent.push(read.url);
    }
  }
  if (refused.length === 0) {
    void act(sim, url, 'register', {
      method: 'POST',
      path: '/nodes/register',
      contentType: 'application/json',
      body: JSON.stringify({ nodes: sent }),
    }).then((took) => {
      if (!took) return;
      // As the tutorial's node stores them: the URL's host and port, once each.
      const stored = sent.map((text) => new URL(text).host);
      change(sim, url, (view) => ({ registered: [...new Set([...view.registered, ...stored])] }));
    });
  }
  return refused;
}

/** Reads every real node's chain every REAL_POLL_MS (one not busy); returns the stop. */
export function watchRealNodes(sim: Simulator, every = REAL_POLL_MS): () => void {
  const timer = setInterval(() => {
    for (const view of sim.store.getState().real) {
      if (view.kind === 'node' && !view.busy) void refreshReal(sim, view.url);
    }
  }, every);
  return () => clearInterval(timer);
}
