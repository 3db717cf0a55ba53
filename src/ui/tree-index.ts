/**
 * Every block any node has held, once, by hash, laid out for the block tree: x is its height,
 * y a lane, given when the block first arrives (so that a tree of 16 chains of 2,000 blocks is
 * updated with only the blocks that are new, and drawn only where it is in view). Edges follow
 * each node's chain order; one is broken where the block's previous_hash is not the hash of the
 * block before it in that chain (a changed block, a forged chain).
 */
export interface TreeBlock {
  readonly hash: string;
  /** 1 for a genesis block (the tutorial's index). */
  readonly height: number;
  readonly lane: number;
}

export interface TreeEdge {
  readonly from: string;
  readonly to: string;
  /** The later block's previous_hash is not the earlier block's hash. */
  readonly broken: boolean;
}

/** A node's chain as the tree reads it: the hash and the previous_hash of each block. */
export interface ChainReading {
  readonly length: number;
  /** True when every block's previous_hash is known to name the block before it (no broken link). */
  readonly linked?: boolean;
  hashAt(i: number): string;
  previousHashAt(i: number): string | null;
}

export class TreeIndex {
  private readonly blocks = new Map<string, TreeBlock>();
  private readonly byHeight = new Map<number, TreeBlock[]>();
  private readonly edges = new Map<string, TreeEdge>();
  /** The edges into each block (more than one only where chains were changed). */
  private readonly into = new Map<string, TreeEdge[]>();
  /** Lanes taken at each height. */
  private readonly lanes = new Map<number, Set<number>>();
  /** Each node's chain as last read: its hashes. */
  private readonly seen = new Map<string, string[]>();
  /** Whether each node's chain, as last read, had every link holding. */
  private readonly seenLinked = new Map<string, boolean>();
  /** The highest height of any block. */
  private top = 0;

  get height(): number {
    return this.top;
  }

  /** Reads a node's chain: adds the blocks and the edges that are new, and remembers its head. */
  update(address: string, chain: ChainReading): void {
    const before = this.seen.get(address) ?? [];
    // Where the chain stops being the one read last time (most often: only new blocks at the end).
    // Two readings whose every link holds, with the same block at the end of the shorter, hold the
    // same blocks before it (each block names the one before it by its hash): one comparison.
    // Otherwise every block is compared: an edited block changes its own hash but not the newest
    // block's (and breaks the link after it), and a block mined again may bring back the one it
    // replaced, under the same newest block.
    const end = Math.min(before.length, chain.length);
    let from = 0;
    const linked = chain.linked === true && this.seenLinked.get(address) === true;
    if (linked && end > 0 && chain.hashAt(end - 1) === before[end - 1]) from = end;
    else while (from < end && chain.hashAt(from) === before[from]) from++;
    // Blocks added at the end go on the array read last time; a chain replaced from `from` on is a new one.
    const hashes = from === before.length ? before : before.slice(0, from);
    for (let i = from; i < chain.length; i++) {
      const hash = chain.hashAt(i);
      const parent = i > 0 ? chain.hashAt(i - 1) : null;
      this.add(hash, i + 1, parent);
      if (parent !== null) this.link(parent, hash, chain.previousHashAt(i) !== parent);
      hashes.push(hash);
    }
    this.seen.set(address, hashes);
    this.seenLinked.set(address, chain.linked === true);
  }

  /** A node gone: its head no longer marks a block (its blocks stay, as blocks no node holds). */
  forget(address: string): void {
    this.seen.delete(address);
    this.seenLinked.delete(address);
  }

  /** Whether some node's chain holds the link now: `from`, then `to` right after it. */
  holdsLink(from: string, to: string): boolean {
    const block = this.blocks.get(to);
    if (!block || block.height < 2) return false;
    for (const hashes of this.seen.values()) {
      if (hashes[block.height - 1] === to && hashes[block.height - 2] === from) return true;
    }
    return false;
  }

  private add(hash: string, height: number, parent: string | null): void {
    if (this.blocks.has(hash)) return;
    const taken = this.lanes.get(height) ?? new Set<number>();
    this.lanes.set(height, taken);
    // The parent's lane if it is free at this height (a chain stays on one line), else the first free one.
    let lane = parent === null ? 0 : (this.blocks.get(parent)?.lane ?? 0);
    if (taken.has(lane)) {
      lane = 0;
      while (taken.has(lane)) lane++;
    }
    taken.add(lane);
    const block = { hash, height, lane };
    this.blocks.set(hash, block);
    const row = this.byHeight.get(height) ?? [];
    row.push(block);
    this.byHeight.set(height, row);
    this.top = Math.max(this.top, height);
  }

  private link(from: string, to: string, broken: boolean): void {
    const key = `${from}>${to}`;
    if (this.edges.has(key)) return;
    const edge = { from, to, broken };
    this.edges.set(key, edge);
    this.into.set(to, [...(this.into.get(to) ?? []), edge]);
  }

  /** The blocks from height `low` to `high` (inclusive), and the edges into them. */
  view(low: number, high: number): { blocks: TreeBlock[]; edges: TreeEdge[]; lanes: number } {
    const blocks: TreeBlock[] = [];
    const edges: TreeEdge[] = [];
    let lanes = 0;
    for (let height = Math.max(1, low); height <= high; height++) {
      for (const block of this.byHeight.get(height) ?? []) {
        blocks.push(block);
        lanes = Math.max(lanes, block.lane + 1);
        edges.push(...(this.into.get(block.hash) ?? []));
      }
    }
    return { blocks, edges, lanes };
  }

  /** The lane of the block that reached `height` last (null: none there). */
  laneAt(height: number): number | null {
    return this.byHeight.get(height)?.at(-1)?.lane ?? null;
  }

  block(hash: string): TreeBlock | undefined {
    return this.blocks.get(hash);
  }

  /** Each node's head (the hash of its newest block), and every block some node holds now. */
  heads(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [address, hashes] of this.seen) {
      const head = hashes.at(-1);
      if (head === undefined) continue;
      out.set(head, [...(out.get(head) ?? []), address]);
    }
    return out;
  }

  /** Whether some node's chain holds the block now. */
  held(hash: string): boolean {
    const block = this.blocks.get(hash);
    if (!block) return false;
    for (const hashes of this.seen.values()) if (hashes[block.height - 1] === hash) return true;
    return false;
  }

  /** The hashes of a node's chain, as last read. */
  chainOf(address: string): readonly string[] {
    return this.seen.get(address) ?? [];
  }
}

/** Heights drawn beyond the edges of the view, so that a scroll shows no gap. */
const MARGIN = 2;
/**
 * The heights drawn start at a multiple of this: a tree that follows its newest blocks scrolls
 * by one height at a time, and each scroll drew the whole tree again (a frame of 67 ms under
 * bench:ui's load, 54 of them in the scroll); now one scroll in eight does.
 */
const CHUNK = 8;

/**
 * The heights to draw for a view scrolled `left` pixels in and `width` wide, at `step` pixels per
 * height: all those in view and MARGIN more each way, from a multiple of CHUNK (the end is not
 * cut to the tree's own).
 */
export function drawnHeights(
  left: number,
  width: number,
  step: number,
): { readonly from: number; readonly to: number } {
  const from = Math.max(1, Math.floor((left / step - MARGIN) / CHUNK) * CHUNK);
  // As many heights as the view holds, the margins, and the CHUNK that `from` may lag behind.
  return { from, to: from + Math.ceil(width / step) + 2 * MARGIN + CHUNK + 1 };
}
