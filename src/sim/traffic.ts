import { peerTarget } from '../core/address';
import type { HttpResponse } from '../core/http';
import type { Outcome } from '../core/node';
import type { PeerReply } from '../core/resolve';
import type { NetworkInside, OpenCommand } from './inside';
import type { Answer, Timeout } from './journal';
import { Links } from './links';
import { outsideKey } from './outside';
import type { Outgoing, SimMessage } from './scheduler';

/**
 * The messages between nodes: a node's GET /chain to a neighbour, on its way there over the
 * links, served by the neighbour (or a real node, or refused), and its answer on its way back, or
 * the timeout that comes first. Each leg waits at a gate of the scheduler (see network.ts).
 */
export class Traffic {
  constructor(private readonly net: NetworkInside) {}

  /** A node asks a neighbour for its chain: the request waits to be sent. */
  fetch(address: string, fetchId: number, neighbour: string): void {
    const { net } = this;
    const ref = `${address}/f${fetchId}`;
    net.scheduler.fetches.set(ref, { node: address, fetchId, deadline: net.now + net.timeoutMs });
    const target = peerTarget(neighbour);
    const path = `${target?.basePath ?? ''}/chain`;
    net.offer({
      kind: 'send',
      ref,
      address,
      message: {
        ref,
        kind: 'request',
        from: address,
        to: neighbour,
        asker: address,
        fetchId,
        request: { method: 'GET', path },
      },
    });
  }

  /** A node served a neighbour's GET /chain: its answer waits to be sent back. */
  answer(command: OpenCommand & { readonly serving: SimMessage }, response: HttpResponse, outcome?: Outcome): void {
    const { net } = this;
    const served = command.serving;
    const node = net.nodes.get(command.address);
    const n = node ? ++node.served : 0;
    const ref = `${command.address}/r${n}`;
    net.offer({
      kind: 'send',
      ref,
      address: command.address,
      message: {
        ref,
        kind: 'response',
        from: served.to,
        to: served.asker,
        asker: served.asker,
        fetchId: served.fetchId,
        reply: { ok: true, response },
        ...(outcome?.kind === 'chain' ? { blocks: outcome.length } : {}),
      },
    });
  }

  /** A message leaves: on its way for the link's latency, then waiting to be delivered. */
  send(message: Outgoing): void {
    const { net } = this;
    const to = this.route(message.to) ?? message.to;
    const full: SimMessage = {
      ...message,
      id: net.takeId(),
      sentAt: net.now,
      deliverAt: net.now + net.links.delay(message.from, to),
    };
    net.scheduler.inFlight = [...net.scheduler.inFlight, full];
    net.emit({ type: 'sent', at: net.now, message: full });
    net.scheduler.offer({ kind: 'deliver', ref: `${message.ref}>`, address: to, message: full });
  }

  /** The address of the running node a stored neighbour names, if any ("127.0.0.1:5001" is localhost:5001). */
  route(neighbour: string): string | null {
    const address = Links.addressOf(neighbour);
    return address !== null && this.net.nodes.get(address)?.alive ? address : null;
  }

  /** A neighbour request that got no answer in time: the asker hears so, and a late answer is dropped. */
  expire(ref: string): void {
    const { net } = this;
    const open = net.scheduler.fetches.get(ref);
    if (!open) return;
    const entry: Timeout = { t: 'timeout', at: net.now, ref };
    net.record(entry);
    net.scheduler.fetches.delete(ref);
    // A real node's answer that comes after this is not heard (the journal says it timed out).
    net.outside.drop(ref);
    const node = net.nodes.get(open.node);
    const reply: PeerReply = { ok: false, reason: `no answer within ${net.timeoutMs / 1000} s`, code: 'timeout' };
    if (node?.alive) net.toNode(node, (c) => c.reply(open.fetchId, reply, net.now));
    net.gatesChanged();
  }

  /** A message arrives (unless its link loses it): an answer to its asker, a request to its node. */
  deliver(message: SimMessage): void {
    const { net } = this;
    net.scheduler.inFlight = net.scheduler.inFlight.filter((m) => m.id !== message.id);
    const why = net.links.lost(
      Links.addressOf(message.from) ?? message.from,
      Links.addressOf(message.to) ?? message.to,
      message.ref,
    );
    if (why !== null) {
      // Nothing arrives: the asker hears nothing, and gives up at its timeout.
      net.emit({ type: 'lost', at: net.now, message, why });
      return;
    }
    net.emit({ type: 'delivered', at: net.now, message });
    if (message.kind === 'response') {
      const ref = `${message.asker}/f${message.fetchId}`;
      if (!net.scheduler.fetches.delete(ref)) return; // timed out meanwhile: the answer is dropped
      const reply = message.reply ?? { ok: false, reason: 'the answer was lost' };
      const node = net.nodes.get(message.asker);
      if (node?.alive) net.toNode(node, (c) => c.reply(message.fetchId, reply, net.now));
      return;
    }
    const target = this.route(message.to);
    const node = target ? net.nodes.get(target) : undefined;
    const key = node ? null : outsideKey(message.to);
    if (message.request && key !== null && net.outside.has(key)) {
      // In a replay, the journal's "answer" entry brings what the real node said.
      net.outside.request(message, !net.scripted);
      return;
    }
    if (!node || !message.request) {
      this.replyTo(message, {
        ok: false,
        reason: `connection refused: no node is listening at ${message.to}`,
        code: 'unreachable',
      });
      return;
    }
    const id = net.takeId();
    const { request } = message;
    net.commands.set(id, {
      address: node.address,
      request,
      origin: 'network',
      activity: null,
      done: () => {},
      serving: message,
    });
    net.toNode(node, (c) => c.request(id, request, net.now));
  }

  /** A real node's answer: written in the journal, then on its way to the node that asked. */
  heardOutside(ref: string, reply: PeerReply): void {
    const { net } = this;
    const message = net.outside.answered(ref);
    if (!message) return;
    const entry: Answer = {
      t: 'answer',
      at: net.now,
      ref,
      reply: reply.ok ? { ok: true, response: { ...reply.response } } : { ...reply },
    };
    net.record(entry);
    this.replyTo({ ...message, ref }, reply);
  }

  /** The reply to a request that no node of the network served (refused, or a real node's), sent back. */
  private replyTo(request: SimMessage, reply: PeerReply): void {
    const ref = `${request.ref}x`;
    this.net.offer({
      kind: 'send',
      ref,
      address: request.asker,
      message: {
        ref,
        kind: 'response',
        from: request.to,
        to: request.asker,
        asker: request.asker,
        fetchId: request.fetchId,
        reply,
      },
    });
  }
}
