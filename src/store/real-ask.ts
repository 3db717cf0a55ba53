import type { HttpRequest, HttpResponse } from '../core/http';
import {
  RELAY_HEADER,
  RELAY_REFUSALS,
  RELAYED,
  RELAYED_TYPE_HEADER,
  type RelayRefusal,
  relayPath,
} from '../core/relay';
import type { RealAnswer, RealProblem } from './real-nodes';

/** The reason a static build gives when a node cannot be reached without a relay (the UI words it). */
export const NO_RELAY = 'no-relay';

async function read(answer: Response, typeHeader = 'content-type'): Promise<HttpResponse> {
  return { status: answer.status, contentType: answer.headers.get(typeHeader) ?? '', body: await answer.text() };
}

/** A node URL's host and port, as the messages name it. */
const hostOf = (node: string): string => node.replace(/^https?:\/\//, '').replace(/\/.*$/, '');

/** The relay's refusal in the page's words: its code and the values it sent (only those known). */
function refusalOf(said: Record<string, unknown> | null): RealProblem | null {
  const code = said?.code;
  if (typeof code !== 'string' || !(RELAY_REFUSALS as readonly string[]).includes(code)) return null;
  const params: Record<string, string> = {};
  for (const name of ['host', 'seconds', 'detail', 'request']) {
    const value = said?.[name];
    if (typeof value === 'string') params[name] = value.slice(0, 200);
  }
  return { key: `relay.${code as RelayRefusal}`, params };
}

/**
 * The page's way to a real node: the relay of the server that served the page (npm start,
 * chainscope serve), which a tutorial node needs (it sends no CORS headers); where there is no
 * relay (a static build), the node itself, which works when it sends CORS headers.
 */
export function relayAsk(fetcher: typeof fetch = fetch): (node: string, request: HttpRequest) => Promise<RealAnswer> {
  return async (node, request) => {
    const init: RequestInit = {
      method: request.method,
      ...(request.contentType ? { headers: { 'content-type': request.contentType } } : {}),
      ...(request.body ? { body: request.body } : {}),
    };
    const limit = RELAYED[`${request.method} ${request.path}`] ?? 15_000;
    try {
      const relayed = await fetcher(relayPath(node, request.path), {
        ...init,
        signal: AbortSignal.timeout(limit + 5_000),
      });
      const mark = relayed.headers.get(RELAY_HEADER);
      if (mark === 'answered') return { ok: true, response: await read(relayed, RELAYED_TYPE_HEADER) };
      if (mark === 'refused') {
        const said = (await relayed.json().catch(() => null)) as Record<string, unknown> | null;
        const reason = typeof said?.relay === 'string' ? said.relay : `the relay answered ${relayed.status}`;
        const problem = refusalOf(said);
        return problem ? { ok: false, reason, problem } : { ok: false, reason };
      }
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        const seconds = String(limit / 1000);
        const problem: RealProblem = { key: 'relay.timeout', params: { host: hostOf(node), seconds } };
        return { ok: false, reason: `no answer within ${seconds} s`, problem };
      }
    }
    try {
      const direct = await fetcher(`${node}${request.path}`, { ...init, signal: AbortSignal.timeout(limit) });
      return { ok: true, response: await read(direct) };
    } catch {
      return { ok: false, reason: NO_RELAY, problem: { key: 'real.noRelay', params: {} } };
    }
  };
}
