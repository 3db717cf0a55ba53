import type { HttpResponse } from '../../src/core/http';
import type { Network, SimMessage } from '../../src/sim/network';

/** In-process nodes defer their work as macrotasks, as postMessage would. */
export const timing = { defer: (task: () => void) => setImmediate(task), elapsedMs: () => performance.now() };

export const tick = () => new Promise((done) => setImmediate(done));

/** Waits for a command's answer in run mode, moving sim time 25 ms per turn of the event loop. */
export async function answerOf(network: Network, pending: Promise<HttpResponse>): Promise<HttpResponse> {
  let answer: HttpResponse | null = null;
  void pending.then((r) => (answer = r));
  for (let spins = 0; answer === null; spins++) {
    if (spins > 100_000) throw new Error('the command was never answered');
    await tick();
    network.advanceTo(network.now + 25);
  }
  return answer;
}

/** Runs a command in run mode until it is answered, moving sim time 25 ms per turn of the event loop. */
export async function run(
  network: Network,
  address: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResponse> {
  let answer: HttpResponse | null = null;
  const request =
    body === undefined
      ? { method, path }
      : { method, path, contentType: 'application/json', body: JSON.stringify(body) };
  void network.command(address, request).then((r) => (answer = r));
  for (let spins = 0; answer === null; spins++) {
    if (spins > 100_000) throw new Error('the command was never answered');
    await tick();
    network.advanceTo(network.now + 25);
  }
  return answer;
}

/**
 * An answer on its way back from 127.0.0.1:5010 to localhost:5000: with the chain (ok), with a
 * failure (a node that did not answer), or with no reply yet.
 */
export function answerMessage(reply?: { ok: boolean }): SimMessage {
  return {
    id: 1,
    ref: 'localhost:5000/f1>x',
    kind: 'response',
    from: '127.0.0.1:5010',
    to: 'localhost:5000',
    asker: 'localhost:5000',
    fetchId: 1,
    sentAt: 0,
    deliverAt: 300,
    ...(reply
      ? {
          reply: reply.ok
            ? { ok: true, response: { status: 200, contentType: 'application/json', body: '{}' } }
            : { ok: false, reason: 'unreachable' },
        }
      : {}),
  };
}
