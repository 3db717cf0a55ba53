import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeUrl, RELAY_HEADER, RELAY_PREFIX, RELAYED, RELAYED_TYPE_HEADER, type RelayRefusal } from '../core/relay.ts';
import { MAX_BODY, readBody } from './body.ts';

/** What undici and Node call a connection the other side closed before answering. */
const CLOSED = ['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE'];

/** The most a node's answer may be (a long chain), passed on. */
const MAX_ANSWER = 64_000_000;

/** Whether this request is for the relay (the rest of the server serves the app). */
export const isRelayed = (incoming: IncomingMessage): boolean => (incoming.url ?? '').startsWith(`${RELAY_PREFIX}/`);

/**
 * Relays one request to a tutorial node (see core/relay.ts): only the five tutorial requests,
 * only to http(s) URLs, a body of at most 1 MB, an answer of at most 64 MB, each in its time.
 * The node's answer goes back as it came (status, content type, body).
 */
export async function relay(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  // A page of another site may not use the relay (a browser says where a request comes from).
  const site = incoming.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return refuse(outgoing, 403, 'the relay answers the page it serves, not other sites', { code: 'crossSite' });
  }
  const asked = new URL(incoming.url ?? '/', 'http://relay');
  const path = asked.pathname.slice(RELAY_PREFIX.length);
  const method = incoming.method ?? 'GET';
  const limit = RELAYED[`${method} ${path}`];
  if (limit === undefined)
    return refuse(outgoing, 403, `only the five tutorial requests are relayed, not ${method} ${path}`, {
      code: 'notTutorial',
      request: `${method} ${path}`.slice(0, 100),
    });
  const target = nodeUrl(asked.searchParams.get('node') ?? '');
  if (!target.ok) return refuse(outgoing, 400, target.reason, { code: 'badTarget' });
  const body = method === 'POST' ? await readBody(incoming) : null;
  if (method === 'POST' && body === null)
    return refuse(outgoing, 413, `a request body may be ${MAX_BODY} bytes at most`, { code: 'tooLarge' });
  let answer: Response;
  try {
    answer = await fetch(`${target.url}${path}`, {
      method,
      headers: method === 'POST' ? { 'content-type': incoming.headers['content-type'] ?? 'application/json' } : {},
      ...(method === 'POST' ? { body } : {}),
      signal: AbortSignal.timeout(limit),
      redirect: 'manual',
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const host = target.host;
    if (timedOut) {
      const seconds = String(limit / 1000);
      return refuse(outgoing, 504, `${host} did not answer within ${seconds} s`, { code: 'timeout', host, seconds });
    }
    const detail = String(cause?.code ?? cause?.message ?? (error as Error).message).slice(0, 200);
    // The two a person meets most, when a node stops: nothing listens any more, or it stopped
    // while it was asked. Said in words; the code stays for whoever knows it.
    if (cause?.code === 'ECONNREFUSED') {
      return refuse(outgoing, 502, `${host} refused the connection: no node is listening there`, {
        code: 'refused',
        host,
      });
    }
    if (cause?.code && CLOSED.includes(cause.code)) {
      return refuse(outgoing, 502, `${host} closed the connection before it answered`, { code: 'closed', host });
    }
    return refuse(outgoing, 502, `${host} cannot be reached (${detail})`, { code: 'unreachable', host, detail });
  }
  const declared = Number(answer.headers.get('content-length') ?? 0);
  const tooLong = () =>
    refuse(outgoing, 502, `${target.host}'s answer is longer than 64 MB`, { code: 'answerTooLong', host: target.host });
  if (declared > MAX_ANSWER) return tooLong();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const part of answer.body ?? []) {
      size += part.length;
      if (size > MAX_ANSWER) return tooLong();
      parts.push(part);
    }
  } catch (error) {
    return refuse(outgoing, 502, `${target.host}'s answer broke off (${(error as Error).message})`, {
      code: 'brokeOff',
      host: target.host,
    });
  }
  outgoing.writeHead(answer.status, {
    ...SAFE,
    'content-type': 'text/plain; charset=utf-8',
    [RELAYED_TYPE_HEADER]: (answer.headers.get('content-type') ?? '').slice(0, 200),
    [RELAY_HEADER]: 'answered',
  });
  outgoing.end(Buffer.concat(parts));
}

/** Whatever comes back is data, never a page: not sniffed, and sandboxed if opened. */
const SAFE = { 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox' } as const;

/**
 * The relay's own refusal: the reason in English (for curl and logs), and its code with the
 * values a page words it with in its own language (see RelayRefusal).
 */
function refuse(
  outgoing: ServerResponse,
  status: number,
  reason: string,
  said: { code: RelayRefusal } & Record<string, string>,
): void {
  outgoing.writeHead(status, { ...SAFE, 'content-type': 'application/json', [RELAY_HEADER]: 'refused' });
  outgoing.end(`${JSON.stringify({ relay: reason, ...said })}\n`);
}
