import type { NodeSnapshot } from '../../core/connection';
import type { NodeState } from '../../core/node';
import type { Check } from '../../core/validation';

type Chain = NodeState['chain'];

/** A chain and its hashes, as arrays: what a snapshot shows. */
interface Arrays {
  readonly chain: Chain;
  readonly hashes: readonly string[];
}

const NONE: readonly Check[] = [];

/** Blocks per chunk: versions of a chain share their full chunks, and copy at most one. */
const CHUNK = 64;

/**
 * A node's chain as the page received it, as a persistent list: full chunks of CHUNK blocks,
 * shared by every version that has them, then a tail. Each version is a value: a change makes a
 * new ReceivedChain and never alters this one, and costs at most a chunk's copy.
 *
 * Why: sixteen nodes mining continuously change their chains two hundred times a second, a
 * column draws its chain at most twice a second, and time travel keeps versions of every chain
 * (checkpoints). Copying both arrays of a 2,000-block chain for every block was 2.5 of the page's
 * 6.9 MB/s of garbage, and a checkpoint holding whole arrays would hold 32 KB a node.
 *
 * The whole arrays are made when a snapshot is read, and kept by the version until it has a
 * successor (the page draws the newest); an older version read again makes them again.
 */
export class ReceivedChain {
  private made: Arrays | null = null;

  private constructor(
    private readonly chunks: readonly Arrays[],
    private readonly tail: Arrays,
    /** The links valid_chain refuses, as the node found them (see chainProblems). */
    readonly problems: readonly Check[] = NONE,
  ) {}

  static of(chain: Chain, hashes: readonly string[], problems: readonly Check[] = NONE): ReceivedChain {
    return new ReceivedChain([], { chain, hashes }, problems).normalised();
  }

  get length(): number {
    return this.chunks.length * CHUNK + this.tail.chain.length;
  }

  /** The chain after a change: its first `keep` blocks, then `added` (with their hashes). */
  changed(
    keep: number,
    added: Chain,
    addedHashes: readonly string[],
    problems: readonly Check[] = NONE,
  ): ReceivedChain {
    this.made = null;
    const kept = Math.min(keep, this.length);
    if (kept === this.length && added.length === 0) return new ReceivedChain(this.chunks, this.tail, problems);
    const whole = Math.floor(kept / CHUNK);
    const from = whole < this.chunks.length ? (this.chunks[whole] as Arrays) : this.tail;
    const part = kept - whole * CHUNK;
    const tail = {
      chain: from.chain.slice(0, part).concat(added),
      hashes: from.hashes.slice(0, part).concat(addedHashes),
    };
    return new ReceivedChain(this.chunks.slice(0, whole), tail, problems).normalised();
  }

  /** Full chunks out of a tail that grew past one. */
  private normalised(): ReceivedChain {
    if (this.tail.chain.length < CHUNK) return this;
    const chunks = [...this.chunks];
    let at = 0;
    for (; this.tail.chain.length - at >= CHUNK; at += CHUNK) {
      chunks.push({ chain: this.tail.chain.slice(at, at + CHUNK), hashes: this.tail.hashes.slice(at, at + CHUNK) });
    }
    const tail = { chain: this.tail.chain.slice(at), hashes: this.tail.hashes.slice(at) };
    return new ReceivedChain(chunks, tail, this.problems);
  }

  /**
   * This version for keeping (in a checkpoint): the same blocks, without the arrays a read made.
   * A checkpoint then holds its chunks' list and a tail of fewer than CHUNK blocks (with 256,
   * the tails of sixteen nodes were most of what 78 checkpoints held: 12 of 19 MB).
   */
  kept(): ReceivedChain {
    return new ReceivedChain(this.chunks, this.tail, this.problems);
  }

  /** The whole chain and its hashes, made on the first call (see the class comment). */
  arrays(): Arrays {
    if (this.made) return this.made;
    if (this.chunks.length === 0) {
      this.made = this.tail;
      return this.tail;
    }
    const chain: Chain[number][] = [];
    const hashes: string[] = [];
    for (const part of [...this.chunks, this.tail]) {
      for (const block of part.chain) chain.push(block);
      for (const hash of part.hashes) hashes.push(hash);
    }
    this.made = { chain, hashes };
    return this.made;
  }

  /** The hash of block `i` (from 0), without making the arrays. */
  hashAt(i: number): string | undefined {
    const whole = Math.floor(i / CHUNK);
    const part = whole < this.chunks.length ? this.chunks[whole] : this.tail;
    return part?.hashes[i - whole * CHUNK];
  }

  /** Block `i` (from 0), without making the arrays. */
  blockAt(i: number): Chain[number] | undefined {
    const whole = Math.floor(i / CHUNK);
    const part = whole < this.chunks.length ? this.chunks[whole] : this.tail;
    return part?.chain[i - whole * CHUNK];
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
      problems: this.problems,
      hashAt: (i) => chain.hashAt(i),
      blockAt: (i) => chain.blockAt(i),
    };
  }
}
