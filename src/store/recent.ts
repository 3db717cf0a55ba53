/** Entries per chunk: what adding one entry copies, at most (with the list of chunks). */
const CHUNK = 250;

/**
 * The newest entries of a long list, at most a limit of them, kept in chunks: adding entries
 * copies the last chunk, not the list. Each version is a value: adding makes a new Recent and
 * never alters this one (the store's state is immutable).
 *
 * Why: the timeline is 5,000 entries once full, and a busy run adds entries on every frame.
 * Copying it whole each time was a fifth of the page's garbage (1 of 5.3 MB/s).
 */
export class Recent<T> {
  private constructor(
    private readonly chunks: readonly (readonly T[])[],
    readonly length: number,
    /** How many older entries went to keep to the limit (the list says so). */
    readonly dropped = 0,
  ) {}

  static of<T>(items: readonly T[]): Recent<T> {
    return new Recent<T>([], 0).appended(items, Number.POSITIVE_INFINITY);
  }

  /** These entries, then `added`, keeping the newest `limit`. */
  appended(added: readonly T[], limit: number): Recent<T> {
    if (added.length === 0 && this.length <= limit) return this;
    const chunks = this.chunks.slice(0, -1);
    let open = this.chunks.at(-1) ?? [];
    for (let at = 0; at < added.length; ) {
      if (open.length === CHUNK) {
        chunks.push(open);
        open = [];
      }
      const take = Math.min(CHUNK - open.length, added.length - at);
      open = open.concat(added.slice(at, at + take));
      at += take;
    }
    if (open.length > 0) chunks.push(open);
    // The oldest go: whole chunks first, then the start of the oldest chunk left.
    let over = this.length + added.length - limit;
    for (let oldest = chunks[0]; oldest && oldest.length <= over; oldest = chunks[0]) {
      chunks.shift();
      over -= oldest.length;
    }
    const oldest = chunks[0];
    if (over > 0 && oldest) chunks[0] = oldest.slice(over);
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    return new Recent(chunks, length, this.dropped + this.length + added.length - length);
  }

  /** The entry at `index` (0 is the oldest kept). */
  at(index: number): T | undefined {
    if (index < 0) return undefined;
    let left = index;
    for (const chunk of this.chunks) {
      if (left < chunk.length) return chunk[left];
      left -= chunk.length;
    }
    return undefined;
  }

  /** The newest entry. */
  last(): T | undefined {
    return this.chunks.at(-1)?.at(-1);
  }

  /** The newest `count` entries, oldest first. */
  newest(count: number): T[] {
    const parts: (readonly T[])[] = [];
    let left = count;
    for (let i = this.chunks.length - 1; i >= 0 && left > 0; i--) {
      const chunk = this.chunks[i] ?? [];
      parts.push(chunk.length <= left ? chunk : chunk.slice(chunk.length - left));
      left -= chunk.length;
    }
    return ([] as T[]).concat(...parts.reverse());
  }

  toArray(): T[] {
    return ([] as T[]).concat(...this.chunks);
  }

  /** The entries that pass `keep`, as a new Recent. */
  filter(keep: (entry: T) => boolean): Recent<T> {
    const kept = Recent.of(this.toArray().filter(keep));
    return new Recent(kept.chunks, kept.length, this.dropped);
  }
}
