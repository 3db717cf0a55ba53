import type { HttpRequest, HttpResponse } from '../core/http';
import { RELAY_HEADER, RELAYED, RELAYED_TYPE_HEADER, relayPath } from '../core/relay';
import type { RealAnswer } from './real-nodes';

/** The reason a static build gives when a node cannot be reached without a relay (the UI words it). */
export const NO_RELAY = 'no-relay';

async function read(answer: Response, typeHeader = 'content-type'): Promise<HttpResponse> {
  return { status: answer.status, contentType: answer.headers.get(typeHeader) ?? '', body: await answer.text() };
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
        const said = (await relayed.json().catch(() => null)) as { relay?: unknown } | null;
        return {
          ok: false,
          reason: typeof said?.relay === 'string' ? said.relay : `the relay answered ${relayed.status}`,
        };
      }
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { ok: false, reason: `no answer within ${limit / 1000} s` };
    }
    try {
      const direct = await fetcher(`${node}${request.path}`, { ...init, signal: AbortSignal.timeout(limit) });
      return { ok: true, response: await read(direct) };
    } catch {
      return { ok: false, reason: NO_RELAY };
    }
  };
}
