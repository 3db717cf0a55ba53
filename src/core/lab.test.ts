import { describe, expect, it } from 'vitest';
import { minedNode, QUICK_RULES } from '../../test/support/chains';
import { blockHash } from './block';
import type { HttpRequest } from './http';
import { jsonText } from './json/canonical';
import type { JsonObject } from './json/value';
import { labHandle } from './lab';
import type { Handled, NodeRef, NodeState } from './node';
import { proofOfWork } from './proof';
import type { Rules } from './rules';
import { chainProblems, validChain } from './validation';

/** Runs a lab request to its end, answering each search with the tutorial's proof_of_work. */
function run(ref: NodeRef, request: HttpRequest): Handled & { searches: number[] } {
  const searches: number[] = [];
  const generator = labHandle(ref, request, () => 1_800_000_000.5);
  let step = generator.next(undefined);
  while (!step.done) {
    const effect = step.value;
    if (effect.type !== 'work') throw new Error(`unexpected ${effect.type}`);
    searches.push(effect.index ?? -1);
    step = generator.next(proofOfWork(effect.search));
  }
  return { ...step.value, searches };
}

const post = (path: string, body: string): HttpRequest => ({
  method: 'POST',
  path,
  contentType: 'application/json',
  body,
});
const edit = (ref: NodeRef, body: string) => run(ref, post('/lab/edit', body));
const remine = (ref: NodeRef, position: number) => run(ref, post('/lab/remine', JSON.stringify({ position })));

function nodeOf(blocks: number, rules: Rules = QUICK_RULES): NodeRef {
  const state: NodeState = minedNode(blocks, rules);
  return { state };
}

describe('the lab: a block changed by hand', () => {
  it('changes only what it is given, keeps the block’s keys in order and its ints ints, and says what broke', () => {
    const ref = nodeOf(5);
    const before = ref.state.chain;
    const answer = edit(
      ref,
      '{"position": 2, "transactions": [{"sender": "a", "recipient": "b", "amount": 500}, {"sender": "0", "recipient": "x", "amount": 1}]}',
    );
    expect(answer.response.status).toBe(200);
    expect(answer.outcome).toEqual({ kind: 'edited', index: 3, unnoticed: false, hardened: false });
    const changed = ref.state.chain[2] as JsonObject;
    expect(Object.keys(changed)).toEqual(Object.keys(before[2] as JsonObject));
    expect(jsonText(changed.transactions ?? null)).toContain('"amount": 500');
    expect(changed.proof).toBe((before[2] as JsonObject).proof);
    // The other blocks are the same objects.
    expect(ref.state.chain.filter((block, i) => block === before[i])).toHaveLength(5);
    // valid_chain fails at block 4's previous_hash; the page's list has that one link.
    const verdict = validChain(ref.state.chain, QUICK_RULES);
    expect(verdict.valid).toBe(false);
    expect(!verdict.valid && verdict.failure).toMatchObject({ check: 'previous_hash', position: 3 });
    expect(chainProblems(ref.state.chain, QUICK_RULES)).toMatchObject([
      { check: 'previous_hash', position: 3, ok: false },
    ]);
  });

  it('finds every refused link, not only the first, and a changed proof by its zeros', () => {
    const ref = nodeOf(6, { ...QUICK_RULES, proofRule: 'seed' });
    const rules = ref.state.rules;
    edit(ref, '{"position": 4, "previous_hash": "tampered"}');
    edit(ref, '{"position": 1, "proof": 7}');
    const problems = chainProblems(ref.state.chain, rules);
    expect(problems.map((p) => [p.check, p.position])).toEqual([
      ['proof', 1],
      ['previous_hash', 2],
      ['previous_hash', 4],
      // Block 5 changed, so its hash did: block 6 no longer names it.
      ['previous_hash', 5],
    ]);
    // Checked from a position on, the links before it are left out.
    expect(chainProblems(ref.state.chain, rules, 3).map((p) => p.position)).toEqual([4, 5]);
  });

  it('lets a change to the newest block pass: valid_chain checks a block only through the next one', () => {
    for (const resolveRule of ['seed', 'hardened'] as const) {
      const ref = nodeOf(3, { ...QUICK_RULES, resolveRule });
      const answer = edit(
        ref,
        '{"position": 3, "transactions": [{"sender": "a", "recipient": "b", "amount": 9}, {"sender": "0", "recipient": "thief", "amount": 1}]}',
      );
      expect(answer.outcome).toEqual({
        kind: 'edited',
        index: 4,
        unnoticed: true,
        hardened: resolveRule === 'hardened',
      });
      expect(validChain(ref.state.chain, ref.state.rules).valid).toBe(true);
      expect(chainProblems(ref.state.chain, ref.state.rules)).toEqual([]);
    }
  });

  it("says a change to the newest block's proof or previous_hash is noticed: its own link is checked", () => {
    for (const change of ['"proof": 7', '"previous_hash": "abcd"']) {
      const ref = nodeOf(3);
      const answer = edit(ref, `{"position": 3, ${change}}`);
      expect(answer.outcome).toEqual({ kind: 'edited', index: 4, unnoticed: false, hardened: false });
      expect(validChain(ref.state.chain, ref.state.rules).valid).toBe(false);
      expect(chainProblems(ref.state.chain, ref.state.rules).map((p) => p.position)).toEqual([3]);
    }
  });

  it('refuses bad edits with a reason and changes nothing', () => {
    const ref = nodeOf(2);
    const chain = ref.state.chain;
    const cases: [HttpRequest, number, string][] = [
      [{ method: 'GET', path: '/lab/edit' }, 405, 'accepts POST only'],
      [post('/lab/edit', '{"position": 1, "proof": 1'), 400, 'malformed JSON'],
      [post('/lab/edit', '[1]'), 400, 'not an object'],
      [post('/lab/edit', '{"position": 9, "proof": 1}'), 400, 'position 9 is not a block'],
      [post('/lab/edit', '{"position": 1.0, "proof": 1}'), 400, 'position is float'],
      [post('/lab/edit', '{"position": 1, "proof": -1}'), 400, 'proof must be a whole number'],
      [post('/lab/edit', '{"position": 1, "proof": "5"}'), 400, 'proof must be a whole number'],
      [post('/lab/edit', '{"position": 1, "previous_hash": 5}'), 400, 'previous_hash is int'],
      [post('/lab/edit', '{"position": 1, "index": 5}'), 400, 'unknown key "index"'],
      [post('/lab/edit', '{"position": 1}'), 400, 'nothing to change'],
      [post('/lab/edit', '{"position": 1, "transactions": []}'), 400, 'it does not add or remove any'],
      [
        post('/lab/edit', '{"position": 1, "transactions": [{"sender": "a"}, {}]}'),
        400,
        'exactly sender, recipient and amount',
      ],
      [
        post(
          '/lab/edit',
          '{"position": 1, "transactions": [{"sender": "a", "recipient": "b", "amount": NaN}, {"sender": "0", "recipient": "x", "amount": 1}]}',
        ),
        400,
        'NaN',
      ],
      [post('/lab/edit', `{"position": 1, "proof": ${(chain[1] as JsonObject).proof}}`), 400, 'nothing changed'],
      [post('/lab/nothing', '{}'), 404, 'no endpoint /lab/nothing'],
    ];
    for (const [request, status, words] of cases) {
      const answer = run(ref, request);
      expect([answer.response.status, answer.response.body]).toEqual([status, expect.stringContaining(words)]);
      expect(answer.outcome.kind).toBe('refused');
      expect(ref.state.chain).toBe(chain);
    }
  });
});

