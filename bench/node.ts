/**
 * `npm run bench:node`: requests per second that `chainscope node` answers for GET /chain, with a
 * chain of 10 and of 2,000 blocks, idle and while it mines, from 1 and from 32 clients at once.
 * Everything on 127.0.0.1, for a few seconds per row; printed, never asserted.
 */
import { startNodeServer } from '../src/cli/node-server';
import type { Chain } from '../src/core/block';
import type { Rules } from '../src/core/rules';
import { minedChain } from '../test/support/chains';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
// Difficulty 7 keeps the miner busy for the whole row (hundreds of millions of guesses).
const RULES: Rules = { proofRule: 'reference', difficulty: 7, resolveRule: 'seed' };

async function load(url: string, clients: number): Promise<{ perSecond: number; bytes: number }> {
  const until = performance.now() + SECONDS * 1000;
  let answered = 0;
  let bytes = 0;
  const client = async () => {
    while (performance.now() < until) {
      const answer = await fetch(`${url}/chain`);
      bytes = (await answer.arrayBuffer()).byteLength;
      answered++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { perSecond: answered / ((performance.now() - started) / 1000), bytes };
}

const rows: string[][] = [];
for (const blocks of [10, 2_000]) {
  const chain: Chain = minedChain(blocks - 1, { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' });
  for (const mining of [false, true]) {
    const server = await startNodeServer({
      port: 0,
      host: '127.0.0.1',
      rules: RULES,
      nodeIdentifier: 'b'.repeat(32),
      log: () => {},
    });
    server.ref.state = { ...server.ref.state, chain };
    // A mine that will not end during the row: GET /chain is answered beside it.
    const mine = mining ? fetch(`${server.url}/mine`).catch(() => null) : null;
    for (const clients of [1, 32]) {
      const { perSecond, bytes } = await load(server.url, clients);
      rows.push([
        String(blocks),
        mining ? 'mining' : 'idle',
        String(clients),
        perSecond.toFixed(0),
        `${(bytes / 1024).toFixed(0)} KB`,
      ]);
    }
    await server.close();
    void mine;
  }
}
const head = ['blocks', 'node', 'clients', 'GET /chain per s', 'answer size'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(`bench:node: chainscope node on 127.0.0.1, ${SECONDS} s per row\n`);
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
process.exit(0);
