import { describe, expect, it } from 'vitest';
import { blockHash } from '../src/core/block';
import type { Rules } from '../src/core/rules';
import { Network, type NetworkCheckpoint } from '../src/sim/network';
import { replayJournal } from '../src/sim/replay';
import { inProcessTransport } from '../src/workers/page/transports';
import { run, tick, timing } from './support/sim';

const RULES: Rules = { proofRule: 'seed', difficulty: 3, resolveRule: 'seed' };

function makeNetwork(seed = 5) {
  return new Network({ rules: RULES, connect: inProcessTransport(timing), epochSeconds: 1_800_000_000.5, seed });
}

async function settle(network: Network): Promise<void> {
  for (let i = 0; !network.settled && i < 10_000; i++) await tick();
}

/** Everything a run file records of every node: its chain, pending transactions and neighbours. */
const stateOf = (network: Network) =>
  Object.fromEntries(
    network.addresses().map((a) => {
      const state = network.state(a);
      return [
        a,
        { chain: network.snapshot(a)?.hashes, pending: state?.pendingTransactions, neighbours: state?.neighbours },
      ];
    }),
  );

/**
 * A run with a bit of everything: transactions, two nodes mining at once, a registration with a
 * node that does not exist, a resolve over the links, mining step by step (guess gates), and
 * messages delivered by the clock. A checkpoint is taken after every move, wherever the nodes are.
 */
async function record(): Promise<{ network: Network; checkpoints: NetworkCheckpoint[] }> {
  const network = makeNetwork();
  const checkpoints: NetworkCheckpoint[] = [];
  const mark = () => checkpoints.push(network.checkpoint());
  for (let i = 0; i < 3; i++) network.addNode();
  mark();
  await run(network, 'localhost:5001', 'POST', '/transactions/new', { sender: '멍개', recipient: 'b', amount: 1.5 });
  mark();
  const mining = run(network, 'localhost:5001', 'GET', '/mine');
  mark();
  await run(network, 'localhost:5002', 'GET', '/mine');
  mark();
  await mining;
  mark();
  await run(network, 'localhost:5000', 'POST', '/nodes/register', {
    nodes: ['localhost:5001', 'localhost:5002', 'localhost:5009'],
  });
  mark();
  const resolving = run(network, 'localhost:5000', 'GET', '/nodes/resolve');
  for (let i = 0; i < 30; i++) {
    await tick();
    network.advanceTo(network.now + 25);
    if (i % 3 === 0) mark(); // in the middle of the resolve: messages in flight, nodes inside it
  }
  await resolving;
  mark();
  network.setMode(true);
  await settle(network);
  let mined = false;
  void network.command('localhost:5002', { method: 'GET', path: '/mine' }).then(() => (mined = true));
  for (let i = 0; i < 6; i++) {
    await settle(network);
    mark();
    network.step(i < 2 ? 1 : 1000);
  }
  await settle(network);
  mark();
  // Back in run mode, the node finishes its search by itself, while it answers GET /chain.
  network.setMode(false);
  await run(network, 'localhost:5002', 'GET', '/chain');
  for (let i = 0; i < 10_000 && !mined; i++) await tick();
  expect(mined).toBe(true);
  for (let i = 0; i < 200 && network.nextEventTime() !== null; i++) {
    await tick();
    network.advanceTo(network.now + 25);
  }
  await settle(network);
  return { network, checkpoints };
}

