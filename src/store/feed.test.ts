import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../core/http';
import { JSON_TYPE } from '../core/http';
import { responseOfBytes } from '../core/long-body';
import { createNode } from '../core/node';
import { REFERENCE_RULES } from '../core/rules';
import type { Check } from '../core/validation';
import type { NetworkEvent } from '../sim/network';
import { announce, applyEvents, clip, prependCapped } from './feed';
import { initialState } from './store';

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

  it('reads a long answer that came as bytes without making its chain into values', () => {
    const chain = `[${'{"index": 1, "message": "Our chain was replaced", "proof": 100}, '.repeat(500)}{}]`;
    const bytesOf = (body: string) => new TextEncoder().encode(body);
    const replaced = bytesOf(`{"message": "Our chain was replaced", "new_chain": ${chain}}\n`);
    expect(announce(responseOfBytes(200, JSON_TYPE, replaced)).key).toBe('msg.replaced');
    const kept = bytesOf(`{"chain": ${chain}, "message": "Our chain is authoritative"}\n`);
    const response = responseOfBytes(200, JSON_TYPE, kept);
    expect(announce(response).key).toBe('msg.authoritative');
    // Had announce made the whole body into text, the text would be kept and not show this change.
    kept.fill(0x7e, 0, 10);
    expect(response.body.startsWith('~~~~~~~~~~')).toBe(true);
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

describe('the timeline of a resolve', () => {
  const check = (position: number, ok: boolean): Check => ({ check: 'proof', position, ok });
  const traced = (checks: Check[], stepMode: boolean) =>
    applyEvents(
      { ...initialState(), stepMode },
      checks.map((c, i) => ({
        event: { type: 'trace', at: i, address: 'localhost:5000', step: { kind: 'check', neighbour: 'n', check: c } },
        journal: 7,
      })),
    )
      .timeline.toArray()
      .map((entry) => entry.key);

  it('keeps every check of valid_chain in step mode, where each is a step', () => {
    expect(traced([check(1, true), check(2, true), check(3, false)], true)).toEqual([
      'tl.checkOk',
      'tl.checkOk',
      'tl.checkFailed',
    ]);
  });

  it('keeps only a failed check in run mode: a long chain has thousands that hold', () => {
    const holding = Array.from({ length: 4000 }, (_, i) => check(i + 1, true));
    expect(traced([...holding, check(4001, false)], false)).toEqual(['tl.checkFailed']);
  });
});

describe('prependCapped', () => {
  it('puts the item first and keeps at most the limit, in a new array', () => {
    expect(prependCapped(0, [1, 2, 3], 10)).toEqual([0, 1, 2, 3]);
    expect(prependCapped(0, [1, 2, 3], 3)).toEqual([0, 1, 2]);
    expect(prependCapped(0, [], 1)).toEqual([0]);
    expect(prependCapped(0, [1], 0)).toEqual([]);
    const list = [1, 2];
    expect(prependCapped(0, list, 2)).toEqual([0, 1]);
    expect(list).toEqual([1, 2]);
  });
});

describe('clip', () => {
  const text = (body: string) => ({ status: 200, contentType: JSON_TYPE, body });
  it('keeps a short body as it is and the first 20,000 characters of a long one', () => {
    expect(clip(text('{"message": "New Block Forged"}'))).toBe('{"message": "New Block Forged"}');
    const long = `{"chain": [${'{"index": 1, "proof": 100}, '.repeat(2000)}]}`;
    expect(clip(text(long))).toBe(`${long.slice(0, 20_000)}…`);
    expect(clip(text('x'.repeat(20_000)))).toBe('x'.repeat(20_000));
  });

  it('clips a body that came as bytes the same, without reading the rest of it', () => {
    const long = `{"chain": [${'{"index": 1, "proof": 100}, '.repeat(2000)}]}`;
    const bytes = new TextEncoder().encode(long);
    const response = responseOfBytes(200, JSON_TYPE, bytes);
    expect(clip(response)).toBe(`${long.slice(0, 20_000)}…`);
    // Had clip made the whole body into text, the text would be kept and not show this change.
    bytes.fill(0x7e, 0, 10);
    expect(response.body.startsWith('~~~~~~~~~~[{"index"')).toBe(true);
    // A body of bytes that fits whole is kept whole, still without the response keeping its text.
    const shorter = new TextEncoder().encode(long.slice(0, 18_000));
    const fits = responseOfBytes(200, JSON_TYPE, shorter);
    expect(clip(fits)).toBe(long.slice(0, 18_000));
    shorter.fill(0x7e, 0, 10);
    expect(fits.body.startsWith('~~~~~~~~~~')).toBe(true);
  });
});

describe('applyEvents on the nodes', () => {
  const address = (i: number) => `localhost:${5000 + i}`;
  const added = (i: number): NetworkEvent => {
    const state = createNode({ address: address(i), nodeIdentifier: `id${i}`, rules: REFERENCE_RULES, timestamp: 1 });
    return { type: 'node-added', at: 0, address: address(i), snapshot: { state, hashes: ['h'], length: 1 } };
  };
  const activity = (i: number, on: boolean): NetworkEvent => ({
    type: 'activity',
    at: 1,
    address: address(i),
    activity: on ? 'mining' : null,
  });
  const apply = (state: ReturnType<typeof initialState>, events: NetworkEvent[]) =>
    applyEvents(
      state,
      events.map((event) => ({ event, journal: 0 })),
    );

  it('applies every change of a batch and leaves the previous state as it was', () => {
    const three = apply(initialState(), [added(0), added(1), added(2)]);
    const before = three.nodes;
    const copy = [...before];
    const next = apply(three, [activity(0, true), activity(2, true), activity(0, false), added(3)]);
    expect(next.nodes.map((n) => [n.address, n.activity])).toEqual([
      [address(0), null],
      [address(1), null],
      [address(2), 'mining'],
      [address(3), null],
    ]);
    expect(next.nodes[1]).toBe(before[1]);
    expect(before).toEqual(copy);
    expect(before.map((n) => n.activity)).toEqual([null, null, null]);
  });

  it('changes nothing for an event about a node that is gone', () => {
    const one = apply(initialState(), [added(0)]);
    const next = apply(one, [activity(5, true)]);
    expect(next.nodes).toBe(one.nodes);
  });
});
