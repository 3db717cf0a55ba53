import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JSON_TYPE, jsonResponse, textResponse } from './http';
import { bodyLength, bodyStart, LONG_BODY, longBodyBytes, responseOfBytes } from './long-body';

describe('long bodies as bytes', () => {
  const chain = Array.from({ length: 300 }, (_, i) => ({ index: i + 1, previous_hash: 'a'.repeat(64), proof: i }));

  it('sends a long ASCII body as bytes, and a short one or one beyond ASCII as it is', () => {
    const long = jsonResponse(200, { chain, length: 300 } as never);
    expect(long.body.length).toBeGreaterThan(LONG_BODY);
    expect(new TextDecoder().decode(longBodyBytes(long) ?? new Uint8Array())).toBe(long.body);
    expect(longBodyBytes(jsonResponse(200, { message: 'New Block Forged' }))).toBeNull();
    expect(longBodyBytes(textResponse(500, `é${'x'.repeat(LONG_BODY)}`))).toBeNull();
  });

  it('reads a response of bytes as the response it was, its text made once', () => {
    const sent = jsonResponse(200, { message: 'Our chain was replaced', new_chain: chain } as never);
    const got = responseOfBytes(sent.status, sent.contentType, longBodyBytes(sent) as Uint8Array);
    expect({ ...got }).toEqual(sent);
    expect(bodyStart(got, 12)).toBe(sent.body.slice(0, 12));
    expect(bodyLength(got)).toBe(sent.body.length);
    // Sent on again, it goes as the bytes it came as.
    const bytes = longBodyBytes(got);
    expect(bytes).toBe(longBodyBytes(got));
    // Its text is made once: a change to the bytes after the first read does not show.
    const body = got.body;
    bytes?.fill(0x7e, 0, 10);
    expect(got.body).toBe(body);
  });

  it('gives the start of an ASCII body, as bytes or as text, as a slice of the text would', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '{', '"', '\\', '0'), maxLength: 300 }),
        fc.nat(320),
        (text, n) => {
          const asText = { status: 200, contentType: JSON_TYPE, body: text };
          const asBytes = responseOfBytes(200, JSON_TYPE, new TextEncoder().encode(text));
          expect(bodyStart(asText, n)).toBe(text.slice(0, n));
          expect(bodyStart(asBytes, n)).toBe(text.slice(0, n));
          expect(bodyLength(asBytes)).toBe(text.length);
        },
      ),
    );
  });
});
