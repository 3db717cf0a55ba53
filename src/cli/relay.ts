import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeUrl, RELAY_HEADER, RELAY_PREFIX, RELAYED, RELAYED_TYPE_HEADER } from '../core/relay.ts';
import { MAX_BODY, readBody } from './body.ts';

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
    return refuse(outgoing, 403, 'the relay answers the page it serves, not other sites');
  }
  const asked = new URL(incoming.url ?? '/', 'http://relay');
  const path = asked.pathname.slice(RELAY_PREFIX.length);
  const method = incoming.method ?? 'GET';
  const limit = RELAYED[`${method} ${path}`];
  if (limit === undefined)
    return refuse(outgoing, 403, `only the five tutorial requests are relayed, not ${method} ${path}`);
  const target = nodeUrl(asked.searchParams.get('node') ?? '');
  if (!target.ok) return refuse(outgoing, 400, target.reason);
  const body = method === 'POST' ? await readBody(incoming) : null;
  if (method === 'POST' && body === null)
    return refuse(outgoing, 413, `a request body may be ${MAX_BODY} bytes at most`);
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
    const reason = timedOut
      ? `${target.host} did not answer within ${limit / 1000} s`
      : `${target.host} cannot be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`;
    return refuse(outgoing, timedOut ? 504 : 502, reason);
  }
  const declared = Number(answer.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER) return refuse(outgoing, 502, `${target.host}'s answer is longer than 64 MB`);
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const part of answer.body ?? []) {
      size += part.length;
      if (size > MAX_ANSWER) return refuse(outgoing, 502, `${target.host}'s answer is longer than 64 MB`);
      parts.push(part);
    }
  } catch (error) {
    return refuse(outgoing, 502, `${target.host}'s answer broke off (${(error as Error).message})`);
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

function refuse(outgoing: ServerResponse, status: number, reason: string): void {
  outgoing.writeHead(status, { ...SAFE, 'content-type': 'application/json', [RELAY_HEADER]: 'refused' });
  outgoing.end(`${JSON.stringify({ relay: reason })}\n`);
}
