/**
 * `npm run bench`: the proof search and chain validation, measured side by side in one run.
 * Every contender does the same work (the same search from the same start, finding nothing), so
 * the ratios mean something even on a noisy machine. Timings are printed, never asserted.
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
import { scalarKernel } from '../src/miner/kernels';
import { nodeKernel } from '../src/miner/node-kernel';
import { CHROMIUM, launchChromium } from '../test/e2e/harness';

const root = resolve(import.meta.dirname, '..');
const GUESSES = Number(process.env.BENCH_GUESSES ?? 4_000_000);
const ROUNDS = 3;

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

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Guesses per second of a run that returns how many guesses it made, median of ROUNDS. */
function measure(run: (guesses: number) => number, guesses: number): number {
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    const tried = run(guesses);
    rates.push(tried / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return median(rates);
}

/** The native yardstick, compiled here where cc and OpenSSL's headers exist. */
function nativeRate(): number | string {
  const cc = spawnSync('cc', ['--version']);
  if (cc.status !== 0) return 'skipped: no C compiler (cc)';
  if (!existsSync('/usr/include/openssl/sha.h')) return 'skipped: no OpenSSL headers (apt-get install libssl-dev)';
  const binary = join(mkdtempSync(join(tmpdir(), 'chainscope-native-')), 'native');
  const built = spawnSync('cc', ['-O2', '-o', binary, join(root, 'bench/native.c'), '-lcrypto'], { encoding: 'utf8' });
  if (built.status !== 0) return `skipped: could not compile bench/native.c (${built.stderr.trim().split('\n')[0]})`;
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const out = execFileSync(binary, [search.lastProof, search.lastHash, String(GUESSES), String(search.difficulty)], {
      encoding: 'utf8',
    });
    const [tried, seconds] = out.trim().split(' ').map(Number) as [number, number];
    rates.push(tried / seconds);
  }
  return median(rates);
}

async function main(): Promise<void> {
  const simd = await nodeKernel();
  console.log(
    `# ChainScope benchmark\n\nProof search, reference rule, ${GUESSES.toLocaleString('en')} guesses, median of ${ROUNDS} runs, one core.\n`,
  );
  const native = nativeRate();
  const rows: [string, number | string][] = [
    ['native C + OpenSSL (the yardstick)', native],
    [
      `ChainScope ${simd.name} kernel (WebAssembly SIMD, 4 lanes)`,
      measure((n) => simd.search(search, 0, n).tried, GUESSES),
    ],
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
  const yardstick = typeof native === 'number' ? native : null;
  const simdRate = rows[1]?.[1] as number;
  console.log('| contender | guesses/s | ratio to native | ratio to SIMD |');
  console.log('|---|---:|---:|---:|');
  for (const [name, rate] of rows) {
    if (typeof rate === 'string') {
      console.log(`| ${name} | ${rate} | | |`);
      continue;
    }
    const toNative = yardstick ? (rate / yardstick).toFixed(2) : '—';
    console.log(`| ${name} | ${format(rate)} | ${toNative} | ${(rate / simdRate).toFixed(2)} |`);
  }

  validation();
  await browser(yardstick);
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
  const seconds: number[] = [];
  let valid = false;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    valid = validChain(chain, rules).valid;
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const rate = BLOCKS / median(seconds);
  console.log(
    `\nValidation: valid_chain on a ${BLOCKS.toLocaleString('en')}-block chain (${valid ? 'valid' : 'INVALID'}): ${format(rate)} blocks/s`,
  );
}

/** The kernels in Debian's Chromium: one worker, then one per core at once. */
async function browser(yardstick: number | null): Promise<void> {
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
    await page.goto(`http://127.0.0.1:${port}/bench/browser/index.html?guesses=${GUESSES}`);
    await page.waitForFunction(() => 'benchResult' in window, undefined, { timeout: 300_000 });
    const result = (await page.evaluate(() => (window as unknown as { benchResult: unknown }).benchResult)) as {
      cores: number;
      single: Record<'simd' | 'scalar', { kernel: string; tried: number; seconds: number }>;
      all: { workers: number; totalRate: number };
    };
    const one = result.single.simd.tried / result.single.simd.seconds;
    const scalar = result.single.scalar.tried / result.single.scalar.seconds;
    const ratio = (rate: number) => (yardstick ? (rate / yardstick).toFixed(2) : '—');
    console.log(`\nIn Chromium workers (${result.cores} cores):\n`);
    console.log('| run | guesses/s | ratio to native (one core) |');
    console.log('|---|---:|---:|');
    console.log(`| one worker, ${result.single.simd.kernel} kernel | ${format(one)} | ${ratio(one)} |`);
    console.log(`| one worker, scalar kernel | ${format(scalar)} | ${ratio(scalar)} |`);
    console.log(
      `| ${result.all.workers} workers at once, total | ${format(result.all.totalRate)} | scaling ${(result.all.totalRate / one).toFixed(2)}x |`,
    );
  } finally {
    await browserApp.close();
    await server.close();
  }
}

await main();
