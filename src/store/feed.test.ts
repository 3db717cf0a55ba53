import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../test/support/sim';
import { JSON_TYPE } from '../core/http';
import { responseOfBytes } from '../core/long-body';
import { createNode } from '../core/node';
import type { ResolveStep } from '../core/resolve';
import { REFERENCE_RULES } from '../core/rules';
import type { Check } from '../core/validation';
import type { NetworkEvent } from '../sim/events';
import { announcement, applyEvents, clip, newNodeView, prependCapped, settledRate } from './feed';
import { initialState } from './store';

describe('announcement', () => {
  it("names what a request did by the seed's messages, as dictionary keys, numbered", () => {
    let n = 0;
    const stamp = () => ++n;
    expect(announcement({ kind: 'forged', index: 2, proof: 35293 }, stamp)).toEqual({
      seq: 1,
      key: 'msg.forged',
      params: {},
    });
    expect(announcement({ kind: 'replaced', length: 3, winner: 'localhost:5001' }, stamp).key).toBe('msg.replaced');
    expect(announcement({ kind: 'authoritative', length: 1 }, stamp).key).toBe('msg.authoritative');
    expect(announcement({ kind: 'nodes-added', total: 2 }, stamp).key).toBe('msg.nodesAdded');
    expect(announcement({ kind: 'transaction', block: '3' }, stamp)).toMatchObject({
      key: 'msg.txAdded',
      params: { index: '3' },
    });
    expect(announcement({ kind: 'chain', length: 4 }, stamp)).toMatchObject({
      key: 'msg.chain',
      params: { length: 4 },
    });
    expect(n).toBe(6);
  });

  it('reports a refused request with its status and reason', () => {
    expect(announcement({ kind: 'refused', status: 400, reason: 'Missing values' })).toMatchObject({
      key: 'msg.failed',
      params: { status: '400', message: 'Missing values' },
    });
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

  it('marks the steps of a resolve run through in run mode as part of one moment, not in step mode', () => {
    const entries = (stepMode: boolean) =>
      applyEvents({ ...initialState(), stepMode }, [
        {
          event: {
            type: 'trace',
            at: 0,
            address: 'localhost:5001',
            step: { kind: 'candidate', neighbour: 'localhost:5000', maxLength: 2 },
          },
          journal: 7,
        },
      ])
        .timeline.toArray()
        .map((entry) => entry.within ?? false);
    expect(entries(false)).toEqual([true]);
    expect(entries(true)).toEqual([false]);
  });

  it('shows the neighbours not asked yet as waiting, and only the one asked as asking', () => {
    const rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' } as const;
    const state = createNode({ address: 'localhost:5001', nodeIdentifier: 'f'.repeat(32), rules, timestamp: 1 });
    const node = newNodeView(state.address, { state, hashes: ['a'.repeat(64)], length: 1 });
    const steps: ResolveStep[] = [
      { kind: 'begin', maxLength: 1, neighbours: ['localhost:5000', 'localhost:5002'] },
      { kind: 'request', neighbour: 'localhost:5000', url: 'http://localhost:5000/chain' },
    ];
    const rows = (count: number) =>
      applyEvents(
        { ...initialState(), nodes: [node] },
        steps.slice(0, count).map((step, i) => ({
          event: { type: 'trace', at: i, address: 'localhost:5001', step },
          journal: 7,
        })),
      ).nodes[0]?.resolution?.rows.map((row) => row.status);
    expect(rows(1)).toEqual(['waiting', 'waiting']);
    expect(rows(2)).toEqual(['asking', 'waiting']);
  });

  it('keeps only a failed check in run mode: a long chain has thousands that hold', () => {
    const holding = Array.from({ length: 4000 }, (_, i) => check(i + 1, true));
    expect(traced([...holding, check(4001, false)], false)).toEqual(['tl.checkFailed']);
  });
});

describe('the timeline of the lab', () => {
  const keys = (events: NetworkEvent[]) =>
    applyEvents(
      initialState(),
      events.map((event) => ({ event, journal: 4 })),
    )
      .timeline.toArray()
      .map((entry) => [entry.key, entry.params]);
  const auto = (on: boolean, power: [string, number][]): NetworkEvent => ({
    type: 'auto',
    at: 0,
    auto: { on, resolveEveryMs: 5000, power, nodes: [] },
  });

  it('says which behaviour a node was given, not the request that gave it', () => {
    const request = {
      method: 'POST' as const,
      path: '/lab/behaviour',
      contentType: 'application/json',
      body: '{"behaviour":"lies"}',
    };
    expect(keys([{ type: 'command', at: 0, address: 'localhost:5002', request }])).toEqual([
      ['next.behaviour.lies', { address: 'localhost:5002' }],
    ]);
  });

  it('says a change of the link latency as one, and a change of the links as theirs', () => {
    const links = (latencyMs: number, lossPercent: number): NetworkEvent => ({
      type: 'links',
      at: 0,
      links: { latencyMs, lossPercent, cut: [], offline: [] },
    });
    const start = initialState().links.latencyMs;
    expect(keys([links(start + 700, 0), links(start + 700, 10)])).toEqual([
      ['next.latency', { ms: start + 700 }],
      ['tl.links', { cut: 0, offline: 0, loss: 10 }],
    ]);
  });

  it('says what a release, an edit and a re-mine do, not the requests that do them', () => {
    const post = (path: string, body: string) => ({
      type: 'command' as const,
      at: 0,
      address: 'localhost:5000',
      request: { method: 'POST' as const, path, contentType: 'application/json', body },
    });
    expect(
      keys([
        post('/lab/publish', '{}'),
        post('/lab/edit', '{"position":1,"proof":5}'),
        post('/lab/remine', '{"position":2}'),
      ]),
    ).toEqual([
      ['next.publish', { address: 'localhost:5000' }],
      ['next.editBlock', { address: 'localhost:5000', index: '2' }],
      ['next.remine', { address: 'localhost:5000', index: '3' }],
    ]);
  });

  it('says when the automatic mode was switched and a hash power changed, and nothing when it did not', () => {
    expect(
      keys([
        auto(true, []),
        auto(true, [['localhost:5002', 20_000]]),
        auto(true, [['localhost:5002', 20_000]]),
        auto(true, [
          ['localhost:5002', 20_000],
          ['localhost:5000', 5_000],
        ]),
        auto(false, [['localhost:5002', 20_000]]),
      ]),
    ).toEqual([
      ['next.autoOn', {}],
      ['next.power', { address: 'localhost:5002', guesses: 20_000 }],
      ['next.autoOff', {}],
    ]);
  });
});

describe('the timeline of messages', () => {
  const sent = (reply?: { ok: boolean }) =>
    applyEvents(initialState(), [
      {
        event: {
          type: 'sent',
          at: 0,
          message: answerMessage(reply),
        },
        journal: 3,
      },
    ])
      .timeline.toArray()
      .map((entry) => entry.key);

  it('says a node that did not answer sends no chain (a real node down, nothing at the address)', () => {
    expect(sent({ ok: true })).toEqual(['tl.sentResponse']);
    expect(sent({ ok: false })).toEqual(['tl.noAnswer']);
  });
});

describe('the timeline of a search', () => {
  const paused = (pause: Extract<NetworkEvent, { type: 'paused' }>['pause'], stepMode: boolean) =>
    applyEvents({ ...initialState(), stepMode }, [
      { event: { type: 'paused', at: 0, address: 'localhost:5000', pause }, journal: 2 },
    ])
      .timeline.toArray()
      .map((entry) => [entry.key, entry.params]);

  it("says in step mode what Finish's search found, and after how many guesses", () => {
    expect(paused({ kind: 'found', proof: 5002, tried: 5003 }, true)).toEqual([
      ['tl.found', { address: 'localhost:5000', proof: 5002, count: 5003 }],
    ]);
  });

  it('counts the guesses to the proof in the node status, past the last slice reported', () => {
    const state = createNode({ address: 'localhost:5000', nodeIdentifier: 'id', rules: REFERENCE_RULES, timestamp: 1 });
    const after = applyEvents({ ...initialState(), stepMode: true }, [
      {
        event: { type: 'node-added', at: 0, address: 'localhost:5000', snapshot: { state, hashes: ['h'], length: 1 } },
        journal: 1,
      },
      {
        event: { type: 'progress', at: 0, address: 'localhost:5000', progress: { tried: 5003, rate: 1e6 } },
        journal: 2,
      },
      {
        event: { type: 'paused', at: 0, address: 'localhost:5000', pause: { kind: 'found', proof: 6016, tried: 6017 } },
        journal: 2,
      },
    ]);
    expect(after.nodes[0]?.progress).toEqual({ tried: 6017, rate: 1e6 });
  });

  it("leaves the Algorithm panel's focus to step mode: a run's found proofs do not set it, and step mode starts it afresh", () => {
    const found = { kind: 'found', proof: 35293, tried: 35294 } as const;
    const run = applyEvents({ ...initialState(), stepMode: false }, [
      { event: { type: 'paused', at: 0, address: 'localhost:5000', pause: found }, journal: 2 },
    ]);
    expect(run.focus).toBeNull();
    const stepped = applyEvents({ ...initialState(), stepMode: true }, [
      { event: { type: 'paused', at: 0, address: 'localhost:5000', pause: found }, journal: 2 },
    ]);
    expect(stepped.focus?.pause).toEqual(found);
    const off = applyEvents(stepped, [{ event: { type: 'mode', at: 1, step: false }, journal: 3 }]);
    expect(off.focus?.pause).toEqual(found);
    const on = applyEvents(off, [{ event: { type: 'mode', at: 2, step: true }, journal: 4 }]);
    expect(on.focus).toBeNull();
  });

  it('says nothing of a found proof in run mode (the forged block says it) or of one not yet known', () => {
    expect(paused({ kind: 'found', proof: 5002, tried: 5003 }, false)).toEqual([]);
    expect(paused({ kind: 'found', proof: null, tried: 0 }, true)).toEqual([]);
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
  it('keeps a short body as it is and the first 2,000 characters of a long one', () => {
    expect(clip(text('{"message": "New Block Forged"}'))).toBe('{"message": "New Block Forged"}');
    const long = `{"chain": [${'{"index": 1, "proof": 100}, '.repeat(2000)}]}`;
    expect(clip(text(long))).toBe(`${long.slice(0, 2_000)}…`);
    expect(clip(text('x'.repeat(2_000)))).toBe('x'.repeat(2_000));
  });

  it('clips a body that came as bytes the same, without reading the rest of it', () => {
    const long = `{"chain": [${'{"index": 1, "proof": 100}, '.repeat(2000)}]}`;
    const bytes = new TextEncoder().encode(long);
    const response = responseOfBytes(200, JSON_TYPE, bytes);
    expect(clip(response)).toBe(`${long.slice(0, 2_000)}…`);
    // Had clip made the whole body into text, the text would be kept and not show this change.
    bytes.fill(0x7e, 0, 10);
    expect(response.body.startsWith('~~~~~~~~~~[{"index"')).toBe(true);
    // A body of bytes that fits whole is kept whole, still without the response keeping its text.
    const shorter = new TextEncoder().encode(long.slice(0, 1_800));
    const fits = responseOfBytes(200, JSON_TYPE, shorter);
    expect(clip(fits)).toBe(long.slice(0, 1_800));
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

describe('settledRate', () => {
  it('takes the first measure, then only one a fifth or more away from the one quoted', () => {
    expect(settledRate(null, 1000)).toBe(1000);
    expect(settledRate(1000, 1150)).toBe(1000);
    expect(settledRate(1000, 850)).toBe(1000);
    expect(settledRate(1000, 1200)).toBe(1200);
    expect(settledRate(1000, 790)).toBe(790);
  });

  it('keeps the quoted rate for a measure that is not a rate', () => {
    expect(settledRate(1000, 0)).toBe(1000);
    expect(settledRate(null, 0)).toBeNull();
    expect(settledRate(1000, Number.NaN)).toBe(1000);
    expect(settledRate(1000, Number.POSITIVE_INFINITY)).toBe(1000);
  });
});
