import { peerTarget } from '../core/address';

export const DEFAULT_LATENCY_MS = 300;

/** The hosts that mean "this machine": a neighbour stored with one of them is one of our nodes. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The links between the nodes: where a message to a stored neighbour goes, and how long it
 * takes. One latency for every link, for now; this is where lost messages and a network cut in
 * two will live.
 */
export class Links {
  constructor(public latencyMs: number) {}

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
}
