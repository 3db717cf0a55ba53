import { blockHash } from '../../core/block';
import type { GuessCount, NodePause } from '../../core/connection';
import { endpointOf, type HttpRequest } from '../../core/http';
import type { Json } from '../../core/json/value';
import { type EffectReply, handle, type NodeEffect, type NodeRef } from '../../core/node';
import { type ProofSearch, type ProofTry, tryProof } from '../../core/proof';
import type { PeerReply, ResolveStep } from '../../core/resolve';
import { searchProofs } from '../../core/search';
import { type Kernel, scalarKernel } from '../../miner/kernels';
import { CHAIN_PART, type ChainChange, type FromNode, type ToNode } from '../protocol';
import { replyFromWire, toWire } from '../wire';

/** What the host needs from the thread it runs on. */
export interface HostTiming {
  /** Runs a task after pending messages have been handled (a macrotask, not a microtask). */
  defer(task: () => void): void;
  /** A monotonic clock in ms, for measuring the hash rate only (never for the chain). */
  elapsedMs(): number;
  /** Runs a task after `ms` of rest (a timer); without it, mining never rests. */
  later?(task: () => void, ms: number): void;
}

/** Guesses per slice: small enough that a mining node still answers its neighbours promptly. */
const SLICE = 20_000;
const PROGRESS_EVERY_MS = 250;

/** Requests that take time run one at a time, in arrival order; the others are answered at once. */
function isLong(request: HttpRequest): boolean {
  const endpoint = endpointOf(request);
  return endpoint === '/mine' || endpoint === '/nodes/resolve';
}

type Generator = ReturnType<typeof handle>;

/** A gate the node waits at: what to do when the network lets it go on. */
interface Waiting {
  readonly kind: NodePause['kind'];
  go(count: GuessCount): void;
}

/**
 * One node, hosted: it runs core's handle() for every request, mines in slices so that it keeps
 * answering GET /chain while it mines, and asks the network for its neighbours' chains. Wherever
 * the order of events matters it waits at a gate for the network's go (see NodePause); in step
 * mode it also waits at every step of resolve_conflicts and valid_chain, and before every guess.
 * The same code runs inside a Web Worker and, for tests, in-process.
 */
export class NodeHost {
  private ref: NodeRef | null = null;
  private epochSeconds = 0;
  private stepMode = false;
  private report = false;
  private readonly queue: { id: number; request: HttpRequest; at: number }[] = [];
  private busy = false;
  private nextFetchId = 1;
  private nextGate = 1;
  private readonly fetches = new Map<number, (reply: PeerReply) => void>();
  private readonly gates = new Map<number, Waiting>();
  /** Block hashes, each computed once per block object (chains grow by one, or are replaced whole). */
  private readonly known = new WeakMap<object, string>();

  constructor(
    /** Sends a message to the main thread, handing over the buffers in `transfer` (not copied). */
    private readonly post: (message: FromNode, transfer?: ArrayBuffer[]) => void,
    private readonly timing: HostTiming,
    /** The proof search of run mode: SIMD where the engine has it (see miner/kernels.ts). */
    private readonly kernel: Kernel = scalarKernel,
  ) {}

  /** The part of the time this node may mine (1: all of it); see MiningShare. */
  private share = 1;

  /** Handles one message, then says it is settled: nothing it asked for is left to do at once. */
  receive(message: ToNode): void {
    // The share is about the machine, not the network: the sim does not count it as a message.
    if (message.type === 'share') {
      this.share = Math.min(1, Math.max(0.01, message.share));
      return;
    }
    this.handleMessage(message);
    if (this.report) this.post({ type: 'settled' });
  }

