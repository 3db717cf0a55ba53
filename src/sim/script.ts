import type { GuessCount } from '../core/connection';
import type { JournalEntry } from './commands';
import type { NetworkInside } from './inside';
import type { Gate } from './scheduler';
import type { Traffic } from './traffic';

/** "localhost:5000/g3": gate 3 of localhost:5000, a gate its node made and numbered. */
const NODE_GATE = /^(.+)\/g(\d+)$/;

type PauseGate = Extract<Gate, { kind: 'pause' }>;

/** What a replay keeps between entries, as plain data (a checkpoint holds it). */
export interface ScriptState {
  readonly ahead: readonly string[];
  readonly searching: readonly string[];
}

/** The network's moves a replay makes besides those every part makes (see inside.ts). */
export interface ScriptMoves {
  /** Opens a gate and writes it in the journal. */
  open(gate: Gate, count: GuessCount, recordedProof?: number): void;
  /** Whether a node is idle (see Network.idle). */
  idle(address: string): boolean;
  /** Writes a command's entry in the journal and does what it says. */
  perform(entry: JournalEntry): void;
}

/**
 * A replay's side of the network (see replay.ts): whether a journal entry can be applied now, and
 * applying it. A replay runs ahead of the nodes: it lets a node's "found" gate go, with its
 * recorded proof, before the node has made it, and asks a node to search once for a proof that a
 * journal of the first version did not record.
 */
export class Script {
  /** Node gates a replay let go before the node reached them (see apply). */
  private readonly ahead = new Set<string>();
  /** "found" gates a replay left without a proof, whose node searches for it now. */
  private readonly searching = new Set<string>();

  constructor(
    private readonly net: NetworkInside,
    private readonly traffic: Traffic,
    private readonly moves: ScriptMoves,
  ) {}

  /** Whether a node searches for a proof a replay waits for. */
  get searches(): boolean {
    return this.searching.size > 0;
  }

  get state(): ScriptState {
    return { ahead: [...this.ahead], searching: [...this.searching] };
  }

  set state(state: ScriptState) {
    this.ahead.clear();
    for (const ref of state.ahead) this.ahead.add(ref);
    this.searching.clear();
    for (const ref of state.searching) this.searching.add(ref);
  }

  /** A node was removed: none of its searches is waited for. */
  forget(address: string): void {
    for (const ref of [...this.searching]) if (ref.startsWith(`${address}/`)) this.searching.delete(ref);
  }

  /** A node reached gate `ref`: true when a replay let it go already (nothing waits for it then). */
  reached(ref: string): boolean {
    return this.ahead.delete(ref);
  }

  /** The proof of a "found" gate came from its node's search. */
  found(ref: string): void {
    this.searching.delete(ref);
  }

  /**
   * Whether a journal entry can be applied now. A gate must be there to be opened, but for a
   * "found" gate of a node, which the node makes as soon as it gets its request: a replay lets it
   * go at once (with its proof), without waiting to hear of it. A "found" gate whose entry has no
   * proof (a run file of the first version) waits while its node searches for it, once: the
   * journal then records the proof.
   */
  ready(entry: JournalEntry): boolean {
    const { net } = this;
    if (entry.t === 'timeout') return net.scheduler.fetches.has(entry.ref);
    // A node moves only when it is idle (as it was when the move was made).
    if (entry.t === 'move') return this.moves.idle(entry.address);
    if (entry.t !== 'release') return true;
    const gate = net.scheduler.find(entry.ref);
    if (gate) {
      if (gate.kind !== 'pause' || gate.pause.kind !== 'found' || gate.pause.proof !== null) return true;
      if (entry.proof !== undefined) return true;
      this.searchFor(gate);
      return false;
    }
    const own = NODE_GATE.exec(entry.ref);
    return net.scripted && entry.proof !== undefined && own !== null && net.nodes.get(own[1] as string)?.alive === true;
  }

  /** Asks a node to search for the proof of a "found" gate a replay made without one (once). */
  searchFor(gate: PauseGate): void {
    if (this.searching.has(gate.ref)) return;
    const node = this.net.nodes.get(gate.address);
    if (!node?.alive) return;
    this.searching.add(gate.ref);
    this.net.toNode(node, (c) => c.search(gate.gate));
  }

  /** The replay is over: the "found" gates it left without a proof (their release comes after it) are searched for. */
  searchLeft(): void {
    for (const gate of this.net.scheduler.pending) {
      if (gate.kind === 'pause' && gate.pause.kind === 'found' && gate.pause.proof === null) this.searchFor(gate);
    }
  }

  /** Applies one journal entry, when ready() says it can be. */
  apply(entry: JournalEntry): void {
    const { net } = this;
    net.scheduler.clock = Math.max(net.now, entry.at);
    switch (entry.t) {
      case 'release': {
        const gate = net.scheduler.find(entry.ref);
        if (gate) {
          this.moves.open(gate, entry.count ?? 'finish', entry.proof);
          return;
        }
        const own = NODE_GATE.exec(entry.ref);
        const node = own ? net.nodes.get(own[1] as string) : undefined;
        if (!own || !node?.alive || entry.proof === undefined) throw new Error(`${entry.ref} names no gate`);
        net.record(entry);
        this.ahead.add(entry.ref);
        net.toNode(node, (c) => c.release(Number(own[2]), entry.count ?? 'finish', entry.proof));
        return;
      }
      case 'timeout':
        this.traffic.expire(entry.ref);
        return;
      case 'answer':
        if (!net.outside.asks(entry.ref)) throw new Error(`${entry.ref} asked no real node`);
        this.traffic.heardOutside(entry.ref, entry.reply);
        return;
      default:
        this.moves.perform(entry);
    }
  }
}
