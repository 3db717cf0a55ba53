import { COMPACT_SEPARATORS, canonicalJson } from './json/canonical';
import type { Json } from './json/value';

/** An HTTP request as the tutorial's endpoints see it. `body` is the raw text. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string | null;
  readonly body?: string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** The endpoint a request is for: its path without the query ("/mine?x=1" is "/mine"). */
export function endpointOf(request: HttpRequest): string {
  return request.path.split('?')[0] ?? '';
}

export const JSON_TYPE = 'application/json';
/** Flask sends plain-string answers as HTML; we keep its content type but never echo raw markup. */
export const TEXT_TYPE = 'text/html; charset=utf-8';

/** Flask 2.2's jsonify: compact, keys sorted, ASCII only, a trailing newline. */
export function jsonResponse(status: number, value: Json): HttpResponse {
  return { status, contentType: JSON_TYPE, body: `${canonicalJson(value, COMPACT_SEPARATORS)}\n` };
}

export function textResponse(status: number, message: string): HttpResponse {
  return { status, contentType: TEXT_TYPE, body: escapeMarkup(message) };
}

function escapeMarkup(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Whether Werkzeug's request.get_json() would read this body as JSON. */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  if (!contentType) return false;
  const mime = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mime === JSON_TYPE || (mime.startsWith('application/') && mime.endsWith('+json'));
}
