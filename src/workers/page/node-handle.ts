import type { NodeConnection, NodeEvents, NodeInit, NodeSnapshot } from '../../core/connection';
import { textResponse } from '../../core/http';
import type { NodeState } from '../../core/node';
import type { ChainChange, FromNode, ToNode } from '../protocol';
import { fromWire, replyToWire } from '../wire';
import { ReceivedChain } from './received-chain';

/** Both ends of a node's message channel: a Web Worker, or an in-process host. */
export interface NodePort {
  send(message: ToNode): void;
  listen(onMessage: (message: FromNode) => void, onError: (reason: string) => void): void;
  close(): void;
}

/**
 * The main thread's handle on one node. It owns the node's lifecycle and turns a dead node into
 * answers: every request still open, and every later one, is answered 503 with the reason, so
 * nothing waits forever on a worker that is gone.
 */
export function connectPort(port: NodePort, init: NodeInit, events: NodeEvents): NodeConnection {
  const open = new Set<number>();
  // The chain as last received, to which each response's ChainChange applies.
  let chain = ReceivedChain.of(init.state.chain, init.hashes);
  // Blocks that came ahead of their response, by request (see CHAIN_PART).
  const ahead = new Map<number, { append: NodeState['chain'][number][]; hashes: string[] }>();
  const apply = (id: number, state: Omit<NodeState, 'chain'>, change: ChainChange): NodeSnapshot => {
    const early = ahead.get(id);
    ahead.delete(id);
    chain = early
      ? chain.changed(change.keep, early.append.concat(change.append), early.hashes.concat(change.hashes))
      : chain.changed(change.keep, change.append, change.hashes);
    return chain.snapshot(state);
  };
  let deadReason: string | null = null;

  const die = (reason: string) => {
    if (deadReason !== null) return;
    deadReason = reason;
    port.close();
    for (const id of open) events.response(id, textResponse(503, `Service Unavailable: ${reason}`), null);
    open.clear();
    ahead.clear();
    events.failed(reason);
  };

  port.listen((message) => {
    if (deadReason !== null) return;
    switch (message.type) {
      case 'blocks': {
        const early = ahead.get(message.id) ?? { append: [], hashes: [] };
        early.append.push(...message.append);
        early.hashes.push(...message.hashes);
        ahead.set(message.id, early);
        return;
      }
      case 'response':
        open.delete(message.id);
        events.response(message.id, fromWire(message.response), apply(message.id, message.state, message.chain));
        return;
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
        events.pause(message.id, message.gate, message.pause);
        return;
      case 'settled':
        events.settled();
        return;
      case 'fatal':
        die(message.reason);
        return;
      default:
        message satisfies never;
    }
  }, die);

  port.send({ type: 'init', state: init.state, epochSeconds: init.epochSeconds });
  return {
    request(id, request, at) {
      if (deadReason !== null) {
        events.response(id, textResponse(503, `Service Unavailable: ${deadReason}`), null);
        return;
      }
      open.add(id);
      port.send({ type: 'request', id, request, at });
    },
    reply(fetchId, reply, at) {
      // A long body is copied, not handed over: the page's log and message view still read it.
      if (deadReason === null) port.send({ type: 'reply', fetchId, reply: replyToWire(reply), at });
    },
    setMode(step, report) {
      if (deadReason === null) port.send({ type: 'mode', step, report });
    },
    release(gate, count) {
      if (deadReason === null) port.send({ type: 'release', gate, count });
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