  private handleMessage(message: ToNode): void {
    switch (message.type) {
      case 'init':
        this.ref = { state: message.state };
        this.sent = message.state.chain;
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
        const resume = this.fetches.get(message.fetchId);
        this.fetches.delete(message.fetchId);
        resume?.(replyFromWire(message.reply));
        return;
      }
      case 'mode':
        this.report = message.report;
        this.setMode(message.step);
        return;
      case 'release': {
        const waiting = this.gates.get(message.gate);
        this.gates.delete(message.gate);
        waiting?.go(message.count);
        return;
      }
      case 'share':
        return;
      default:
        message satisfies never;
    }
  }

  /** Leaving step mode lets every step gate go on by itself; mining goes back to fast slices. */
  private setMode(step: boolean): void {
    this.stepMode = step;
    if (step) return;
    for (const [gate, waiting] of [...this.gates]) {
      if (waiting.kind === 'found') continue; // the order of a forged block is the network's to decide
      this.gates.delete(gate);
      waiting.go('finish');
    }
  }

  private pause(id: number, pause: NodePause, go: (count: GuessCount) => void): void {
    const gate = this.nextGate++;
    this.gates.set(gate, { kind: pause.kind, go });
    this.post({ type: 'pause', id, gate, pause });
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
    const checks: ResolveStep[] = [];
    for (;;) {
      const next = run.next(reply);
      if (next.done) {
        const { chain, ...rest } = ref.state;
        const { keep, append, hashes } = this.change(chain);
        let from = 0;
        for (; append.length - from > CHAIN_PART; from += CHAIN_PART) {
          const part = { append: append.slice(from, from + CHAIN_PART), hashes: hashes.slice(from, from + CHAIN_PART) };
          this.post({ type: 'blocks', id, ...part });
        }
        const last = { keep, append: append.slice(from), hashes: hashes.slice(from) };
        const response = toWire(next.value);
        // The bytes were made for this message alone (handle() answers with text, never with a
        // response of bytes, whose bytes a transfer would take away): the worker hands them over.
        const transfer = 'bytes' in response ? [response.bytes.buffer as ArrayBuffer] : [];
        this.post({ type: 'response', id, response, state: rest, chain: last }, transfer);
        done?.();
        return;
      }
      const effect: NodeEffect = next.value;
      switch (effect.type) {
        case 'trace':
          if (this.stepMode) {
            this.pause(id, { kind: 'trace', step: effect.step }, () => this.advance(id, run, undefined, ref, done));
            return;
          }
          // In run mode only what the page shows goes out: a check of valid_chain that holds is
          // shown in step mode only (a 2,000-block chain has 4,000 of them, and reading them all
          // at once took the page 15-20 ms). A failed check goes out with the verdict it ends in.
          if (effect.step.kind !== 'check') {
            checks.push(effect.step);
            this.post({ type: 'trace', id, steps: checks.splice(0) });
          } else if (!effect.step.check.ok) checks.push(effect.step);
          reply = undefined;
          continue;
        case 'fetch': {
          const fetchId = this.nextFetchId++;
          this.fetches.set(fetchId, (answer) => this.advance(id, run, answer, ref, done));
          this.post({ type: 'fetch', id, fetchId, neighbour: effect.neighbour, url: effect.url });
          return;
        }
        case 'work':
          this.mine(id, effect.search, 0, null, (proof) => this.advance(id, run, proof, ref, done));
          return;
        default:
          effect satisfies never;
      }
    }
  }

  /**
   * The proof search from `from`: guess by guess at "guess" gates in step mode, in slices in run
   * mode (then a "found" gate lets the network order the new block among its other events).
   */
  private mine(
    id: number,
    search: ProofSearch,
    from: number,
    last: ProofTry | null,
    found: (proof: number) => void,
  ): void {
    if (this.stepMode) {
      this.pause(id, { kind: 'guess', attempt: last, tried: from }, (count) => {
        if (count === 'finish' || !this.stepMode) {
          this.slices(id, search, from, found);
          return;
        }
        const result = searchProofs(search, from, Math.max(1, count));
        const attempt = tryProof(search, from + result.tried - 1);
        this.post({ type: 'progress', id, tried: from + result.tried, rate: 0 });
        if (result.proof !== null) found(result.proof);
        else this.mine(id, search, from + result.tried, attempt, found);
      });
      return;
    }
    this.slices(id, search, from, found);
  }

  /**
   * The hash rate meter: guesses and the time spent searching, since the last report. It runs on
   * across searches, so a node mining block after block at a low difficulty (each block in a few
   * milliseconds) still reports its rate; the time between two searches does not count.
   */
  private meter = { guesses: 0, busyMs: 0, reportedAt: Number.NEGATIVE_INFINITY };

  private slices(id: number, search: ProofSearch, start: number, found: (proof: number) => void): void {
    let from = start;
    // The meter counts the time of the search, rests included: the rate a person sees.
    let mark = this.timing.elapsedMs();
    const slice = () => {
      const began = this.timing.elapsedMs();
      const result = this.kernel.search(search, from, this.kernel.name === 'simd' ? SLICE * 4 : SLICE);
      from += result.tried;
      const now = this.timing.elapsedMs();
      const meter = this.meter;
      meter.guesses += result.tried;
      meter.busyMs += now - mark;
      mark = now;
      if (now - meter.reportedAt >= PROGRESS_EVERY_MS && meter.busyMs > 0) {
        const rate = Math.round((meter.guesses * 1000) / meter.busyMs);
        this.meter = { guesses: 0, busyMs: 0, reportedAt: now };
        this.post({ type: 'progress', id, tried: from, rate });
      }
      if (result.proof === null) {
        // Mining its share of the time: a slice of work, then a rest in proportion. (Not in step
        // mode or a replay, where the nodes waiting at gates are not really mining.)
        const share = this.stepMode || this.report ? 1 : this.share;
        const rest = (now - began) * (1 / share - 1);
        if (rest >= 1 && this.timing.later) this.timing.later(slice, rest);
        else this.timing.defer(slice);
        return;
      }
      const proof = result.proof;
      this.pause(id, { kind: 'found', proof, tried: from }, () => found(proof));
    };
    this.timing.defer(slice);
  }

  /** The chain last sent to the main thread, to send only what changed. */
  private sent: readonly Json[] = [];

  /**
   * What changed since the chain was last sent. Blocks are the same by hash, not only as objects:
   * a chain adopted in a resolve is read from the neighbour's JSON, new objects all, though most
   * of it is usually the page's chain already (a 2,000-block chain sent whole for a short fork).
   */
  private change(chain: readonly Json[]): ChainChange {
    let keep = 0;
    const limit = Math.min(chain.length, this.sent.length);
    const same = (a: Json, b: Json) => a === b || this.hashOf(a) === this.hashOf(b);
    while (keep < limit && same(chain[keep] as Json, this.sent[keep] as Json)) keep++;
    this.sent = chain;
    const append = chain.slice(keep);
    return { keep, append, hashes: append.map((block) => this.hashOf(block)) };
  }

  private hashOf(block: Json): string {
    if (typeof block !== 'object' || block === null) return blockHash(block);
    let hash = this.known.get(block);
    if (hash === undefined) {
      hash = blockHash(block);
      this.known.set(block, hash);
    }
    return hash;
  }
}
