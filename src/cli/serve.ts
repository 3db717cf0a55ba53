import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { isRelayed, relay } from './relay';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface AppServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `chainscope serve`: the built app (dist/) and the relay (relay.ts) on one port, so that the
 * page can ask tutorial nodes that send no CORS headers. Paths that name no file get index.html.
 */
export async function startAppServer(options: { root: string; port: number; host: string }): Promise<AppServer> {
  const root = resolve(options.root);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root} holds no built app: run \`npm run build\` first`);
  const server = createServer((incoming, outgoing) => {
    if (isRelayed(incoming)) {
      relay(incoming, outgoing).catch((error: Error) => {
        if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
        outgoing.end(`relay: ${error.message}`);
      });
      return;
    }
    if (incoming.method !== 'GET' && incoming.method !== 'HEAD') {
      outgoing.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('Method Not Allowed');
      return;
    }
    let path: string;
    try {
      path = normalize(decodeURIComponent(new URL(incoming.url ?? '/', 'http://x').pathname));
    } catch {
      outgoing.writeHead(400, { 'content-type': 'text/plain' }).end('Bad Request');
      return;
    }
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    outgoing.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (incoming.method === 'HEAD') outgoing.end();
    else
      createReadStream(file)
        .on('error', () => outgoing.destroy())
        .pipe(outgoing);
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host} is in use: choose another with --port`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => ready());
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The addresses a classroom's machines can open when the server listens on every interface. */
export function lanAddresses(port: number): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4')
    .map((i) => `http://${i?.address}:${port}/`);
}
