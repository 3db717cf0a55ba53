import type {
  FailureCause,
  NodeCheckpoint,
  NodeConnection,
  NodeEvents,
  NodeInit,
  NodeSnapshot,
} from '../../core/connection';
import { type NodeState, refused } from '../../core/node';
import type { ChainChange, FromNode, Idle, NodeInput, ToNode } from '../protocol';
import { countsAsOutput, fromWire, replyToWire } from '../wire';
import { ReceivedChain } from './received-chain';

/** Both ends of a node's message channel: a Web Worker, or an in-process host. */
export interface NodePort {
  send(message: ToNode): void;
  listen(onMessage: (message: FromNode) => void, onError: (reason: string, cause?: FailureCause) => void): void;
  close(): void;
}

type Ahead = ReadonlyMap<number, { readonly append: NodeState['chain']; readonly hashes: readonly string[] }>;

/**
 * What restores a node (see NodeConnection.restore): the node as it was when it was last idle,
 * the inputs it got since, and what the page had heard of them then.
 */
interface PortCheckpoint {
  /** The connection that made it: its worker has every block the checkpoint names. */
  readonly origin: object;
  readonly quiet: { readonly state: Omit<NodeState, 'chain'>; readonly chain: ReceivedChain; readonly idle: Idle };
  readonly inputs: readonly NodeInput[];
  readonly outputs: number;
  readonly found: ReadonlyMap<number, number | null>;
  readonly chain: ReceivedChain;
  readonly state: Omit<NodeState, 'chain'>;
  readonly ahead: Ahead;
  readonly open: ReadonlySet<number>;
}

const START: Idle = { seen: 0, nextGate: 1, nextFetch: 1, step: false, report: false };

/**
 * The main thread's handle on one node. It owns the node's lifecycle and turns a dead node into
 * answers: every request still open, and every later one, is answered 503 with the reason, so
 * nothing waits forever on a worker that is gone.
 *
 * It also keeps what restores the node to this moment: the node as it was when it last said it
 * was idle, and every input since (a few messages, or a resolve's worth), with a count of what
 * the node said of them.
 */
