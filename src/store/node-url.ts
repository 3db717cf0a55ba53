import type { MessageKey } from '../i18n';

/**
 * What the "Node URLs" field takes: host:port, with an optional http:// or https:// in front and
 * nothing else. POST /nodes/register itself stays as lenient as the reference (it stores whatever
 * urlparse makes of any text, vectors/register-node.json); the form is where a person is helped
 * to type an address a node can be reached at, and told why when it is not one.
 */
export type NodeUrl =
  | { readonly ok: true; readonly url: string; readonly host: string; readonly port: number }
  | { readonly ok: false; readonly key: MessageKey; readonly params: Record<string, string> };

/** Longer input is cut in messages: a pasted page of text should not become a page of error. */
const SHOWN_CHARACTERS = 60;

export function clipped(text: string): string {
  const characters = [...text];
  return characters.length > SHOWN_CHARACTERS ? `${characters.slice(0, SHOWN_CHARACTERS).join('')}…` : text;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/**
 * Reads one typed URL as a node address. The URL sent is its plain form: the scheme (http:// when
 * none was typed, so that Python 3.9+, which reads "localhost:5001" as a scheme, stores the
 * host too), the host in lower case, and the port as a number.
 */
export function parseNodeUrl(text: string): NodeUrl {
  const refuse = (key: MessageKey, params: Record<string, string> = {}): NodeUrl => ({
    ok: false,
    key,
    params: { url: clipped(text), ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, clipped(v)])) },
  });

  // Nothing typed: there is no URL to name in the message either.
  if (text.trim() === '') return { ok: false, key: 'register.blank', params: {} };
  let scheme = 'http';
  let rest = text;
  const named = SCHEME.exec(text);
  if (named && text.startsWith('//', named[0].length)) {
    scheme = (named[1] as string).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return refuse('register.scheme');
    rest = text.slice(named[0].length + 2);
  } else if (named && !/^[+-]?[0-9]/.test(text.slice(named[0].length))) {
    // "javascript:alert(1)", "mailto:x": a scheme. "localhost:5001", "h:-1": a host and a port.
    return refuse('register.scheme');
  }

  // Anything after host:port (a lone "/", as a browser's address bar shows it, is no path).
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const after = end === -1 ? '' : rest.slice(end);
  if (after !== '' && after !== '/') return refuse('register.extra', { extra: after });
  const at = authority.lastIndexOf('@');
  if (at !== -1) return refuse('register.extra', { extra: authority.slice(0, at + 1) });

  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return refuse('register.host', { host: authority });
    host = authority.slice(0, close + 1);
    const tail = authority.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) return refuse('register.host', { host: authority });
    portText = tail === '' ? undefined : tail.slice(1);
  } else {
    const colon = authority.indexOf(':');
    host = colon === -1 ? authority : authority.slice(0, colon);
    portText = colon === -1 ? undefined : authority.slice(colon + 1);
  }
  if (host === '') return refuse('register.noHost');
  if (!isHost(host)) return refuse('register.host', { host });
  if (portText === undefined || portText === '') return refuse('register.noPort');
  if (!/^[+-]?[0-9]+$/.test(portText)) return refuse('register.portNumber', { port: portText });
  const port = Number(portText);
  if (port < 1 || port > 65535) return refuse('register.portRange', { port: portText });
  const plainHost = host.toLowerCase();
  return { ok: true, url: `${scheme}://${plainHost}:${port}`, host: plainHost, port };
}

/** A host name (letters of any script, digits, "-" and "_"), an IPv4 address, or an [IPv6] address. */
function isHost(host: string): boolean {
  if (host.startsWith('[')) return host.endsWith(']') && isIpv6(host.slice(1, -1));
  // Only digits and dots: an IPv4 address or nothing (a browser reads "1.2.3" as 1.2.0.3).
  if (/^[0-9.]+$/.test(host)) return isIpv4(host);
  if (host.length > 253) return false;
  return host
    .replace(/\.$/, '')
    .split('.')
    .every((label) => label.length <= 63 && /^[\p{L}\p{N}_](?:[\p{L}\p{N}_-]*[\p{L}\p{N}_])?$/u.test(label));
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^(?:0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255);
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = groups.length;
  // The last 32 bits may be written as IPv4 ("::ffff:10.0.0.1"): two groups.
  if (groups.at(-1)?.includes('.')) {
    if (!isIpv4(groups.pop() as string)) return false;
    count++;
  }
  if (!groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}
