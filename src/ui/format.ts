import { canonicalJson } from '../core/json/canonical';
import type { Json } from '../core/json/value';

/** A value for people: strings as typed (Korean stays Korean), everything else as the canonical JSON. */
export function showJson(value: Json | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return `"${value}"`;
  return canonicalJson(value);
}

/** A node's name in a sentence: its port, for one of ours ("5000"), else what was stored. */
export function shortName(address: string): string {
  return address.startsWith('localhost:') ? address.slice('localhost:'.length) : address;
}
