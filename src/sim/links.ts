import { peerTarget } from '../core/address';
import { chance } from './seeded';

export const DEFAULT_LATENCY_MS = 300;

/** The hosts that mean "this machine": a neighbour stored with one of them is one of our nodes. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** Why a message never arrived. */
export type LossReason = 'offline' | 'cut' | 'loss';

/** The links as data (what a checkpoint keeps). */
export interface LinksState {
  readonly latencyMs: number;
  /** Nodes that answer nothing and reach no one (the "Offline" behaviour). */
  readonly offline: readonly string[];
  /** Links cut, each as its two addresses in order, "a|b". */
  readonly cut: readonly string[];
  /** The share of messages lost on every link, in percent (0 to MAX_LOSS_PERCENT). */
  readonly lossPercent: number;
}

export const MAX_LOSS_PERCENT = 50;

/** A link's key: its two ends in order, so that a cut is both ways. */
export function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * The links between the nodes: where a message to a stored neighbour goes, how long it takes,
 * and whether it arrives (a node offline, a link cut, a share of messages lost). Whether a
 * message is lost to chance is decided by the network's seed and the message's name, never by
 * Math.random: a replay loses the same ones.
 */
export class Links {
  latencyMs: number;
  private offline = new Set<string>();
  private cut = new Set<string>();
  lossPercent = 0;

  constructor(
    latencyMs: number,
    private readonly seed: number,
  ) {
    this.latencyMs = latencyMs;
  }

  /**
   * The node a stored neighbour names, if it is one of ours ("127.0.0.1:5001" is localhost:5001),
   * whether it runs or not.
   */
  static addressOf(neighbour: string): string | null {
    const target = peerTarget(neighbour);
    if (!target || !LOOPBACK.includes(target.host)) return null;
    return `localhost:${target.port}`;
  }

  /** How long a message from one node to another takes, in ms. */
  delay(_from: string, _to: string): number {
    return this.latencyMs;
  }

  /** Why the message `ref` from one node to another is lost, or null when it arrives. */
  lost(from: string, to: string, ref: string): LossReason | null {
    if (this.offline.has(from) || this.offline.has(to)) return 'offline';
    if (this.cut.has(linkKey(from, to))) return 'cut';
    if (this.lossPercent > 0 && chance(this.seed, ref) * 100 < this.lossPercent) return 'loss';
    return null;
  }

  setOffline(address: string, offline: boolean): void {
    if (offline) this.offline.add(address);
    else this.offline.delete(address);
  }

  setCut(a: string, b: string, cut: boolean): void {
    if (cut) this.cut.add(linkKey(a, b));
    else this.cut.delete(linkKey(a, b));
  }

  isCut(a: string, b: string): boolean {
    return this.cut.has(linkKey(a, b));
  }

  get partitioned(): boolean {
    return this.cut.size > 0;
  }

  heal(): void {
    this.cut.clear();
  }

  /** A node gone: its links go with it. */
  forget(address: string): void {
    this.offline.delete(address);
    for (const key of [...this.cut]) if (key.split('|').includes(address)) this.cut.delete(key);
  }

  get state(): LinksState {
    return { latencyMs: this.latencyMs, offline: [...this.offline], cut: [...this.cut], lossPercent: this.lossPercent };
  }

  set state(state: LinksState) {
    this.latencyMs = state.latencyMs;
    this.offline = new Set(state.offline);
    this.cut = new Set(state.cut);
    this.lossPercent = state.lossPercent;
  }
}
