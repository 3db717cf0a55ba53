import { blockHash } from '../core/block';
import type { HttpRequest } from '../core/http';
import type { Json } from '../core/json/value';
import { type EffectReply, handle, type NodeEffect, type NodeRef } from '../core/node';
import type { ProofSearch } from '../core/proof';
import type { PeerReply } from '../core/resolve';
import { searchProofs } from '../core/search';
import type { FromNode, ToNode } from './protocol';

/** What the host needs from the thread it runs on. */
export interface HostTiming {
  /** Runs a task after pending messages have been handled (a macrotask, not a microtask). */
  defer(task: () => void): void;
  /** A monotonic clock in ms, for measuring the hash rate only (never for the chain). */
  elapsedMs(): number;
}

/** Guesses per slice: small enough that a mining node still answers its neighbours promptly. */
const SLICE = 20_000;
const PROGRESS_EVERY_MS = 250;

/** Requests that take time run one at a time, in arrival order; the others are answered at once. */
function isLong(request: HttpRequest): boolean {
  const path = request.path.split('?')[0];
  return path === '/mine' || path === '/nodes/resolve';
}

type Generator = ReturnType<typeof handle>;

/**
 * One node, hosted: it runs core's handle() for every request, mines in slices so that it keeps
 * answering GET /chain while it mines, and asks the network for its neighbours' chains. The same
 * code runs inside a Web Worker and, for tests, in-process.
 */
export class NodeHost {
  private ref: NodeRef | null = null;
  private epochSeconds = 0;
  private readonly queue: { id: number; request: HttpRequest; at: number }[] = [];
  private busy = false;
  private nextFetchId = 1;
  private readonly waiting = new Map<number, (reply: PeerReply) => void>();

  constructor(
    private readonly post: (message: FromNode) => void,
    private readonly timing: HostTiming,
  ) {}

  receive(message: ToNode): void {
    switch (message.type) {
      case 'init':
        this.ref = { state: message.state };
        this.epochSeconds = message.epochSeconds;
        return;
      case 'request':
        if (isLong(message.request)) {
          this.queue.push(message);
          this.runNext();
        } else {
          this.run(message.id, message.request, message.at);
        }
        return;
      case 'reply': {
        const resume = this.waiting.get(message.fetchId);
        this.waiting.delete(message.fetchId);
        resume?.(message.reply);
        return;
      }
      default:
        message satisfies never;
    }
  }

  private runNext(): void {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    this.run(next.id, next.request, next.at, () => {
      this.busy = false;
      this.runNext();
    });
  }

  private run(id: number, request: HttpRequest, at: number, done?: () => void): void {
    const ref = this.ref;
    if (!ref) {
      this.post({ type: 'fatal', reason: 'the node got a request before it was started' });
      return;
    }
    // time() for this request: the sim time that stamped it.
    const clock = () => this.epochSeconds + at / 1000;
    this.advance(id, handle(ref, request, clock), undefined, ref, done);
  }

  private advance(id: number, run: Generator, reply: EffectReply, ref: NodeRef, done?: () => void): void {
    for (;;) {
      const next = run.next(reply);
      if (next.done) {
        this.post({
          type: 'response',
          id,
          response: next.value,
          state: ref.state,
          hashes: this.hashes(ref.state.chain),
        });
        done?.();
        return;
      }
      const effect: NodeEffect = next.value;
      switch (effect.type) {
        case 'trace':
          // Single checks are for step mode; in run mode a neighbour's verdict says enough.
          if (effect.step.kind !== 'check') this.post({ type: 'trace', id, step: effect.step });
          reply = undefined;
          continue;
        case 'fetch': {
          const fetchId = this.nextFetchId++;
          this.waiting.set(fetchId, (answer) => this.advance(id, run, answer, ref, done));
          this.post({ type: 'fetch', id, fetchId, neighbour: effect.neighbour, url: effect.url });
          return;
        }
        case 'work':
          this.mine(id, effect.search, (proof) => this.advance(id, run, proof, ref, done));
          return;
        default:
          effect satisfies never;
      }
    }
  }

  /** Block hashes, each computed once per block object (chains grow by one, or are replaced whole). */
  private readonly known = new WeakMap<object, string>();
  private hashes(chain: readonly Json[]): string[] {
    return chain.map((block) => {
      if (typeof block !== 'object' || block === null) return blockHash(block);
      let hash = this.known.get(block);
      if (hash === undefined) {
        hash = blockHash(block);
        this.known.set(block, hash);
      }
      return hash;
    });
  }

  /** The proof search, a slice at a time, with progress a few times a second. */
  private mine(id: number, search: ProofSearch, found: (proof: number) => void): void {
    const started = this.timing.elapsedMs();
    let from = 0;
    let lastReport = started;
    const slice = () => {
      const result = searchProofs(search, from, SLICE);
      from += result.tried;
      const now = this.timing.elapsedMs();
      if (result.proof !== null || now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        const rate = now > started ? Math.round((from * 1000) / (now - started)) : 0;
        this.post({ type: 'progress', id, tried: from, rate });
      }
      if (result.proof !== null) found(result.proof);
      else this.timing.defer(slice);
    };
    this.timing.defer(slice);
  }
}
