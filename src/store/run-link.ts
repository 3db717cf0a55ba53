import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { Problem } from './run-file';

/** A link carries a run in its fragment, after this. */
export const LINK_PREFIX = '#run=';
/** The most journal entries a link carries: a lesson's worth, a few kilobytes once compressed. */
export const MAX_LINK_ENTRIES = 600;
/** The longest fragment read back (what a browser's address bar takes with room to spare). */
const MAX_LINK_LENGTH = 64_000;

/** A run file's text as a link's fragment: deflated, then base64url. */
export function encodeRunLink(runText: string): string {
  const packed = deflateSync(strToU8(runText), { level: 9 });
  let binary = '';
  for (const byte of packed) binary += String.fromCharCode(byte);
  return `${LINK_PREFIX}${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The run file's text a fragment carries, or why it does not read. */
export function decodeRunLink(fragment: string): { ok: true; text: string } | { ok: false; problem: Problem } {
  const damaged: Problem = { key: 'link.damaged' };
  if (!fragment.startsWith(LINK_PREFIX) || fragment.length > MAX_LINK_LENGTH) return { ok: false, problem: damaged };
  const data = fragment.slice(LINK_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*$/.test(data)) return { ok: false, problem: damaged };
  try {
    const binary = atob(data + '='.repeat((4 - (data.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return { ok: true, text: strFromU8(inflateSync(bytes)) };
  } catch {
    return { ok: false, problem: damaged };
  }
}