export function connectPort(port: NodePort, init: NodeInit, events: NodeEvents): NodeConnection {
  const origin = {};
  let open = new Set<number>();

  const book = init.blocks;
  /** The blocks of a change, each the network's one copy of it (see NodeInit.blocks). */
  const shared = (blocks: NodeState['chain'], hashes: readonly string[]): NodeState['chain'] => {
    if (!book) return blocks;
    return blocks.map((block, i) => {
      const hash = hashes[i] as string;
      const known = book.get(hash);
      if (known !== undefined) return known;
      book.set(hash, block);
      return block;
    });
  };
  // The chain as last received, to which each response's ChainChange applies.
  let chain = ReceivedChain.of(shared(init.state.chain, init.hashes), init.hashes);
  // Blocks that came ahead of their response, by request (see CHAIN_PART).
  let ahead = new Map<number, { append: NodeState['chain'][number][]; hashes: string[] }>();
  const { chain: _chain, ...initState } = init.state;
  let quiet: PortCheckpoint['quiet'] = { state: initState, chain, idle: START };
  /** The state but its chain, as the node last sent it (an answer sends it only when it changed). */
  let current = initState;
  let inputs: NodeInput[] = [];
  let outputs = 0;
  let found = new Map<number, number | null>();
  /** After a restore, until the worker says it is done: what it sends is of the node as it was. */
  let restoring = false;

  const apply = (id: number, state: Omit<NodeState, 'chain'>, change: ChainChange): NodeSnapshot => {
    const early = ahead.get(id);
    ahead.delete(id);
    const append = early ? early.append.concat(change.append) : change.append;
    const hashes = early ? early.hashes.concat(change.hashes) : change.hashes;
    chain = chain.changed(change.keep, shared(append, hashes), hashes, change.problems);
    return chain.snapshot(state);
  };
  let deadReason: string | null = null;

  const die = (reason: string, cause?: FailureCause) => {
    if (deadReason !== null) return;
    deadReason = reason;
    port.close();
    for (const id of open) {
      const { response, outcome } = refused(503, `Service Unavailable: ${reason}`);
      events.response(id, response, outcome, null);
    }
    open.clear();
    ahead.clear();
    events.failed(reason, cause);
  };

  const input = (message: NodeInput) => {
    if (deadReason !== null) return;
    inputs.push(message);
    port.send(message);
  };

  port.listen((message) => {
    if (deadReason !== null) return;
    if (restoring) {
      if (message.type === 'restored') restoring = false;
      else if (message.type === 'fatal') die(message.reason, message.cause);
      return;
    }
    if (countsAsOutput(message)) outputs++;
    switch (message.type) {
      case 'blocks': {
        const early = ahead.get(message.id) ?? { append: [], hashes: [] };
        early.append.push(...message.append);
        early.hashes.push(...message.hashes);
        ahead.set(message.id, early);
        return;
      }
      case 'response': {
        open.delete(message.id);
        const state = message.state ?? current;
        current = state;
        const snapshot = apply(message.id, state, message.chain);
        if (message.idle) {
          inputs = inputs.slice(message.idle.seen - quiet.idle.seen);
          quiet = { state, chain, idle: message.idle };
          outputs = 0;
          found = new Map();
        }
        events.response(message.id, fromWire(message.response), message.outcome, snapshot);
        return;
      }
      case 'fetch':
        events.fetch(message.id, message.fetchId, message.neighbour, message.url);
        return;
      case 'trace':
        for (const step of message.steps) events.trace(message.id, step);
        return;
      case 'progress':
        events.progress(message.id, { tried: message.tried, rate: message.rate });
        return;
      case 'pause':
        if (message.pause.kind === 'found') found.set(message.gate, message.pause.proof);
        events.pause(message.id, message.gate, message.pause);
        return;
      case 'settled':
        events.settled(message.count ?? 1);
        return;
      case 'restored':
        return;
      case 'fatal':
        die(message.reason, message.cause);
        return;
      default:
        message satisfies never;
    }
  }, die);

  port.send({ type: 'init', state: init.state, epochSeconds: init.epochSeconds });
  return {
    request(id, request, at) {
      if (deadReason !== null) {
        const { response, outcome } = refused(503, `Service Unavailable: ${deadReason}`);
        events.response(id, response, outcome, null);
        return;
      }
      open.add(id);
      input({ type: 'request', id, request, at });
    },
    reply(fetchId, reply, at) {
      // A long body is copied, not handed over: the page's log and message view still read it.
      input({ type: 'reply', fetchId, reply: replyToWire(reply), at });
    },
    setMode(step, report, replay) {
      input({ type: 'mode', step, report, replay });
    },
    release(gate, count, proof) {
      input(proof === undefined ? { type: 'release', gate, count } : { type: 'release', gate, count, proof });
    },
    search(gate) {
      input({ type: 'search', gate });
    },
    checkpoint() {
      const copy = new Map(
        [...ahead].map(([id, part]) => [id, { append: [...part.append], hashes: [...part.hashes] }]),
      );
      const checkpoint: PortCheckpoint = {
        origin,
        quiet: { ...quiet, chain: quiet.chain.kept() },
        inputs: [...inputs],
        outputs,
        found: new Map(found),
        chain: chain.kept(),
        state: current,
        ahead: copy,
        open: new Set(open),
      };
      return checkpoint as unknown as NodeCheckpoint;
    },
    restore(checkpoint) {
      if (deadReason !== null) return;
      const from = checkpoint as unknown as PortCheckpoint;
      const quietChain = from.quiet.chain.arrays();
      port.send({
        type: 'restore',
        state: from.quiet.state,
        // The worker this checkpoint came from kept every block it names; another one needs them.
        chain: { hashes: quietChain.hashes.join(''), blocks: from.origin === origin ? null : quietChain.chain },
        idle: from.quiet.idle,
        inputs: from.inputs,
        skip: from.outputs,
        found: [...from.found],
      });
      restoring = true;
      quiet = from.quiet;
      inputs = [...from.inputs];
      outputs = from.outputs;
      found = new Map(from.found);
      chain = from.chain;
      current = from.state;
      ahead = new Map(
        [...from.ahead].map(([id, part]) => [id, { append: [...part.append], hashes: [...part.hashes] }]),
      );
      open = new Set(from.open);
    },
    terminate() {
      if (deadReason === null) {
        deadReason = 'the node was removed';
        ahead.clear();
        port.close();
      }
    },
  };
}
