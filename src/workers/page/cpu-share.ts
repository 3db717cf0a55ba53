/**
 * The page keeps a core. Sixteen nodes mining at once on a two-core machine would leave the
 * page's thread one seventeenth of the processor, and every frame would wait for it. So the
 * nodes that mine share a budget of cores (all but half a core), each mining at most its share
 * of the time and resting between slices (see NodeHost). Fewer miners than cores mine flat out.
 *
 * A share goes down at once: more miners must not crowd the page. It goes up only to what held
 * for a second: a node mining continuously stops for a moment between blocks, so at a low
 * difficulty the count of miners changes many times a second, and telling every node each time
 * was 70 messages a second with sixteen nodes at difficulty 3.
 */
export class MiningShare<Node> {
  private readonly mining = new Map<Node, Set<number>>();
  private readonly told = new Map<Node, number>();
  private scheduled = false;
  /** Whether a raise is waiting (see `later`), and the lowest share seen since it was set. */
  private raising = false;
  private lowest = Number.POSITIVE_INFINITY;

  constructor(
    /** How many cores the miners may use together. */
    private readonly budget: number,
    /** Tells a node its share of the time (0 to 1]. */
    private readonly tell: (node: Node, share: number) => void,
    /** Runs the recount soon, once for a burst of changes (blocks come many times a second). */
    private readonly soon: (task: () => void) => void = (task) => setTimeout(task, 100),
    /** Runs the raise after a second, once for all the rises in it. */
    private readonly later: (task: () => void) => void = (task) => setTimeout(task, 1000),
  ) {}

  /** The cores a page may give its miners: all but half a core, and half a core at least. */
  static budgetFor(cores: number): number {
    return Math.max(0.5, cores - 0.5);
  }

  started(node: Node, request: number): void {
    const open = this.mining.get(node) ?? new Set<number>();
    open.add(request);
    this.mining.set(node, open);
    this.changed();
  }

  ended(node: Node, request: number): void {
    const open = this.mining.get(node);
    if (!open?.delete(request)) return;
    if (open.size === 0) this.mining.delete(node);
    this.changed();
  }

  /** The node was restored: what it mined before is dropped (its searches under way are not counted). */
  restored(node: Node): void {
    if (this.mining.delete(node)) this.changed();
  }

  joined(node: Node): void {
    this.told.set(node, 1);
    this.changed();
  }

  left(node: Node): void {
    this.mining.delete(node);
    this.told.delete(node);
    this.changed();
  }

  /** Each node's share now: the budget split among the nodes mining, at most all the time. */
  share(): number {
    return Math.min(1, this.budget / Math.max(1, this.mining.size));
  }

  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.soon(() => {
      this.scheduled = false;
      const share = this.share();
      this.lowest = Math.min(this.lowest, share);
      let rose = false;
      for (const [node, last] of this.told) {
        // Small changes are not worth a message to every node.
        if (Math.abs(share - last) <= 0.05 * last) continue;
        if (share > last) rose = true;
        else this.update(node, share);
      }
      if (rose && !this.raising) {
        this.raising = true;
        this.lowest = share;
        this.later(() => this.raise());
      }
    });
  }

  /** After a second of rises: each node's share goes up to the lowest it was in that second. */
  private raise(): void {
    this.raising = false;
    const held = Math.min(this.lowest, this.share());
    this.lowest = Number.POSITIVE_INFINITY;
    for (const [node, last] of this.told) if (held > last * 1.05) this.update(node, held);
  }

  private update(node: Node, share: number): void {
    this.told.set(node, share);
    this.tell(node, share);
  }
}
