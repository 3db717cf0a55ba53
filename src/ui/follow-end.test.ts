import { describe, expect, it } from 'vitest';
import { stillFollowing } from './follow-end';

/** A box of 100 px showing `height` px of content, scrolled to `top`. */
const box = (top: number, height: number) =>
  ({ scrollTop: top, scrollHeight: height, clientHeight: 100 }) as unknown as HTMLElement;

describe('following a box’s end', () => {
  it('goes on following where content came below the box’s own scroll to the end', () => {
    const last = { current: 0 };
    expect(stillFollowing(box(900, 1000), 'y', true, last)).toBe(true);
    // Scrolled to 1,400 of 1,500, but 600 px more came before the event: short of the end, not back.
    expect(stillFollowing(box(1400, 2100), 'y', true, last)).toBe(true);
  });

  it('stops where the person scrolls back, even a pixel an event, and follows again at the end', () => {
    const last = { current: 0 };
    expect(stillFollowing(box(900, 1000), 'y', true, last)).toBe(true);
    let following = true;
    for (let top = 899; top >= 860; top--) following = stillFollowing(box(top, 1000), 'y', following, last);
    expect(following).toBe(false);
    expect(stillFollowing(box(880, 1000), 'y', following, last)).toBe(true);
  });
});
