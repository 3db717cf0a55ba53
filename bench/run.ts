/**
 * `npm run bench`: the proof search and chain validation, measured side by side in one run.
 * Every contender does the same work (the same search from the same start), so the ratios mean
 * something even on a noisy machine. Timings are printed, never asserted.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { blockHash } from '../src/core/block';
import { createNode } from '../src/core/node';
import { meetsDifficulty, type ProofSearch } from '../src/core/proof';
import { REFERENCE_RULES } from '../src/core/rules';
import { searchProofs } from '../src/core/search';
import { validChain } from '../src/core/validation';

const GUESSES = Number(process.env.BENCH_GUESSES ?? 1_000_000);
const ROUNDS = 3;

// A search that finds nothing in range, so every contender makes exactly GUESSES guesses.
const search: ProofSearch = {
  rule: 'reference',
  difficulty: 8,
  lastProof: '125088',
  lastHash: '33882d51c6de3d512d6414e93362f033a7ffc248ca29d4b0c687bf708efe34a8',
};

type Contender = { name: string; run: () => number };

const contenders: Contender[] = [
  { name: 'ChainScope search (scalar JS)', run: () => searchProofs(search, 0, GUESSES).tried },
  {
    name: '@noble/hashes, naive per guess',
    run: () => {
      for (let proof = 0; proof < GUESSES; proof++) {
        const digest = bytesToHex(sha256(utf8ToBytes(`${search.lastProof}${proof}${search.lastHash}`)));
        if (meetsDifficulty(digest, search.difficulty)) return proof + 1;
      }
      return GUESSES;
    },
  },
  {
    name: "Node's crypto (native SHA-256 from JS)",
    run: () => {
      for (let proof = 0; proof < GUESSES; proof++) {
        const digest = createHash('sha256').update(`${search.lastProof}${proof}${search.lastHash}`).digest('hex');
        if (meetsDifficulty(digest, search.difficulty)) return proof + 1;
      }
      return GUESSES;
    },
  },
];

function measure(run: () => number): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    const guesses = run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(guesses / seconds);
  }
  return rates.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number;
}

function format(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M` : `${(rate / 1e3).toFixed(0)} k`;
}

console.log(`Proof search: reference rule, ${GUESSES.toLocaleString('en')} guesses, median of ${ROUNDS} rounds\n`);
const results = contenders.map((c) => ({ name: c.name, rate: measure(c.run) }));
const baseline = results[0]?.rate ?? 1;
console.log('| contender | guesses/s | ratio to ChainScope |');
console.log('|---|---:|---:|');
for (const r of results) console.log(`| ${r.name} | ${format(r.rate)} | ${(r.rate / baseline).toFixed(2)} |`);

// Validation: a long chain built without mining (difficulty 1 makes any proof easy to find).
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10_000);
const rules = { ...REFERENCE_RULES, difficulty: 1 };
let state = createNode({
  address: 'localhost:5000',
  nodeIdentifier: 'b'.repeat(32),
  rules,
  timestamp: 1_700_000_000.5,
});
const chain = [...state.chain];
for (let i = 1; i < BLOCKS; i++) {
  const last = chain[chain.length - 1] as { proof: bigint };
  const lastHash = blockHash(last);
  const proof = searchProofs({ ...search, difficulty: 1, lastProof: String(last.proof), lastHash }, 0, 1e6).proof ?? 0;
  chain.push({
    index: BigInt(i + 1),
    timestamp: 1_700_000_000.5 + i,
    transactions: [{ sender: '0', recipient: 'b'.repeat(32), amount: 1n }],
    proof: BigInt(proof),
    previous_hash: lastHash,
  });
}
state = { ...state, chain };
const start = process.hrtime.bigint();
const verdict = validChain(state.chain, rules);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(
  `\nValidation: ${BLOCKS.toLocaleString('en')}-block chain, ${verdict.valid ? 'valid' : 'INVALID'}, ` +
    `${format(BLOCKS / seconds)} blocks/s`,
);
