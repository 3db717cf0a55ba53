import type { HttpResponse } from './http';
import { utf8Decoder as decoder, utf8Encoder as encoder } from './text-codec';

/**
 * A long body crosses a worker boundary as bytes, not as a string. The page forwards a
 * neighbour's chain (half a megabyte of JSON at 2,000 blocks) to the node that asked for it and
 * logs its start; as a string, each such body was made in the page's heap, where only a full
 * collection frees it. As bytes it stays outside that heap, and its text is made only if someone
 * reads all of it.
 *
 * Only bodies of ASCII text go as bytes (every JSON answer is: jsonify escapes the rest), so a
 * byte is a character, and the first n bytes are the first n characters.
 */
export const LONG_BODY = 16_384;

/** The bytes a response came as (see responseOfBytes). */
const bytesOf = new WeakMap<HttpResponse, Uint8Array>();

/** The body as bytes, to send: for a long ASCII body; null for one that goes as it is. */
export function longBodyBytes(response: HttpResponse): Uint8Array | null {
  const kept = bytesOf.get(response);
  if (kept) return kept;
  if (response.body.length < LONG_BODY) return null;
  const bytes = encoder.encode(response.body);
  // UTF-8 takes more than one byte for any character beyond ASCII.
  return bytes.length === response.body.length ? bytes : null;
}

/**
 * A response whose body is these ASCII bytes; the body's text is made when first read. Read it
 * with bodyStart and bodyLength where the start will do: a spread or structured clone of the
 * response reads the whole body, and the copy is a plain response, without the bytes.
 */
export function responseOfBytes(status: number, contentType: string, bytes: Uint8Array): HttpResponse {
  let text: string | undefined;
  const response: HttpResponse = {
    status,
    contentType,
    get body(): string {
      text ??= decoder.decode(bytes);
      return text;
    },
  };
  bytesOf.set(response, bytes);
  return response;
}

/** How long the body is, in characters. */
export function bodyLength(response: HttpResponse): number {
  return bytesOf.get(response)?.length ?? response.body.length;
}

/**
 * The first `n` characters of the body, as a string of its own: a slice would keep the whole body
 * alive, as V8 makes a slice point into the text it came from. For a body of bytes, and any ASCII
 * body, it is exactly `body.slice(0, n)`; a body beyond ASCII cut inside a surrogate pair ends
 * in U+FFFD.
 */
export function bodyStart(response: HttpResponse, n: number): string {
  const bytes = bytesOf.get(response);
  if (bytes) return decoder.decode(bytes.subarray(0, n));
  const { body } = response;
  return body.length <= n ? body : decoder.decode(encoder.encode(body.slice(0, n)));
}
