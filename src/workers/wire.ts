import type { HttpResponse } from '../core/http';
import { longBodyBytes, responseOfBytes } from '../core/long-body';
import type { PeerReply } from '../core/resolve';
import type { FromNode } from './protocol';

/**
 * An HTTP response as it crosses a worker boundary: a long ASCII body goes as bytes (see
 * core/long-body.ts), which a worker hands over without a copy and the page keeps outside its heap.
 */
export type WireResponse =
  | HttpResponse
  | { readonly status: number; readonly contentType: string; readonly bytes: Uint8Array };

export type WireReply = Exclude<PeerReply, { ok: true }> | { readonly ok: true; readonly response: WireResponse };

export function toWire(response: HttpResponse): WireResponse {
  const bytes = longBodyBytes(response);
  return bytes ? { status: response.status, contentType: response.contentType, bytes } : response;
}

export function fromWire(response: WireResponse): HttpResponse {
  return 'bytes' in response ? responseOfBytes(response.status, response.contentType, response.bytes) : response;
}

export function replyToWire(reply: PeerReply): WireReply {
  return reply.ok ? { ok: true, response: toWire(reply.response) } : reply;
}

export function replyFromWire(reply: WireReply): PeerReply {
  return reply.ok ? { ok: true, response: fromWire(reply.response) } : reply;
}

/**
 * The outputs a node makes in the same order whenever it gets the same inputs: everything but
 * its hash rate, its "settled", its "found" gates (found when the search ends, numbered) and the
 * start of a restore. Restoring a node skips the first of these that the page already had.
 */
export function countsAsOutput(message: FromNode): boolean {
  switch (message.type) {
    case 'progress':
    case 'settled':
    case 'restored':
    case 'fatal':
      return false;
    case 'pause':
      return message.pause.kind !== 'found';
    default:
      return true;
  }
}

/**
 * Sends the messages of one task as one postMessage (in order, their buffers handed over): each
 * crossing costs tens of microseconds on either side, and a replay sends a node hundreds of
 * messages at once (every block's request and release, and as many answers). Live, a task has
 * one message, which goes alone, at the end of the task.
 */
export function batched<T>(
  post: (messages: T | readonly T[], transfer: ArrayBuffer[]) => void,
  /** Two messages in a row as one, where they can be (null where not). */
  merge: (last: T, next: T) => T | null = () => null,
): (message: T, transfer?: ArrayBuffer[]) => void {
  let waiting: T[] = [];
  let buffers: ArrayBuffer[] = [];
  return (message, transfer = []) => {
    const last = waiting.at(-1);
    const merged = last === undefined ? null : merge(last, message);
    if (merged !== null) {
      waiting[waiting.length - 1] = merged;
      buffers.push(...transfer);
      return;
    }
    waiting.push(message);
    buffers.push(...transfer);
    if (waiting.length > 1) return;
    queueMicrotask(() => {
      const messages = waiting;
      const handed = buffers;
      waiting = [];
      buffers = [];
      post(messages.length === 1 ? (messages[0] as T) : messages, handed);
    });
  };
}

/** A node's "settled" messages in a row, as one that counts them. */
export function mergeSettled(last: FromNode, next: FromNode): FromNode | null {
  if (last.type !== 'settled' || next.type !== 'settled') return null;
  return { type: 'settled', count: (last.count ?? 1) + (next.count ?? 1) };
}

/** The messages of a batch (see batched), or the one message. */
export function unbatched<T>(data: T | readonly T[]): readonly T[] {
  return Array.isArray(data) ? data : [data as T];
}
