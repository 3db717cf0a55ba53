/**
 * `npm run bench`: the proof search and chain validation, measured side by side in one run.
 * Every contender does the same work (the same search from the same start, finding nothing, the
 * same number of guesses per round). Timings are printed, never asserted.
 *
 * The median of ROUNDS, with the spread (slowest and fastest round) beside it. The goals are stated
 * as medians: the best round flatters (one lucky round on a quiet moment says little of what a
 * user sees), and the median is not moved by one slow round either. This often runs on a shared,
 * noisy virtual machine, so for the ratio to be fair native and SIMD rounds alternate (native,
 * SIMD, native, SIMD, ...): both see the same machine, and both get the same number of rounds.
 * The SIMD kernel is warmed up first: V8 starts WebAssembly in its baseline compiler and swaps in
 * the optimised code between calls.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { createServer } from 'vite';
import { blockHash } from '../src/core/block';
import type { Json } from '../src/core/json/value';
import { meetsDifficulty, type ProofSearch } from '../src/core/proof';
import { REFERENCE_RULES } from '../src/core/rules';
import { validChain } from '../src/core/validation';
import type { Kernel } from '../src/miner/kernels';
import { scalarKernel } from '../src/miner/kernels';
import { nodeKernel } from '../src/miner/node-kernel';
import { LANES } from '../src/miner/sha256x4-wat';
import { CHROMIUM, launchChromium } from '../test/e2e/harness';
import type { BrowserBench } from './browser/main';

const root = resolve(import.meta.dirname, '..');
const GUESSES = Number(process.env.BENCH_GUESSES ?? 4_000_000);
const ROUNDS = 5;

// Difficulty 8 finds nothing in a few million guesses: every contender makes exactly GUESSES.
const search: ProofSearch = {
  rule: 'reference',
  difficulty: 8,
  lastProof: '125088',
  lastHash: '33882d51c6de3d512d6414e93362f033a7ffc248ca29d4b0c687bf708efe34a8',
};

function format(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M` : `${(rate / 1e3).toFixed(0)} k`;
}

/** The guesses per second of each round of a contender. */
class Rounds {
  readonly rates: number[] = [];
  add(tried: number, seconds: number): void {
    this.rates.push(tried / seconds);
  }
  get median(): number {
    const sorted = [...this.rates].sort((x, y) => x - y);
    const middle = sorted.length >> 1;
    return sorted.length % 2
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  }
  /** Round k's rate over round k's of the other, alternated with this one: the lowest and highest. */
  ratios(other: Rounds): string {
    const each = this.rates.map((rate, k) => rate / (other.rates[k] as number));
    return `${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)}`;
  }
  /** The slowest and the fastest round. */
  get spread(): string {
    return `${format(Math.min(...this.rates))}–${format(Math.max(...this.rates))}`;
  }
}

/** One timed round of a run that returns how many guesses it made. */
function timed(rounds: Rounds, run: (guesses: number) => number, guesses: number): void {
  const start = process.hrtime.bigint();
  const tried = run(guesses);
  rounds.add(tried, Number(process.hrtime.bigint() - start) / 1e9);
}

/** ROUNDS rounds of a run, one after the other. */
function measure(run: (guesses: number) => number, guesses: number): Rounds {
  const rounds = new Rounds();
  for (let round = 0; round < ROUNDS; round++) timed(rounds, run, guesses);
  return rounds;
}

/** The native yardstick, compiled here where cc and OpenSSL's headers exist: a round runner, or why not. */
function nativeYardstick(): ((rounds: Rounds) => void) | string {
  const cc = spawnSync('cc', ['--version']);
  if (cc.status !== 0) return 'skipped: no C compiler (cc)';
  if (!existsSync('/usr/include/openssl/sha.h')) return 'skipped: no OpenSSL headers (apt-get install libssl-dev)';
  const binary = join(mkdtempSync(join(tmpdir(), 'chainscope-native-')), 'native');
  const built = spawnSync('cc', ['-O2', '-o', binary, join(root, 'bench/native.c'), '-lcrypto'], { encoding: 'utf8' });
  if (built.status !== 0) return `skipped: could not compile bench/native.c (${built.stderr.trim().split('\n')[0]})`;
  return (rounds) => {
    // The binary times its own loop, so process start-up is not counted.
    const out = execFileSync(binary, [search.lastProof, search.lastHash, String(GUESSES), String(search.difficulty)], {
      encoding: 'utf8',
    });
    const [tried, seconds] = out.trim().split(' ').map(Number) as [number, number];
    rounds.add(tried, seconds);
  };
}

