import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../core/http';
import { announce } from './feed';

const answer = (body: string, status = 200): HttpResponse => ({ status, contentType: 'application/json', body });

describe('announce', () => {
  it("names the seed's messages by their dictionary keys", () => {
    expect(announce(answer('{"index": 2, "message": "New Block Forged", "proof": 35293}')).key).toBe('msg.forged');
    expect(announce(answer('{"message": "Our chain was replaced", "new_chain": []}')).key).toBe('msg.replaced');
    expect(announce(answer('{"chain": [], "message": "Our chain is authoritative"}')).key).toBe('msg.authoritative');
    const added = announce(answer('{"message": "Transaction will be added to Block 3"}', 201));
    expect(added).toMatchObject({ key: 'msg.txAdded', params: { index: '3' } });
  });

  it("reads answers only Python's JSON allows (NaN, Infinity)", () => {
    const body = '{"message": "New Block Forged", "transactions": [{"amount": NaN}, {"amount": -Infinity}]}';
    expect(() => JSON.parse(body)).toThrow();
    expect(announce(answer(body)).key).toBe('msg.forged');
  });

  it('reads only the top-level message, not one inside a transaction', () => {
    const body =
      '{"chain": [{"transactions": [{"amount": {"message": "Our chain was replaced"}}]}], "message": "Our chain is authoritative"}';
    expect(announce(answer(body)).key).toBe('msg.authoritative');
  });

  it('reports a failed or unreadable answer with its status and text', () => {
    expect(announce(answer('Missing values', 400))).toMatchObject({
      key: 'msg.failed',
      params: { status: '400', message: 'Missing values' },
    });
    expect(announce(answer('{"message": 5}')).key).toBe('msg.failed');
    expect(announce(answer('{"message": "New Block Forged"', 200)).key).toBe('msg.failed');
  });
});
