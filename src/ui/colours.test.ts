import { describe, expect, it } from 'vitest';
import { ColourBook, coloursOf, PALETTE } from './colours';

/** sRGB hex to OKLab (Björn Ottosson's matrices), each axis ×100 as the palette's comment counts it. */
function oklab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    100 * (0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s),
    100 * (1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s),
    100 * (0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s),
  ];
}

/** A hash whose first choice is `slot`. */
const hashFor = (slot: number, tail: string) => `${slot.toString(16).padStart(6, '0')}${tail}`;

describe('block colours', () => {
  it('keeps every two colours of the palette at least 20 apart in OKLab', () => {
    for (const [i, a] of PALETTE.entries()) {
      for (const b of PALETTE.slice(i + 1)) {
        const [x, y] = [oklab(a), oklab(b)];
        expect(Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]), `${a} and ${b}`).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it('gives twelve different blocks at one height twelve plain colours before any is striped', () => {
    const book = new ColourBook();
    // All twelve want the last colour first: the search goes round the plain ones, not on into stripes.
    const given = Array.from({ length: 12 }, (_, i) => book.colourOf(hashFor(11, `a${i}`), 5));
    expect(given.every((c) => !c.striped)).toBe(true);
    expect(new Set(given.map((c) => c.colour)).size).toBe(12);
    const thirteenth = book.colourOf(hashFor(11, 'b'), 5);
    expect(thirteenth.striped).toBe(true);
    // Another height is free again.
    expect(book.colourOf(hashFor(11, 'c'), 6)).toEqual({ colour: PALETTE[11], striped: false });
  });

  it('keeps a block its colour, wherever it is drawn, and gives a 25th block at a height a striped one', () => {
    const book = new ColourBook();
    const first = book.colourOf(hashFor(3, 'x'), 2);
    for (let i = 0; i < 30; i++) book.colourOf(hashFor(i % 12, `y${i}`), 2);
    expect(book.colourOf(hashFor(3, 'x'), 2)).toEqual(first);
    expect(book.colourOf(hashFor(4, 'late'), 2)).toEqual({ colour: PALETTE[4], striped: true });
  });

  it('starts a new book for a new network, so its blocks are not striped by the last one', () => {
    const old = coloursOf(1);
    for (let i = 0; i < 12; i++) old.colourOf(hashFor(0, `old${i}`), 1);
    expect(coloursOf(1)).toBe(old);
    expect(coloursOf(2).colourOf(hashFor(0, 'new'), 1)).toEqual({ colour: PALETTE[0], striped: false });
  });
});
