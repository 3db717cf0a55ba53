import { canonicalJson } from '../core/json/canonical';
import type { Json } from '../core/json/value';

/** A value for people: strings as typed (Korean stays Korean), everything else as the canonical JSON. */
export function showJson(value: Json | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return `"${value}"`;
  return canonicalJson(value);
}
