import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { Worker } from 'node:worker_threads';
import type { HttpRequest, HttpResponse } from '../core/http';
import { textResponse } from '../core/http';
import { createNode, type EffectReply, type Handled, handle, type NodeEffect, type NodeRef } from '../core/node';
import type { ProofSearch } from '../core/proof';
import type { PeerReply } from '../core/resolve';
import type { Rules } from '../core/rules';
import { MAX_BODY, readBody } from './body';
import { readNodeData, writeNodeData } from './node-data';

/** The most a neighbour's GET /chain answer may be, and how long it may take. */
const MAX_ANSWER = 64_000_000;
const NEIGHBOUR_TIMEOUT_MS = 5_000;

export interface NodeServerOptions {
  readonly port: number;
  readonly host: string;
  readonly rules: Rules;
  readonly nodeIdentifier: string;
  /** Where the console lines go (the reasons a resolve skipped a neighbour, among others). */
  readonly log: (line: string) => void;
  /** A file the node's state is saved to on every change, and loaded from at start (see node-data.ts). */
  readonly data?: string;
  /** How long a client may take to send its headers (10 s); its whole request may take three times that. */
  readonly slowClientMs?: number;
}

export interface NodeServer {
  readonly url: string;
  readonly ref: NodeRef;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'Content-Type',
};

/**
 * `chainscope node`: the tutorial's node as a real HTTP server, from the same core as the page.
 * Short requests are answered at once from the node's state; GET /mine and GET /nodes/resolve
 * run one at a time, in arrival order (a second mine waits), with the proof search in a worker
 * thread so that GET /chain is answered while it mines. A resolve asks each neighbour over real
 * HTTP, each with a timeout; one that is down, slow or answers junk is skipped, with the reason
 * in the log, never failing the resolve.
 */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const address = `${options.host}:${options.port}`;
  const ref: NodeRef = {
    state: createNode({
      address,
      nodeIdentifier: options.nodeIdentifier,
      rules: options.rules,
      timestamp: Date.now() / 1000,
    }),
  };
  const { data } = options;
  if (data !== undefined) {
    const saved = readNodeData(data, options.rules);
    // A damaged file is refused, and never written over.
    if (saved.ok === false) throw new Error(`${data} cannot be loaded: ${saved.reason}`);
    if (saved.ok === true) ref.state = { ...ref.state, ...saved.data };
  }
  let written = data !== undefined && existsSync(data) ? ref.state : null;
  const save = () => {
    if (data === undefined || ref.state === written) return;
    writeNodeData(data, ref.state);
    written = ref.state;
  };
  save();
  const miner = new Worker(new URL('./mine-worker.mjs', import.meta.url));
  miner.unref();
  const searches: ((proof: number) => void)[] = [];
  miner.on('message', (found: { proof: number }) => searches.shift()?.(found.proof));
  const search = (task: ProofSearch) =>
    new Promise<number>((done) => {
      searches.push(done);
      miner.postMessage(task);
    });

  let queue = Promise.resolve();
  const run = async (request: HttpRequest): Promise<Handled> => {
    const generator = handle(ref, request, () => Date.now() / 1000);
    let reply: EffectReply;
    for (;;) {
      const step = generator.next(reply);
      if (step.done) return step.value;
      reply = await effect(step.value);
    }
  };
  const effect = async (next: NodeEffect): Promise<EffectReply> => {
    switch (next.type) {
      case 'work':
        return search(next.search);
      case 'fetch':
        return fetchChain(next.url);
      case 'trace':
        if (next.step.kind === 'skip') options.log(`resolve: skipped ${next.step.neighbour}: ${next.step.reason}`);
        if (next.step.kind === 'verdict' && !next.step.valid) {
          options.log(`resolve: ${next.step.neighbour}'s chain is invalid: ${next.step.reason ?? ''}`);
        }
        return undefined;
      default:
        return next satisfies never;
    }
  };

  const slowClientMs = options.slowClientMs ?? 10_000;
  // Timed-out requests are looked for every so often (30 s in Node unless told).
  const server = createServer(
    { connectionsCheckingInterval: Math.min(slowClientMs / 2, 5_000) },
    async (incoming, outgoing) => {
      try {
        if (incoming.method === 'OPTIONS') {
          outgoing.writeHead(204, CORS).end();
          return;
        }
        const body = await readBody(incoming);
        if (body === null) {
          send(outgoing, textResponse(413, `Payload Too Large: a request body may be ${MAX_BODY} bytes at most`));
          // The rest of the body is read and thrown away, so that the client finishes sending and
          // reads the answer (the connection cut under its writing, it saw ECONNRESET, not 413).
          // Past ten times the limit, the connection goes.
          let thrownAway = 0;
          incoming.on('data', (part: Buffer) => {
            thrownAway += part.length;
            if (thrownAway > 10 * MAX_BODY) incoming.destroy();
          });
          incoming.resume();
          return;
        }
        const request: HttpRequest = {
          method: incoming.method ?? 'GET',
          path: incoming.url ?? '/',
          contentType: incoming.headers['content-type'] ?? null,
          body,
        };
        const path = (request.path.split('?')[0] ?? '').replace(/\/+$/, '') || '/';
        const long = path === '/mine' || path === '/nodes/resolve';
        let answer: Handled;
        if (long) {
          // One at a time, in arrival order: a second mine waits for the first.
          const turn = queue.then(() => run(request));
          queue = turn.then(
            () => undefined,
            () => undefined,
          );
          answer = await turn;
        } else answer = await run(request);
        save();
        send(outgoing, answer.response);
      } catch (error) {
        send(outgoing, textResponse(500, `Internal Server Error: ${(error as Error).message}`));
      }
    },
  );
  // Slow clients are timed out: headers within 10 s, a whole request within 30 s.
  server.headersTimeout = slowClientMs;
  server.requestTimeout = 3 * slowClientMs;
  await new Promise<void>((ready, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        fail(
          new Error(
            `port ${options.port} on ${options.host} is in use (on macOS, AirPlay Receiver holds 5000): choose another with --port`,
          ),
        );
      } else fail(error);
    });
    server.listen(options.port, options.host, () => ready());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    ref,
    close: async () => {
      await miner.terminate();
      // Connections still open (a mine under way, a keep-alive) are closed, or close would wait on them.
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(outgoing: ServerResponse, response: HttpResponse): void {
  outgoing.writeHead(response.status, { 'content-type': response.contentType, ...CORS });
  outgoing.end(response.body);
}

/** A neighbour's GET /chain over real HTTP, with a timeout and a size limit. */
async function fetchChain(url: string): Promise<PeerReply> {
  try {
    const answer = await fetch(url, { signal: AbortSignal.timeout(NEIGHBOUR_TIMEOUT_MS) });
    const text = await answer.text();
    if (text.length > MAX_ANSWER) return { ok: false, reason: 'the answer is too long', code: 'unreachable' };
    return {
      ok: true,
      response: { status: answer.status, contentType: answer.headers.get('content-type') ?? '', body: text },
    };
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${NEIGHBOUR_TIMEOUT_MS / 1000} s`
        : String((error as Error).cause ?? (error as Error).message);
    return { ok: false, reason, code: (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable' };
  }
}
