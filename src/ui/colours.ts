/**
 * Twelve colours, each at least 22 apart from every other in OKLab (ΔE×100; see colours.test.ts),
 * found by a farthest-point search over the sRGB cube within a band of lightness that reads on
 * white. Different blocks at the same height get different ones; past twelve, striped ones.
 */
export const PALETTE = [
  '#00eeee',
  '#1199cc',
  '#0000bb',
  '#8833aa',
  '#eebbff',
  '#ff00ff',
  '#770000',
  '#ff6600',
  '#ffcc44',
  '#77aa22',
  '#55ff00',
  '#006600',
] as const;

export interface BlockColour {
  readonly colour: string;
  /** Striped: a block past the twelfth at its height (or a colour's second use). */
  readonly striped: boolean;
}

/**
 * The colour of each block, given the first time it is drawn and kept: identical blocks (the
 * same hash) look the same in every column and in the tree, and a block never changes colour.
 * Its first choice comes from its hash; if another block at the same height has it, the next
 * free one. So blocks of a fork are told apart at a glance, and the short hash is always printed
 * beside the colour (never colour alone).
 */
export class ColourBook {
  private readonly given = new Map<string, number>();
  private readonly taken = new Map<number, Set<number>>();

  colourOf(hash: string, height: number): BlockColour {
    let slot = this.given.get(hash);
    if (slot === undefined) {
      const used = this.taken.get(height) ?? new Set<number>();
      this.taken.set(height, used);
      slot = freeSlot(Number.parseInt(hash.slice(0, 6) || '0', 16) % PALETTE.length, used);
      used.add(slot);
      this.given.set(hash, slot);
    }
    return { colour: PALETTE[slot % PALETTE.length] as string, striped: slot >= PALETTE.length };
  }
}

/**
 * The first free slot from `first` on: the plain colours all round first, then the striped ones;
 * past those (a 25th block at one height) the striped one of its first choice again.
 */
function freeSlot(first: number, used: ReadonlySet<number>): number {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < PALETTE.length; i++) {
      const slot = round * PALETTE.length + ((first + i) % PALETTE.length);
      if (!used.has(slot)) return slot;
    }
  }
  return PALETTE.length + first;
}

let book = { generation: -1, colours: new ColourBook() };

/**
 * The book of block colours of a network (one for all columns and the tree). A new network starts
 * a new book: its blocks are other blocks, and the colours the last one used are free again.
 */
export function coloursOf(generation: number): ColourBook {
  if (book.generation !== generation) book = { generation, colours: new ColourBook() };
  return book.colours;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
