import { describe, expect, it } from 'vitest';
import { minedNode, QUICK_RULES } from '../../test/support/chains';
import { code, lineOf } from './algorithm';
import { genesisBlock } from './block';
import { jsonResponse } from './http';
import type { JsonObject } from './json/value';
import { chainResponse } from './node';
import { type PeerReply, type ResolveStep, resolveConflicts } from './resolve';
import type { Rules } from './rules';

/** Runs resolveConflicts step by step, answering each neighbour from `answers`. */
function walk(own: JsonObject[], neighbours: Record<string, PeerReply>, rules: Rules) {
  const run = resolveConflicts({ chain: own, neighbours: Object.keys(neighbours), rules });
  const steps: ResolveStep[] = [];
  let reply: PeerReply | undefined;
  for (;;) {
    const next = run.next(reply);
    if (next.done) return { steps, outcome: next.value };
    reply = next.value.type === 'fetch' ? neighbours[next.value.neighbour] : undefined;
    if (next.value.type === 'trace') steps.push(next.value.step);
  }
}

const describeStep = (step: ResolveStep) => {
  const { routine, line } = lineOf(step);
  const text = code(routine, QUICK_RULES).find((l) => l.id === line)?.text;
  expect(text, `${step.kind} has a line in ${routine}`).toBeTruthy();
  return line;
};

describe('the steps of resolve_conflicts, line by line', () => {
  it('walks the tutorial scenario: ask, compare, check each link and proof, adopt, replace', () => {
    const ours = minedNode(0);
    const theirs = minedNode(1, QUICK_RULES, 'localhost:5001');
    const { steps, outcome } = walk(
      ours.chain as JsonObject[],
      { 'localhost:5001': { ok: true, response: chainResponse(theirs) } },
      QUICK_RULES,
    );
    expect(steps.map(describeStep)).toEqual([
      'rc.max',
      'rc.get',
      'rc.compare',
      'vc.prev',
      'vc.proof',
      'vc.true',
      'rc.new-set',
      'rc.replace',
    ]);
    expect(steps[0]).toMatchObject({ kind: 'begin', maxLength: 1, neighbours: ['localhost:5001'] });
    expect(steps[2]).toMatchObject({
      neighbour: 'localhost:5001',
      claimedLength: 2,
      countedLength: 2,
      maxLength: 1,
      longer: true,
    });
    const [link, proof] = [steps[3], steps[4]];
    expect(link).toMatchObject({ kind: 'check', check: { check: 'previous_hash', position: 1, ok: true } });
    if (link?.kind === 'check') expect(link.check.expected).toBe(link.check.actual);
    if (proof?.kind === 'check') {
      expect(proof.check.guess).toMatch(/^100\d+[0-9a-f]{64}$/); // last_proof, proof, last_hash
      expect(proof.check.digest).toMatch(/^00/);
    }
    expect(steps.at(-1)).toEqual({ kind: 'end', replaced: true, winner: 'localhost:5001' });
    expect(outcome.chain).toEqual(theirs.chain);
  });

  it('rejects a longer chain at the block that fails, for the right reason', () => {
    const theirs = minedNode(3, QUICK_RULES, 'localhost:5001');
    const chain = structuredClone(theirs.chain) as JsonObject[];
    (chain[2] as JsonObject).proof = 7n; // block 3's proof is wrong; its link to block 2 still holds
    const answer = jsonResponse(200, { chain, length: 4n });
    const { steps, outcome } = walk(
      minedNode(1).chain as JsonObject[],
      { 'localhost:5001': { ok: true, response: answer } },
      QUICK_RULES,
    );
    expect(steps.map(describeStep)).toEqual([
      'rc.max',
      'rc.get',
      'rc.compare',
      'vc.prev',
      'vc.proof',
      'vc.prev',
      'vc.proof-false',
      'rc.compare',
      'rc.false',
    ]);
    const failed = steps[6];
    expect(failed).toMatchObject({ kind: 'check', check: { check: 'proof', position: 2, ok: false } });
    expect(steps[7]).toMatchObject({
      kind: 'verdict',
      valid: false,
      reason: expect.stringMatching(/^block 3: proof 7 is not valid/),
    });
    expect(outcome.replaced).toBe(false);
  });

  it('accepts a neighbour that claims a false length under "seed", and not under "hardened"', () => {
    const liar: PeerReply = { ok: true, response: jsonResponse(200, { chain: [genesisBlock(1000.5)], length: 99n }) };
    const own = minedNode(2).chain as JsonObject[];
    const seed = walk(own, { 'localhost:5010': liar }, QUICK_RULES);
    expect(seed.steps.map(describeStep)).toEqual([
      'rc.max',
      'rc.get',
      'rc.compare',
      'vc.true',
      'rc.new-set',
      'rc.replace',
    ]);
    expect(seed.steps[2]).toMatchObject({
      claimedLength: 99,
      countedLength: 1,
      length: 99,
      maxLength: 3,
      longer: true,
    });
    expect(seed.outcome.replaced).toBe(true);

    const hardenedRules: Rules = { ...QUICK_RULES, resolveRule: 'hardened' };
    const hardened = walk(own, { 'localhost:5010': liar }, hardenedRules);
    expect(hardened.steps.map((s) => lineOf(s).line)).toEqual(['rc.max', 'rc.get', 'rc.compare', 'rc.false']);
    expect(hardened.steps[2]).toMatchObject({
      claimedLength: 99,
      countedLength: 1,
      length: 1,
      maxLength: 3,
      longer: false,
    });
    expect(hardened.outcome.replaced).toBe(false);
    expect(code('resolve_conflicts', hardenedRules).find((l) => l.id === 'rc.length')?.text).toContain('len(');
  });

  it('writes valid_proof with the arguments of the active proof rule', () => {
    const reference = code('valid_chain', QUICK_RULES).find((l) => l.id === 'vc.proof')?.text;
    const seed = code('valid_chain', { ...QUICK_RULES, proofRule: 'seed' }).find((l) => l.id === 'vc.proof')?.text;
    expect(reference).toContain('valid_proof(last_block["proof"], block["proof"], hash(last_block))');
    expect(seed).toContain('valid_proof(last_block["proof"], block["proof"])');
  });
});
