/**
 * Node addresses, as register_node stores them and resolve_conflicts uses them.
 *
 * The reference stores urlparse(address).netloc, or else .path. We follow Python's urlsplit
 * with one deliberate difference: "localhost:5001" keeps its host, as Python 3.6-3.8 did and as
 * users expect (Python 3.9+ reads it as scheme "localhost" and path "5001").
 */
export type AddressResult = { ok: true; node: string } | { ok: false; reason: string };

const SCHEME_CHARS = /^[A-Za-z][A-Za-z0-9+.-]*$/;

export function normaliseAddress(input: string): AddressResult {
  // urlsplit strips leading C0 controls and spaces, and drops tabs and newlines anywhere.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters urlsplit strips
  let url = input.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\r\n]/g, '');
  const colon = url.indexOf(':');
  if (colon > 0 && SCHEME_CHARS.test(url.slice(0, colon))) {
    const rest = url.slice(colon + 1);
    const isPort = rest.length > 0 && /^[0-9]+$/.test(rest);
    if (!isPort) url = rest;
  }
  let netloc = '';
  if (url.startsWith('//')) {
    const end = url.slice(2).search(/[/?#]/);
    netloc = end === -1 ? url.slice(2) : url.slice(2, 2 + end);
    url = end === -1 ? '' : url.slice(2 + end);
    if (netloc.includes('[') !== netloc.includes(']')) return { ok: false, reason: 'invalid IPv6 address' };
  }
  const path = url.split('#')[0]?.split('?')[0] ?? '';
  const node = netloc || path;
  if (node === '') return { ok: false, reason: 'no host in the URL' };
  if (/\s/.test(node)) return { ok: false, reason: 'a node address cannot contain spaces' };
  return { ok: true, node };
}

/** Where resolve_conflicts asks a node for its chain: always plain http, as the reference does. */
export function chainUrl(node: string): string {
  return `http://${node}/chain`;
}

export interface PeerTarget {
  readonly host: string;
  readonly port: number;
  /** Anything after host:port, e.g. "/sub" for "127.0.0.1:5001/sub" (fetched as /sub/chain). */
  readonly basePath: string;
}

/** Splits a stored node into host, port and path, for routing a request to it. */
export function peerTarget(node: string): PeerTarget | null {
  const slash = node.indexOf('/');
  const authority = slash === -1 ? node : node.slice(0, slash);
  const basePath = slash === -1 ? '' : node.slice(slash);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::([0-9]*))?$/.exec(hostPort);
  if (!match || match[1] === '') return null;
  const port = match[2] ? Number(match[2]) : 80;
  if (port > 65535) return null;
  return { host: (match[1] as string).toLowerCase(), port, basePath };
}
