import { blockHash, sharedStart } from '../../core/block';
import type { GuessCount, NodePause } from '../../core/connection';
import { endpointOf, type HttpRequest } from '../../core/http';
import { ChainBodyReader } from '../../core/json/chain-body';
import type { Json } from '../../core/json/value';
import { isLabRequest, isLongLabRequest, labHandle } from '../../core/lab';
import { type EffectReply, handle, type NodeEffect, type NodeRef, type NodeState } from '../../core/node';
import { checkProof, type ProofSearch, type ProofTry, tryProof } from '../../core/proof';
import type { PeerReply, ResolveStep } from '../../core/resolve';
import { searchProofs } from '../../core/search';
import { type Check, chainProblems } from '../../core/validation';
import { type Kernel, scalarKernel } from '../../miner/kernels';
import {
  CHAIN_PART,
  type ChainChange,
  type FromNode,
  type Idle,
  type NodeInput,
  type Restore,
  type ToNode,
} from '../protocol';
import { countsAsOutput, replyFromWire, toWire } from '../wire';

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
  return endpoint === '/mine' || endpoint === '/nodes/resolve' || isLongLabRequest(request);
}

type Generator = ReturnType<typeof handle>;

/** A gate the node waits at: what to do when the network lets it go on. */
interface Waiting {
  readonly kind: NodePause['kind'];
  go: (count: GuessCount, proof?: number) => void;
  /** A "found" gate's search, and its proof once known (null: a replay did not search). */
  readonly search?: ProofSearch;
  proof?: number | null;
}

/**
 * One node, hosted: it runs core's handle() for every request, mines in slices so that it keeps
 * answering GET /chain while it mines, and asks the network for its neighbours' chains. Wherever
 * the order of events matters it waits at a gate for the network's go (see NodePause); in step
 * mode it also waits at every step of resolve_conflicts and valid_chain, and before every guess.
 * The same code runs inside a Web Worker and, for tests, in-process.
 *
 * What it does depends only on its inputs (NodeInput) and their order, never on timing: the
 * network can restore it to any moment from the state it had when it was last idle and the
 * inputs it got after (see Restore).
 */
export class NodeHost {
  private ref: NodeRef | null = null;
  private epochSeconds = 0;
  private stepMode = false;
  private report = false;
  private replay = false;
  /** Inputs received so far (see Idle.seen). */
  private seen = 0;
  private queue: { id: number; request: HttpRequest; at: number }[] = [];
  private busy = false;
  private nextFetchId = 1;
  private nextGate = 1;
  private fetches = new Map<number, (reply: PeerReply) => void>();
  private gates = new Map<number, Waiting>();
  /** Bumped by a restore: work of the node as it was (a search in slices) stops. */
  private epoch = 0;
  /** Block hashes, each computed once per block object (chains grow by one, or are replaced whole). */
  private readonly known = new WeakMap<object, string>();
  /** Every block the node has held, by hash: a restore names them, rather than sending them again. */
  private readonly blocks = new Map<string, Json>();
  /** While a restore runs its inputs again: outputs the page already has, not sent again. */
  private skip = 0;
  private restoring = false;
  private foundBefore = new Map<number, number | null>();

  constructor(
    /** Sends a message to the main thread, handing over the buffers in `transfer` (not copied). */
    private readonly post: (message: FromNode, transfer?: ArrayBuffer[]) => void,
    private readonly timing: HostTiming,
    /** The proof search of run mode: SIMD where the engine has it (see miner/kernels.ts). */
    private readonly kernel: Kernel = scalarKernel,
  ) {}

  /** The part of the time this node may mine (1: all of it); see MiningShare. */
  private share = 1;

  private send(message: FromNode, transfer?: ArrayBuffer[]): void {
    if (this.skip > 0 && countsAsOutput(message)) {
      this.skip--;
      return;
    }
    this.post(message, transfer);
  }

  /** Handles one message, then says it is settled: nothing it asked for is left to do at once. */
  receive(message: ToNode): void {
    switch (message.type) {
      // The share is about the machine, not the network: the sim does not count it as a message.
      case 'share':
        this.share = Math.min(1, Math.max(0.01, message.share));
        return;
      case 'init':
        for (const block of message.state.chain) this.keep(block, this.hashOf(block));
        this.start(message.state.chain, message.state, message.epochSeconds);
        return;
      case 'restore':
        this.restore(message);
        // Whatever the mode: the network counts on it after a restore (see Network.restore).
        this.post({ type: 'settled' });
        return;
      default:
        this.seen++;
        this.input(message);
        if (this.report) this.post({ type: 'settled' });
    }
  }

