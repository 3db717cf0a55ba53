import type { RunFile } from './run-file';

/**
 * Items of a long list whose text is kept together, from one write to the next. The last chunk of
 * each list is written again at every save; with 1,024 it was half a megabyte a save at 2,000
 * blocks (sixteen chains' last chunks), kept until the next save and so promoted to the heap's
 * old part before it died.
 */
const CHUNK = 128;

/** Stands for a long list in the rest of the file's text, until the list's own text takes its place. */
const mark = (name: string) => `\u0000${name}`;
const MARKED = /"\\u0000([^"]*)"/g;

/**
 * A run's file text, written again and again as the run grows (the autosave, every few seconds):
 * compact JSON whose long lists (the journal, each node's final chain of hashes) are made of the
 * text of chunks kept from the last write. A journal only grows, or is cut back and grows again
 * (a jump to the past, then an action); its entries are objects never changed, and hashes are
 * strings, so a chunk whose items are the same as last time has the same text. Writing a
 * 2,000-block run whole (64,000 entries, 8 MB) took the page's thread 100 ms and more; a write
 * now makes the text of what is new. The text reads back as the same run as writeRunFile's.
 */
export class RunWriter {
  private readonly lists = new Map<string, { readonly items: readonly unknown[]; readonly text: string }[]>();

  constructor(private readonly chunk = CHUNK) {}

  write(run: RunFile): string {
    return this.pieces(run).join('');
  }

  /**
   * The file's text in pieces, to be put together where it goes (the autosave makes a Blob of
   * them: the whole text, 6-8 MB at 2,000 blocks, is then never a string on the page's heap).
   */
  pieces(run: RunFile): string[] {
    const long = new Map<string, readonly unknown[]>([['journal', run.journal]]);
    const nodes = Object.fromEntries(
      Object.entries(run.final.nodes).map(([address, node]) => {
        long.set(`chain ${address}`, node.chain);
        return [address, { ...node, chain: mark(`chain ${address}`) }];
      }),
    );
    const rest = JSON.stringify({ ...run, journal: mark('journal'), final: { ...run.final, nodes } });
    // Lists no longer in the run (a node removed) keep nothing.
    for (const name of this.lists.keys()) if (!long.has(name)) this.lists.delete(name);
    // The file's text as pieces, joined at most once: joining each list, then putting the lists
    // in their places, made the whole text twice (two strings of 8 MB at 2,000 blocks, for each
    // save of the autosave, straight into the old generation of the page's heap).
    const parts: string[] = [];
    let from = 0;
    for (const found of rest.matchAll(MARKED)) {
      const items = long.get(found[1] as string);
      if (!items) continue;
      parts.push(rest.slice(from, found.index), '[');
      this.listParts(found[1] as string, items, parts);
      parts.push(']');
      from = found.index + found[0].length;
    }
    parts.push(rest.slice(from));
    return parts;
  }

  /** Pushes the texts of the list's chunks, with commas between them, to `parts`. */
  private listParts(name: string, list: readonly unknown[], parts: string[]): void {
    const kept = this.lists.get(name) ?? [];
    const count = Math.ceil(list.length / this.chunk);
    for (let k = 0; k < count; k++) {
      const start = k * this.chunk;
      const size = Math.min(this.chunk, list.length - start);
      const before = kept[k];
      if (k > 0) parts.push(',');
      // Compared where they stand: a copy of every chunk for each save was the autosave's largest
      // garbage (a quarter of a megabyte a save at 2,000 blocks, and some of it lived long enough
      // to reach the heap's old part).
      if (before && before.items.length === size && before.items.every((item, i) => item === list[start + i])) {
        parts.push(before.text);
        continue;
      }
      const items = list.slice(start, start + size);
      const text = JSON.stringify(items).slice(1, -1);
      kept[k] = { items, text };
      parts.push(text);
    }
    kept.length = count;
    this.lists.set(name, kept);
  }
}
