/**
 * The relay: a page cannot read a tutorial node's answers from another origin (Flask sends no
 * CORS headers), so `npm start` and `chainscope serve` relay them. The page asks
 * `/relay/chain?node=http%3A%2F%2Flocalhost%3A5000`; the relay asks the node and passes its answer
 * back (its status and body, its content type in RELAYED_TYPE_HEADER), marked with RELAY_HEADER.
 * The relay's own refusals carry the header too, with the value "refused", and a JSON body
 * {"relay": reason}. Only the page's own requests are relayed (not another site's).
 */
export const RELAY_PREFIX = '/relay';
export const RELAY_HEADER = 'x-chainscope-relay';
/**
 * The node's own content type, passed on in a header of its own: the relay's answer is always
 * plain text to the browser, so that whatever a node (or anything at a URL) sends is never run as
 * a page of the app's origin.
 */
export const RELAYED_TYPE_HEADER = 'x-chainscope-content-type';

/** Why the relay refused, as a code (its answer's "code"; the page words it: relay.<code>). */
export const RELAY_REFUSALS = [
  'crossSite',
  'notTutorial',
  'badTarget',
  'tooLarge',
  'timeout',
  'refused',
  'closed',
  'unreachable',
  'answerTooLong',
  'brokeOff',
] as const;
export type RelayRefusal = (typeof RELAY_REFUSALS)[number];

/** The five tutorial requests, the only ones relayed, and how long each may take. */
export const RELAYED: Readonly<Record<string, number>> = {
  'GET /chain': 15_000,
  'POST /transactions/new': 15_000,
  'POST /nodes/register': 15_000,
  // A mine and a resolve answer when they are done: a slow laptop at a high difficulty takes a while.
  'GET /mine': 300_000,
  'GET /nodes/resolve': 300_000,
};

/** The relay's path for a request of `path` to the node at `node` (a URL). */
export function relayPath(node: string, path: string): string {
  return `${RELAY_PREFIX}${path}?node=${encodeURIComponent(node)}`;
}

/** A node's URL as the relay and the page take it: http(s), a host, a path at most; or why not. */
export function nodeUrl(text: string): { ok: true; url: string; host: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return { ok: false, reason: `only http and https nodes can be asked, not ${scheme}` };
  }
  const match = /^(https?):\/\/([^/?#@\s]+)(\/[^?#\s]*)?$/i.exec(trimmed);
  const host = match?.[2]?.toLowerCase();
  if (!match || !host || !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(host)) {
    return { ok: false, reason: `${trimmed || '(empty)'} is not a node's URL (write it like http://localhost:5000)` };
  }
  const port = Number(/:(\d+)$/.exec(host)?.[1] ?? 80);
  if (port < 1 || port > 65535) return { ok: false, reason: `${port} is not a port` };
  const path = (match[3] ?? '').replace(/\/+$/, '');
  return { ok: true, url: `${(match[1] as string).toLowerCase()}://${host}${path}`, host };
}