  private start(chain: NodeState['chain'], state: Omit<NodeState, 'chain'>, epochSeconds: number): void {
    this.ref = { state: { ...state, chain }, bodies: (neighbour) => this.bodyReader(neighbour) };
    this.sent = chain;
    this.problems = chainProblems(chain, state.rules);
    this.sentState = null;
    this.epochSeconds = epochSeconds;
  }

  /** Each neighbour's answers, read without reading again what the last one had (kept across restores). */
  private readonly readers = new Map<string, ChainBodyReader>();

  private bodyReader(neighbour: string): ChainBodyReader {
    let reader = this.readers.get(neighbour);
    if (!reader) {
      reader = new ChainBodyReader();
      this.readers.set(neighbour, reader);
    }
    return reader;
  }

  /** Keeps a block by its hash (given, so that it is not computed again). */
  private keep(block: Json, hash: string): void {
    if (this.blocks.has(hash)) return;
    this.blocks.set(hash, block);
    if (typeof block === 'object' && block !== null) this.known.set(block, hash);
  }

  private input(message: NodeInput): void {
    switch (message.type) {
      case 'request':
        if (isLong(message.request)) {
          this.queue.push(message);
          this.runNext();
        } else {
          this.run(message.id, message.request, message.at, false);
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
        // A restore runs its inputs again as a replay, whatever they say (see Restore).
        this.replay = message.replay || this.restoring;
        this.setMode(message.step);
        return;
      case 'release': {
        const waiting = this.gates.get(message.gate);
        this.gates.delete(message.gate);
        waiting?.go(message.count, message.proof);
        return;
      }
      case 'search': {
        const waiting = this.gates.get(message.gate);
        if (waiting?.kind !== 'found' || waiting.proof != null || !waiting.search) return;
        const { search } = waiting;
        this.slices(this.currentId, search, 0, (proof, tried) => {
          waiting.proof = proof;
          this.send({ type: 'pause', id: this.currentId, gate: message.gate, pause: { kind: 'found', proof, tried } });
        });
        return;
      }
      default:
        message satisfies never;
    }
  }

  /**
   * Back to the node as it was when last idle, then its inputs since, run again. Whatever was
   * under way is dropped (its search stops, its gates and neighbour requests are forgotten).
   */
  private restore(restore: Restore): void {
    this.epoch++;
    const { state, chain, idle } = restore;
    const count = chain.hashes.length / 64;
    const hashes = Array.from({ length: count }, (_, i) => chain.hashes.slice(i * 64, i * 64 + 64));
    if (chain.blocks) for (const [i, block] of chain.blocks.entries()) this.keep(block, hashes[i] as string);
    const blocks = hashes.map((hash) => {
      const block = this.blocks.get(hash);
      if (block === undefined) throw new Error(`a restore names block ${hash.slice(0, 8)}, which the node never had`);
      return block;
    });
    this.start(blocks, state, this.epochSeconds);
    this.seen = idle.seen;
    this.nextGate = idle.nextGate;
    this.nextFetchId = idle.nextFetch;
    this.stepMode = idle.step;
    this.report = idle.report;
    this.replay = true;
    this.restoring = true;
    this.queue = [];
    this.busy = false;
    this.fetches = new Map();
    this.gates = new Map();
    this.skip = restore.skip;
    this.foundBefore = new Map(restore.found);
    // What the page gets from here on is of the node restored; what came before is dropped.
    this.post({ type: 'restored' });
    for (const input of restore.inputs) {
      this.seen++;
      this.input(input);
    }
    this.restoring = false;
    this.replay = true;
    this.skip = 0;
    this.foundBefore = new Map();
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

  private pause(id: number, pause: NodePause, waiting: Waiting): number {
    const gate = this.nextGate++;
    this.gates.set(gate, waiting);
    if (!(pause.kind === 'found' && this.foundBefore.has(gate))) this.send({ type: 'pause', id, gate, pause });
    return gate;
  }

  /** The request the long generator under way works on (for the messages of a search). */
  private currentId = 0;

  private runNext(): void {
    if (this.busy) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    this.currentId = next.id;
    this.run(next.id, next.request, next.at, true, () => {
      this.busy = false;
      this.runNext();
    });
  }

  private run(id: number, request: HttpRequest, at: number, long: boolean, done?: () => void): void {
    const ref = this.ref;
    if (!ref) {
      this.post({ type: 'fatal', reason: 'the node got a request before it was started' });
      return;
    }
    // time() for this request: the sim time that stamped it.
    const clock = () => this.epochSeconds + at / 1000;
    const run = isLabRequest(request) ? labHandle(ref, request, clock) : handle(ref, request, clock);
    this.advance(id, run, undefined, ref, long, done);
  }

  /** The node's counters and settings, when nothing is under way in it after this answer. */
  private idle(long: boolean): Idle | null {
    const quiet = long ? this.queue.length === 0 : !this.busy && this.queue.length === 0;
    if (!quiet) return null;
    return {
      seen: this.seen,
      nextGate: this.nextGate,
      nextFetch: this.nextFetchId,
      step: this.stepMode,
      report: this.report,
    };
  }

  private advance(
    id: number,
    run: Generator,
    reply: EffectReply,
    ref: NodeRef,
    long: boolean,
    done?: () => void,
  ): void {
    const checks: ResolveStep[] = [];
    const resume = (answer: EffectReply) => this.advance(id, run, answer, ref, long, done);
    for (;;) {
      const next = run.next(reply);
      if (next.done) {
        const { chain, ...rest } = ref.state;
        // The rest of the state changes less often than the chain: it goes only when it did.
        const unchanged =
          this.sentState !== null &&
          samePending(rest.pendingTransactions, this.sentState.pendingTransactions) &&
          rest.neighbours === this.sentState.neighbours &&
          rest.rules === this.sentState.rules &&
          rest.behaviour === this.sentState.behaviour &&
          rest.address === this.sentState.address &&
          rest.nodeIdentifier === this.sentState.nodeIdentifier;
        this.sentState = rest;
        const { keep, append, hashes, problems } = this.change(chain);
        let from = 0;
        for (; append.length - from > CHAIN_PART; from += CHAIN_PART) {
          const part = { append: append.slice(from, from + CHAIN_PART), hashes: hashes.slice(from, from + CHAIN_PART) };
          this.send({ type: 'blocks', id, ...part });
        }
        const last = { keep, append: append.slice(from), hashes: hashes.slice(from), problems };
        const { response: answer, outcome } = next.value;
        const response = toWire(answer);
        // The bytes were made for this message alone (handle() answers with text, never with a
        // response of bytes, whose bytes a transfer would take away): the worker hands them over.
        const transfer = 'bytes' in response ? [response.bytes.buffer as ArrayBuffer] : [];
        const idle = this.idle(long);
        this.send(
          { type: 'response', id, response, outcome, state: unchanged ? null : rest, chain: last, idle },
          transfer,
        );
        done?.();
        return;
      }
      const effect: NodeEffect = next.value;
      switch (effect.type) {
        case 'trace':
          if (this.stepMode) {
            this.pause(id, { kind: 'trace', step: effect.step }, { kind: 'trace', go: () => resume(undefined) });
            return;
          }
          // In run mode only what the page shows goes out: a check of valid_chain that holds is
          // shown in step mode only (a 2,000-block chain has 4,000 of them, and reading them all
          // at once took the page 15-20 ms). A failed check goes out with the verdict it ends in.
          if (effect.step.kind !== 'check') {
            checks.push(effect.step);
            this.send({ type: 'trace', id, steps: checks.splice(0) });
          } else if (!effect.step.check.ok) checks.push(effect.step);
          reply = undefined;
          continue;
        case 'fetch': {
          const fetchId = this.nextFetchId++;
          this.fetches.set(fetchId, resume);
          this.send({ type: 'fetch', id, fetchId, neighbour: effect.neighbour, url: effect.url });
          return;
        }
        case 'work':
          this.mine(id, effect.search, effect.index ?? ref.state.chain.length + 1, effect.from ?? 0, null, resume);
          return;
        default:
          effect satisfies never;
      }
    }
  }

  /**
   * The proof search for block `index` from `from`: guess by guess at "guess" gates in step mode;
   * in run mode in slices, then a "found" gate lets the network order the new block among its
   * other events. A replay does not search: the release of the "found" gate brings the proof.
   */
  private mine(
    id: number,
    search: ProofSearch,
    index: number,
    from: number,
    last: ProofTry | null,
    found: (proof: number) => void,
  ): void {
    if (this.stepMode) {
      this.pause(
        id,
        { kind: 'guess', attempt: last, tried: from },
        {
          kind: 'guess',
          go: (count) => {
            if (count === 'finish' || !this.stepMode) {
              this.foundGate(id, search, index, from, found);
              return;
            }
            const result = searchProofs(search, from, Math.max(1, count));
            const attempt = tryProof(search, from + result.tried - 1);
            this.send({ type: 'progress', id, tried: from + result.tried, rate: 0 });
            if (result.proof !== null) found(result.proof);
            else this.mine(id, search, index, from + result.tried, attempt, found);
          },
        },
      );
      return;
    }
    this.foundGate(id, search, index, from, found);
  }

  /**
   * A "found" gate: after a search in slices, or at once with no proof when replaying (or when
   * a restore knows the gate). Its release forges the block with the proof found, or the one the
   * release brings, once checked: a recorded proof that does not hold stops the node, naming
   * the block.
   */
  private foundGate(
    id: number,
    search: ProofSearch,
    index: number,
    from: number,
    found: (proof: number) => void,
  ): void {
    const go = (waiting: Waiting) => (_: GuessCount, given?: number) => {
      const known = waiting.proof ?? given;
      if (known == null) {
        // A journal without proofs (an older run file): this one search runs again.
        this.slices(id, search, 0, (p) => found(p));
        return;
      }
      if (!checkProof(search, known).ok) {
        const address = this.ref?.state.address ?? '';
        this.post({
          type: 'fatal',
          reason: `block ${index} of ${address}: the recorded proof ${known} does not give ${search.difficulty} leading zeros`,
          cause: { code: 'badProof', index, address, proof: known, zeros: search.difficulty },
        });
        return;
      }
      found(known);
    };
    const gate = this.nextGate;
    const before = this.foundBefore.get(gate);
    const gateFor = (proof: number | null): Waiting => {
      const waiting: Waiting = { kind: 'found', search, proof, go: () => {} };
      waiting.go = go(waiting);
      return waiting;
    };
    if (before !== undefined || this.replay) {
      const proof = before ?? null;
      this.pause(id, { kind: 'found', proof, tried: proof === null ? 0 : proof + 1 }, gateFor(proof));
      return;
    }
    this.slices(id, search, from, (proof, tried) => this.pause(id, { kind: 'found', proof, tried }, gateFor(proof)));
  }

  /**
   * The hash rate meter: guesses and the time spent searching, since the last report. It runs on
   * across searches, so a node mining block after block at a low difficulty (each block in a few
   * milliseconds) still reports its rate; the time between two searches does not count.
   */
  private meter = { guesses: 0, busyMs: 0, reportedAt: Number.NEGATIVE_INFINITY };

  private slices(id: number, search: ProofSearch, start: number, found: (proof: number, tried: number) => void): void {
    let from = start;
    const epoch = this.epoch;
    // The meter counts the time of the search, rests included: the rate a person sees.
    let mark = this.timing.elapsedMs();
    const slice = () => {
      if (epoch !== this.epoch) return; // restored meanwhile: this search is of a node that is gone
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
        // Guesses of this search (a search of the automatic mode starts at its own offset, not 0).
        this.post({ type: 'progress', id, tried: from - start, rate });
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
      found(result.proof, from);
    };
    this.timing.defer(slice);
  }

  /** The chain last sent to the main thread, to send only what changed; the rest of the state likewise. */
  private sent: readonly Json[] = [];
  /** The links of the chain last sent that valid_chain refuses. */
  private problems: readonly Check[] = [];
  private sentState: Omit<NodeState, 'chain'> | null = null;

  /**
   * What changed since the chain was last sent. Blocks are the same by hash, not only as objects:
   * a chain adopted in a resolve is read from the neighbour's JSON, new objects all, though most
   * of it is usually the page's chain already (a 2,000-block chain sent whole for a short fork).
   */
  private change(chain: readonly Json[]): ChainChange {
    const sent = this.sent;
    const limit = Math.min(chain.length, sent.length);
    // A block forged on the chain last sent: all of it is kept, known without reading it (reading
    // 2,000 blocks for each new block took a node a tenth of its time in an import).
    let keep = sharedStart(chain, sent);
    // Else the same objects first, then the same hashes.
    while (keep < limit && chain[keep] === sent[keep]) keep++;
    while (keep < limit && this.hashOf(chain[keep] as Json) === this.hashOf(sent[keep] as Json)) keep++;
    this.sent = chain;
    const append = chain.slice(keep);
    const hashes = append.map((block) => this.hashOf(block));
    for (const [i, block] of append.entries()) this.keep(block, hashes[i] as string);
    // The links before `keep` are between the same blocks as before: only the rest is checked.
    const rules = this.ref?.state.rules;
    if (rules) {
      this.problems = [...this.problems.filter((p) => p.position < keep), ...chainProblems(chain, rules, keep)];
    }
    return { keep, append, hashes, problems: this.problems };
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

/** Pending transactions the page has: the same list, or both empty (every forged block empties it anew). */
function samePending(now: NodeState['pendingTransactions'], sent: NodeState['pendingTransactions']): boolean {
  return now === sent || (now.length === 0 && sent.length === 0);
}