describe('the lab: mined again', () => {
  it('under the tutorial’s proof rule relinks a changed transaction without a single search', () => {
    const ref = nodeOf(5, { ...QUICK_RULES, proofRule: 'seed' });
    edit(
      ref,
      '{"position": 2, "transactions": [{"sender": "a", "recipient": "b", "amount": 500}, {"sender": "0", "recipient": "x", "amount": 1}]}',
    );
    const answer = remine(ref, 2);
    expect(answer.outcome).toEqual({ kind: 'remined', index: 3, rewritten: 3, searched: 0 });
    expect(answer.searches).toEqual([]);
    expect(validChain(ref.state.chain, ref.state.rules).valid).toBe(true);
  });

  it('under the reference rule (the guess holds the last hash) mines every block after the change again', () => {
    const ref = nodeOf(5);
    edit(
      ref,
      '{"position": 2, "transactions": [{"sender": "a", "recipient": "b", "amount": 500}, {"sender": "0", "recipient": "x", "amount": 1}]}',
    );
    const answer = remine(ref, 2);
    // Block 3's own proof still holds (its last block is unchanged); blocks 4 to 6 need new ones.
    expect(answer.searches).toEqual([4, 5, 6]);
    expect(answer.outcome).toMatchObject({ kind: 'remined', index: 3, rewritten: 3, searched: 3 });
    expect(validChain(ref.state.chain, ref.state.rules).valid).toBe(true);
    expect(chainProblems(ref.state.chain, ref.state.rules)).toEqual([]);
    // Each block names its predecessor's new hash.
    for (let i = 1; i < ref.state.chain.length; i++) {
      expect((ref.state.chain[i] as JsonObject).previous_hash).toBe(blockHash(ref.state.chain[i - 1] ?? null));
    }
  });

  it('mines a changed proof again, and refuses a position that is not a block', () => {
    const ref = nodeOf(3, { ...QUICK_RULES, proofRule: 'seed' });
    edit(ref, '{"position": 2, "proof": 1}');
    expect(remine(ref, 2).searches).toEqual([3]);
    expect(validChain(ref.state.chain, ref.state.rules).valid).toBe(true);
    const chain = ref.state.chain;
    expect(remine(ref, 4).response.status).toBe(400);
    expect(run(ref, post('/lab/remine', '{"position": 1, "x": 1}')).response.body).toContain('unknown key "x"');
    expect(ref.state.chain).toBe(chain);
  });
});
