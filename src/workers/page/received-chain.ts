import type { NodeSnapshot } from '../../core/connection';
import type { NodeState } from '../../core/node';

type Chain = NodeState['chain'];

/** A chain and its hashes, as arrays: what a snapshot shows. */
interface Arrays {
  readonly chain: Chain;
  readonly hashes: readonly string[];
}

/**
 * Past this many blocks after its arrays, a chain makes its own at once, so that a change never
 * copies more than this many (a chain nobody looks at still costs a copy per TAIL_LIMIT blocks).
 */
const TAIL_LIMIT = 256;

/**
 * A node's chain as the page received it, in a form that costs little to change: the arrays of
 * an earlier version, how many of their blocks it keeps, and the blocks after (the tail). Its own
 * arrays are made when they are first read, and kept. Each version is a value: a later change
 * makes a new ReceivedChain and never alters this one.
 *
 * Why: sixteen nodes mining continuously change their chains two hundred times a second, and a
 * column draws its chain at most twice a second. Copying both arrays of a 2,000-block chain for
 * every block was 2.5 of the page's 6.9 MB/s of garbage.
 */
export class ReceivedChain {
  private constructor(
    private base: Arrays,
    private kept: number,
    private tail: Arrays,
  ) {}

  static of(chain: Chain, hashes: readonly string[]): ReceivedChain {
    return new ReceivedChain({ chain, hashes }, chain.length, { chain: [], hashes: [] });
  }

  get length(): number {
    return this.kept + this.tail.chain.length;
  }

  /** The chain after a change: its first `keep` blocks, then `added` (with their hashes). */
  changed(keep: number, added: Chain, addedHashes: readonly string[]): ReceivedChain {
    const kept = Math.min(keep, this.length);
    let next: ReceivedChain;
    // Once the arrays are made they are the base (see arrays()), so this covers a made chain too.
    if (kept <= this.kept) {
      next = new ReceivedChain(this.base, kept, { chain: added, hashes: addedHashes });
    } else {
      const fromTail = kept - this.kept;
      next = new ReceivedChain(this.base, this.kept, {
        chain: this.tail.chain.slice(0, fromTail).concat(added),
        hashes: this.tail.hashes.slice(0, fromTail).concat(addedHashes),
      });
    }
    if (next.tail.chain.length > TAIL_LIMIT) next.arrays();
    return next;
  }

  /**
   * The whole chain and its hashes, made on the first call. They are its arrays from then on: the
   * base, all kept, no tail (and the earlier arrays are no longer needed here).
   */
  arrays(): Arrays {
    if (this.tail.chain.length > 0 || this.kept !== this.base.chain.length) {
      this.base = {
        chain: this.base.chain.slice(0, this.kept).concat(this.tail.chain),
        hashes: this.base.hashes.slice(0, this.kept).concat(this.tail.hashes),
      };
      this.kept = this.base.chain.length;
      this.tail = { chain: [], hashes: [] };
    }
    return this.base;
  }

  /** A node's snapshot with this chain: the arrays are made when first read. */
  snapshot(state: Omit<NodeState, 'chain'>): NodeSnapshot {
    const chain = this;
    return {
      state: {
        ...state,
        get chain() {
          return chain.arrays().chain;
        },
      },
      get hashes() {
        return chain.arrays().hashes;
      },
      length: this.length,
    };
  }
}