/** Searches for about half a second, so V8 has tiered the kernel up before it is timed. */
function warmUp(kernel: Kernel): void {
  const start = performance.now();
  while (performance.now() - start < 500) kernel.search(search, 0, 100_000);
}

async function main(): Promise<void> {
  const simd = await nodeKernel();
  console.log(
    `# ChainScope benchmark\n\nProof search, reference rule, ${GUESSES.toLocaleString('en')} guesses a round, one core. Each figure is the median of ${ROUNDS} rounds, with the slowest and fastest beside it; native and SIMD rounds alternate, so both see the same machine.\n`,
  );
  const native = nativeYardstick();
  const nativeRounds = new Rounds();
  const simdRounds = new Rounds();
  warmUp(simd);
  for (let round = 0; round < ROUNDS; round++) {
    if (typeof native !== 'string') native(nativeRounds);
    timed(simdRounds, (n) => simd.search(search, 0, n).tried, GUESSES);
  }
  const rows: [string, Rounds | string][] = [
    ['native C + OpenSSL (the yardstick)', typeof native === 'string' ? native : nativeRounds],
    [`ChainScope ${simd.name} kernel (WebAssembly SIMD, ${LANES} proofs a pass)`, simdRounds],
    ['ChainScope scalar kernel (plain JS)', measure((n) => scalarKernel.search(search, 0, n).tried, GUESSES / 4)],
    [
      "Node's crypto, createHash per guess",
      measure((n) => {
        for (let proof = 0; proof < n; proof++) {
          const digest = createHash('sha256').update(`${search.lastProof}${proof}${search.lastHash}`).digest('hex');
          if (meetsDifficulty(digest, search.difficulty)) return proof + 1;
        }
        return n;
      }, GUESSES / 8),
    ],
    [
      '@noble/hashes, naive per guess',
      measure((n) => {
        for (let proof = 0; proof < n; proof++) {
          const digest = bytesToHex(sha256(utf8ToBytes(`${search.lastProof}${proof}${search.lastHash}`)));
          if (meetsDifficulty(digest, search.difficulty)) return proof + 1;
        }
        return n;
      }, GUESSES / 20),
    ],
  ];
  const yardstick = typeof native === 'string' ? null : nativeRounds.median;
  console.log(`| contender | guesses/s, median of ${ROUNDS} | slowest–fastest | ratio to native | ratio to SIMD |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, rounds] of rows) {
    if (typeof rounds === 'string') {
      console.log(`| ${name} | ${rounds} | | | |`);
      continue;
    }
    const toNative = yardstick ? (rounds.median / yardstick).toFixed(2) : '—';
    console.log(
      `| ${name} | ${format(rounds.median)} | ${rounds.spread} | ${toNative} | ${(rounds.median / simdRounds.median).toFixed(2)} |`,
    );
  }
  if (yardstick) {
    console.log(
      `\nSIMD kernel in Node / native: ${(simdRounds.median / yardstick).toFixed(2)} (median of ${ROUNDS} rounds each, alternated; round by round ${simdRounds.ratios(nativeRounds)})`,
    );
  }

  validation();
  await browser(native);
}

/** valid_chain on a 10,000-block chain (built without real mining: difficulty 1 is quick). */
function validation(): void {
  const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10_000);
  const rules = { ...REFERENCE_RULES, difficulty: 1 };
  const chain: Json[] = [{ index: 1n, previous_hash: '1', proof: 100n, timestamp: 1_700_000_000.5, transactions: [] }];
  for (let i = 1; i < BLOCKS; i++) {
    const last = chain[chain.length - 1] as { proof: bigint };
    const lastHash = blockHash(last as Json);
    const proof =
      scalarKernel.search({ ...search, difficulty: 1, lastProof: String(last.proof), lastHash }, 0, 1e6).proof ?? 0;
    chain.push({
      index: BigInt(i + 1),
      timestamp: 1_700_000_000.5 + i,
      transactions: [{ sender: '0', recipient: 'b'.repeat(32), amount: 1n }],
      proof: BigInt(proof),
      previous_hash: lastHash,
    });
  }
  const rounds = new Rounds();
  let valid = false;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    valid = validChain(chain, rules).valid;
    rounds.add(BLOCKS, Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(
    `\nValidation: valid_chain on a ${BLOCKS.toLocaleString('en')}-block chain (${valid ? 'valid' : 'INVALID'}): ${format(rounds.median)} blocks/s (median of ${ROUNDS}; ${rounds.spread})`,
  );
}

/**
 * The kernels in Debian's Chromium: one worker, its rounds alternated with native ones as in Node,
 * then the scalar kernel, then one SIMD worker per core at once.
 */
async function browser(native: ((rounds: Rounds) => void) | string): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`\nChromium: skipped (no ${CHROMIUM}; apt-get install -y chromium)`);
    return;
  }
  const server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browserApp = await launchChromium();

  try {
    const page = await browserApp.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench/browser/index.html`);
    await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 60_000 });
    const single = (kernel: 'simd' | 'scalar', guesses: number) =>
      page.evaluate(
        ([kernel, guesses]) =>
          (window as unknown as { bench: BrowserBench }).bench.single(kernel as 'simd' | 'scalar', guesses as number),
        [kernel, guesses] as const,
      );
    const cores = await page.evaluate(() => (window as unknown as { bench: BrowserBench }).bench.cores);
    const nativeRounds = new Rounds();
    const simdRounds = new Rounds();
    const scalarRounds = new Rounds();
    let simdName = '';
    await single('simd', 0); // loads the kernel and warms it up
    for (let round = 0; round < ROUNDS; round++) {
      if (typeof native !== 'string') native(nativeRounds);
      const result = await single('simd', GUESSES);
      simdName = result.kernel;
      simdRounds.add(result.tried, result.seconds);
    }
    await single('scalar', 0);
    for (let round = 0; round < ROUNDS; round++) {
      const result = await single('scalar', GUESSES / 4);
      scalarRounds.add(result.tried, result.seconds);
    }
    const allRounds = new Rounds();
    let workers = cores;
    for (let round = 0; round < ROUNDS; round++) {
      const all = await page.evaluate(
        (guesses) => (window as unknown as { bench: BrowserBench }).bench.all(guesses),
        GUESSES,
      );
      allRounds.add(all.totalRate, 1);
      workers = all.workers;
    }
    const yardstick = typeof native === 'string' ? null : nativeRounds.median;
    const ratio = (rate: number) => (yardstick ? (rate / yardstick).toFixed(2) : '—');
    console.log(`\nIn Chromium workers (${cores} cores), median of ${ROUNDS} rounds each:\n`);
    console.log('| run | guesses/s | slowest–fastest | ratio to native (one core) |');
    console.log('|---|---:|---:|---:|');
    if (typeof native === 'string') console.log(`| native C + OpenSSL | ${native} | | |`);
    else
      console.log(
        `| native C + OpenSSL, rounds alternated with the next row's | ${format(nativeRounds.median)} | ${nativeRounds.spread} | 1.00 |`,
      );
    console.log(
      `| one worker, ${simdName} kernel | ${format(simdRounds.median)} | ${simdRounds.spread} | ${ratio(simdRounds.median)} |`,
    );
    console.log(
      `| one worker, scalar kernel | ${format(scalarRounds.median)} | ${scalarRounds.spread} | ${ratio(scalarRounds.median)} |`,
    );
    console.log(
      `| ${workers} ${simdName} workers at once, total | ${format(allRounds.median)} | ${allRounds.spread} | scaling ${(allRounds.median / simdRounds.median).toFixed(2)}x |`,
    );
    if (yardstick) {
      console.log(
        `\nSIMD kernel in one Chromium worker / native: ${ratio(simdRounds.median)} (median of ${ROUNDS} rounds each, alternated; round by round ${simdRounds.ratios(nativeRounds)})`,
      );
    }
  } finally {
    await browserApp.close();
    await server.close();
  }
}

await main();
