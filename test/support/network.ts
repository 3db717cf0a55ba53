import { peerTarget } from '../../src/core/address';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import { type Clock, type EffectReply, handle, type NodeEffect, type NodeRef } from '../../src/core/node';
import type { PeerReply } from '../../src/core/resolve';
import { searchProofs } from '../../src/core/search';

/** Answers a GET /chain for a neighbour that is not one of our nodes (a crafted fake, or nobody). */
export type FakePeer = (path: string) => HttpResponse;

/**
 * A synchronous little network for tests: nodes by port on 127.0.0.1/localhost, requests run
 * straight through handle(), proof searches run to the end, neighbour requests are answered at once.
 */
export class TestNetwork {
  readonly nodes = new Map<number, NodeRef>();
  readonly fakes = new Map<number, FakePeer>();
  readonly traces: NodeEffect[] = [];

  constructor(private readonly clock: Clock) {}

  request(port: number, request: HttpRequest): HttpResponse {
    const ref = this.nodes.get(port);
    if (!ref) throw new Error(`no node on port ${port}`);
    const run = handle(ref, request, this.clock);
    let reply: EffectReply;
    for (;;) {
      const step = run.next(reply);
      if (step.done) return step.value.response;
      reply = this.answer(step.value);
    }
  }

  private answer(effect: NodeEffect): EffectReply {
    if (effect.type === 'work') {
      const found = searchProofs(effect.search, 0, Number.MAX_SAFE_INTEGER);
      return found.proof ?? undefined;
    }
    if (effect.type === 'trace') {
      this.traces.push(effect);
      return undefined;
    }
    return this.fetch(effect.neighbour);
  }

  private fetch(neighbour: string): PeerReply {
    const target = peerTarget(neighbour);
    const local = target && ['127.0.0.1', 'localhost'].includes(target.host);
    const path = `${target?.basePath ?? ''}/chain`;
    if (local && this.nodes.has(target.port)) {
      return { ok: true, response: this.request(target.port, { method: 'GET', path }) };
    }
    const fake = local ? this.fakes.get(target.port) : undefined;
    if (fake) return { ok: true, response: fake(path) };
    return { ok: false, reason: `connection refused by ${neighbour}` };
  }
}
