import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../src/core/json/value';
import { type ProofRule, type ProofSearch, proofOfWork, tryProof } from '../../src/core/proof';
import { searchProofs } from '../../src/core/search';
import { haveVectors, list, object, readVector, text, vectorSuite } from '../support/vectors';

function searchOf(c: JsonObject, rule: ProofRule): ProofSearch {
  const lastHash = c.last_hash;
  return {
    rule,
    difficulty: Number(c.difficulty),
    lastProof: String(c.last_proof as Json),
    lastHash: typeof lastHash === 'string' ? lastHash : '',
  };
}

describe.skipIf(!haveVectors)(vectorSuite('proofs against the reference vectors'), () => {
  const file = haveVectors ? readVector('proofs.json') : {};
  const ruleOf = (name: Json | undefined): ProofRule => (name === '2-arg' ? 'seed' : 'reference');
  const cases: [string, JsonObject, ProofRule][] = haveVectors
    ? [
        ...list(file.three_arg_difficulty4).map(
          (c) => ['3-arg', object(c), 'reference'] as [string, JsonObject, ProofRule],
        ),
        ...list(file.two_arg_difficulty4).map((c) => ['2-arg', object(c), 'seed'] as [string, JsonObject, ProofRule]),
        ...list(file.generalised_difficulty_3_and_5_NOT_in_reference).map(
          (c) => [text(object(c).rule), object(c), ruleOf(object(c).rule)] as [string, JsonObject, ProofRule],
        ),
      ]
    : [];

  it('has all 32 cases', () => expect(cases).toHaveLength(32));

  it.each(
    cases.map(([name, c, rule]) => [`${name} difficulty ${c.difficulty} after ${c.last_proof}`, c, rule] as const),
  )('%s', (_title, c, rule) => {
    const search = searchOf(c, rule);
    const found = searchProofs(search, 0, Number.MAX_SAFE_INTEGER);
    expect(found.proof).toBe(Number(c.proof));
    expect(found.tried).toBe(Number(c.guesses_tried));
    const attempt = tryProof(search, found.proof as number);
    expect(attempt.guess).toBe(text(c.guess));
    expect(attempt.digest).toBe(text(c.guess_sha256));
    // The straightforward search agrees wherever it is quick enough to run here.
    if (Number(c.proof) < 60_000) expect(proofOfWork(search)).toBe(found.proof);
  });

  it('the first proof after the historic genesis is 35293 under the seed rule', () => {
    for (const c of list(file.historic_first_block).map(object)) {
      const search: ProofSearch = { rule: 'seed', difficulty: 4, lastProof: String(c.genesis_proof), lastHash: '' };
      expect(proofOfWork(search)).toBe(Number(c.first_mined_proof));
    }
  });
});
