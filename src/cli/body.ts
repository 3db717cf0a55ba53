import type { IncomingMessage } from 'node:http';

/** The most a request body may be (the tutorial's nodes have no limit; ours answer 413 past it). */
export const MAX_BODY = 1_000_000;

/** The body as text, or null when it is longer than MAX_BODY (it is not read whole). */
export function readBody(incoming: IncomingMessage): Promise<string | null> {
  const declared = Number(incoming.headers['content-length'] ?? 0);
  if (declared > MAX_BODY) return Promise.resolve(null);
  return new Promise((done, fail) => {
    const parts: Buffer[] = [];
    let size = 0;
    incoming.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY) {
        done(null);
        incoming.pause();
        return;
      }
      parts.push(part);
    });
    incoming.on('end', () => done(size > MAX_BODY ? null : Buffer.concat(parts).toString('utf8')));
    incoming.on('error', fail);
  });
}
