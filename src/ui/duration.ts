import type { Translate } from './use-app';

/** Expected guesses for a block: each hex zero is a 1 in 16 chance. */
export function expectedGuesses(difficulty: number): number {
  return 16 ** difficulty;
}

/** A duration in words, rounded to what a person can feel. */
export function duration(seconds: number, t: Translate): string {
  if (seconds < 1) return t('time.ms', { n: String(Math.max(1, Math.round(seconds * 1000))) });
  if (seconds < 90) return t('time.s', { n: seconds < 10 ? seconds.toFixed(1) : String(Math.round(seconds)) });
  if (seconds < 5400) return t('time.min', { n: String(Math.round(seconds / 60)) });
  return t('time.h', { n: (seconds / 3600).toFixed(1) });
}
