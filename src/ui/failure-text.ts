import type { Check, SkipCode } from '../store/state';
import type { Translate } from './use-app';

/** The first failing check of valid_chain, in words (blocks are numbered from 1, as their index). */
export function failureText(failure: Check | null, t: Translate): string {
  if (!failure) return '';
  const block = String(failure.position + 1);
  const previous = String(failure.position);
  return t(`fail.${failure.check}`, { block, previous });
}

/** Why resolve_conflicts skipped a neighbour, in words. */
export function skipText(
  code: SkipCode | undefined,
  detail: string | undefined,
  fallback: string,
  t: Translate,
): string {
  return code ? t(`skip.${code}`, { detail: detail ?? '' }) : fallback;
}