describe('replay', () => {
  it('takes its checkpoints where the nodes have caught up with the replay, at most twice the spacing apart', async () => {
    const network = makeNetwork();
    for (let i = 0; i < 3; i++) network.addNode();
    // Three nodes mining at once, block after block: a bulk replay sends their requests ahead.
    await Promise.all(
      network.addresses().map(async (address) => {
        for (let k = 0; k < 8; k++) await run(network, address, 'GET', '/mine');
      }),
    );
    await settle(network);
    const copy = makeNetwork();
    const taken: number[] = [];
    await replayJournal(copy, network.journal, 0, network.journal.length, {
      checkpoint: {
        every: 6,
        take: (position) => {
          // A checkpoint taken while the nodes were behind would hold their backlog.
          expect(copy.settled).toBe(true);
          taken.push(position);
        },
      },
    });
    await settle(copy);
    expect(stateOf(copy)).toEqual(stateOf(network));
    expect(taken.length).toBeGreaterThan(2);
    const spacing = taken.map((at, i) => at - (taken[i - 1] ?? 0));
    expect(Math.max(...spacing)).toBeLessThanOrEqual(12);
    expect(Math.min(...spacing)).toBeGreaterThanOrEqual(6);
  });

  it('makes the same run again from its journal, without a search: every block with its recorded proof', async () => {
    const { network: original } = await record();
    const proofs = original.journal.filter((e) => e.t === 'release' && e.proof !== undefined);
    expect(proofs.length).toBeGreaterThanOrEqual(2);
    const copy = makeNetwork();
    let guesses = 0;
    copy.subscribe((e) => {
      if (e.type === 'progress') guesses = Math.max(guesses, e.progress.tried);
    });
    await replayJournal(copy, original.journal, 0, original.journal.length);
    await settle(copy);
    expect(stateOf(copy)).toEqual(stateOf(original));
    expect(copy.addresses()).toEqual(['localhost:5000', 'localhost:5001', 'localhost:5002']);
    const chain = copy.state('localhost:5000')?.chain ?? [];
    expect(chain.map(blockHash)).toEqual(original.snapshot('localhost:5000')?.hashes);
    expect(copy.journal).toEqual(original.journal);
    // The only guesses made were the ones stepped through by hand in step mode (1, 1, then x1000).
    expect(guesses).toBeLessThanOrEqual(2 + 4 * 1000);
  });

  it('restores a checkpoint taken anywhere (a resolve under way, step mode, messages in flight) in other workers', async () => {
    const { network: original, checkpoints } = await record();
    expect(checkpoints.length).toBeGreaterThan(15);
    for (const [i, checkpoint] of checkpoints.entries()) {
      const copy = makeNetwork();
      copy.restore(checkpoint, original.journal);
      await replayJournal(copy, original.journal, checkpoint.journal, original.journal.length);
      await settle(copy);
      expect(stateOf(copy), `checkpoint ${i} at step ${checkpoint.journal}`).toEqual(stateOf(original));
      expect(copy.journal, `checkpoint ${i}`).toEqual(original.journal);
      copy.dispose();
    }
  });

  it('travels back and forth in the same workers, to any checkpoint and on to any later point', async () => {
    const { network, checkpoints } = await record();
    const line = [...network.journal];
    const end = stateOf(network);
    const middle = checkpoints[Math.floor(checkpoints.length / 2)] as NetworkCheckpoint;
    // Back to the middle, then to a point a few steps on, then to the end.
    network.restore(middle, line);
    await replayJournal(network, line, middle.journal, middle.journal + 3, { hold: true });
    await settle(network);
    // Held there, in step mode: nothing went on by itself.
    expect(network.journal.slice(0, middle.journal + 3)).toEqual(line.slice(0, middle.journal + 3));
    expect(network.journal.slice(middle.journal + 3).map((e) => e.t)).toEqual(['mode']);
    expect(network.inStepMode).toBe(true);
    for (const checkpoint of [checkpoints[2], checkpoints.at(-2), checkpoints[7]] as NetworkCheckpoint[]) {
      network.restore(checkpoint, line);
      await replayJournal(network, line, checkpoint.journal, line.length);
      await settle(network);
      expect(stateOf(network)).toEqual(end);
      expect(network.journal).toEqual(line);
    }
  });
});

describe('a step of guesses in the journal', () => {
  it('records how many guesses were really tried when the search ends in it, and refuses more', async () => {
    const { network } = await record();
    const steps = network.journal.flatMap((e, i) =>
      e.t === 'release' && typeof e.count === 'number' ? [[i, e.count]] : [],
    );
    // 1, 1, then x1000 until the proof: the last step tried fewer than its 1,000.
    const last = steps.at(-1) as [number, number];
    expect(steps.slice(0, 2).map(([, count]) => count)).toEqual([1, 1]);
    expect(last[1]).toBeLessThan(1000);
    // A journal that says the step tried more than that is one no run can make.
    const journal = network.journal.map((e, i) => (i === last[0] ? { ...e, count: 1000 } : e));
    const copy = makeNetwork();
    await expect(replayJournal(copy, journal, 0, journal.length)).rejects.toThrow(
      /lets localhost:5002\/g\d+ try 1000 guesses, but its search ended at proof \d+, after \d+/,
    );
  });
});
