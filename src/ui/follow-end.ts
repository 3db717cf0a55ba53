/**
 * Boxes that follow their newest items (each chain's list, the block tree) are scrolled to their
 * end once a frame, all together, just before the frame is drawn. Scrolling in each box's layout
 * effect made the browser lay the page out at once, for every redraw of every column (sixteen
 * columns redraw at their own moments): a fifth of the page's script time under bench:ui's load
 * was those layouts. Here the first box read lays the page out, the layout the frame makes
 * anyway, and the others read it as it is.
 */
interface Follow {
  readonly axis: 'x' | 'y';
  /** Asked in the frame: whether the box still follows (the person may have scrolled back since). */
  readonly still: () => boolean;
  /** Following sideways: a row (its top and height) to bring into view too, where it is out of it. */
  readonly row?: { readonly top: number; readonly height: number };
}

const waiting = new Map<HTMLElement, Follow>();
let scheduled = false;

function run(): void {
  scheduled = false;
  const boxes = [...waiting];
  waiting.clear();
  for (const [box, { axis, still, row }] of boxes) {
    if (!box.isConnected || !still()) continue;
    if (axis === 'y') box.scrollTop = box.scrollHeight;
    else box.scrollLeft = box.scrollWidth;
    if (row && (row.top < box.scrollTop || row.top + row.height > box.scrollTop + box.clientHeight)) {
      box.scrollTop = Math.max(0, row.top + row.height / 2 - box.clientHeight / 2);
    }
  }
}

/** Scrolls `box` to its end (down for 'y', right for 'x') before the next frame is drawn. */
export function followEnd(
  box: HTMLElement,
  axis: 'x' | 'y',
  still: () => boolean,
  row?: { readonly top: number; readonly height: number },
): void {
  waiting.set(box, row ? { axis, still, row } : { axis, still });
  if (scheduled) return;
  scheduled = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  else setTimeout(run, 0);
}

/**
 * Whether a box follows its end after one of its scroll events. At the end, it does. Short of it,
 * it stops only where the person scrolled back (towards the start): the box's own scroll to the
 * end may find, by the time its event comes, more content below (blocks added meanwhile), which is
 * no reason to stop following. `last` keeps the furthest position seen while following (so that
 * a slow scroll back, a pixel an event, adds up), else the last one.
 */
export function stillFollowing(
  box: HTMLElement,
  axis: 'x' | 'y',
  following: boolean,
  last: { current: number },
  slack = 24,
): boolean {
  const at = axis === 'y' ? box.scrollTop : box.scrollLeft;
  const end = axis === 'y' ? box.scrollHeight - box.clientHeight : box.scrollWidth - box.clientWidth;
  const back = at < last.current - 1;
  if (at >= end - slack) {
    last.current = at;
    return true;
  }
  const still = following && !back;
  last.current = still ? Math.max(last.current, at) : at;
  return still;
}
