import { describe, expect, it } from 'vitest';
import { parseJson } from '../src/core/json/read';
import type { JsonObject } from '../src/core/json/value';
import type { ResolveStep } from '../src/core/resolve';
import type { Rules } from '../src/core/rules';
import { editBlock, mine, register, remine, resolve } from '../src/sim/commands';
import { Network } from '../src/sim/network';
import { replayJournal } from '../src/sim/replay';
import { inProcessTransport } from '../src/workers/page/transports';
import { answerOf, tick, timing } from './support/sim';

/** The reference's proof rule: the guess holds the last block's hash, so a changed block needs new proofs after it. */
const RULES: Rules = { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' };

function makeNetwork() {
  return new Network({ rules: RULES, connect: inProcessTransport(timing), epochSeconds: 1_800_000_000.5, seed: 3 });
}

const answer = answerOf;

async function settle(network: Network): Promise<void> {
  for (let i = 0; !network.settled && i < 10_000; i++) await tick();
}

const stateOf = (network: Network) =>
  network.addresses().map((a) => ({
    address: a,
    hashes: network.snapshot(a)?.hashes,
    problems: network.snapshot(a)?.problems?.map((p) => [p.check, p.position]),
    pending: network.state(a)?.pendingTransactions,
    neighbours: network.state(a)?.neighbours,
  }));

const TAMPERED = JSON.stringify({
  position: 2,
  transactions: [{ sender: '0', recipient: 'mallory', amount: 1000 }],
});

describe('the lab on the network', () => {
  it('tampers, is refused by a neighbour with the failing check, mines again, is adopted, and replays byte for byte', async () => {
    const network = makeNetwork();
    const steps: ResolveStep[] = [];
    network.subscribe((event) => {
      if (event.type === 'trace' && event.address === 'localhost:5000') steps.push(event.step);
    });
    network.addNode();
    network.addNode();
    await answer(network, network.run(register, { address: 'localhost:5000', nodes: ['http://localhost:5001'] }));
    for (let i = 0; i < 3; i++) await answer(network, network.run(mine, { address: 'localhost:5001' }));
    const honest = network.snapshot('localhost:5001')?.hashes ?? [];
    expect(honest).toHaveLength(4);

    const edited = await answer(network, network.run(editBlock, { address: 'localhost:5001', body: TAMPERED }));
    expect(edited.status).toBe(200);
    const after = network.snapshot('localhost:5001');
    // Block 3 is new; block 4 no longer names it: the snapshot says so, as the page shows it.
    expect(after?.hashes[2]).not.toBe(honest[2]);
    expect(after?.hashes[3]).toBe(honest[3]);
    expect(after?.problems?.map((p) => [p.check, p.position])).toEqual([['previous_hash', 3]]);
    const block = after?.state.chain[2] as JsonObject;
    expect(block.transactions).toEqual([{ sender: '0', recipient: 'mallory', amount: 1000n }]);

    // The neighbour refuses the longer chain: valid_chain fails at block 4's previous_hash.
    const refused = parseJson((await answer(network, network.run(resolve, { address: 'localhost:5000' }))).body);
    expect((refused as JsonObject).message).toBe('Our chain is authoritative');
    const failed = steps.find((s) => s.kind === 'check' && !s.check.ok);
    expect(failed).toMatchObject({ check: { check: 'previous_hash', position: 3 } });

    const mended = await answer(network, network.run(remine, { address: 'localhost:5001', position: 2 }));
    expect(parseJson(mended.body)).toMatchObject({ rewritten: 1n, searched: 1n });
    expect(network.snapshot('localhost:5001')?.problems).toEqual([]);
    const adopted = parseJson((await answer(network, network.run(resolve, { address: 'localhost:5000' }))).body);
    expect((adopted as JsonObject).message).toBe('Our chain was replaced');
    expect(network.snapshot('localhost:5000')?.hashes).toEqual(network.snapshot('localhost:5001')?.hashes);
    await settle(network);

    // Journal in, the same chains out (and the same journal): the re-mine's proof is recorded.
    expect(network.journal.map((e) => e.t)).toContain('edit-block');
    const copy = makeNetwork();
    await replayJournal(copy, network.journal, 0, network.journal.length);
    await settle(copy);
    expect(stateOf(copy)).toEqual(stateOf(network));
    expect(copy.journal).toEqual(network.journal);
    copy.dispose();
  });

  it('restores a checkpoint taken while the chain is broken, with its problems', async () => {
    const network = makeNetwork();
    network.addNode();
    for (let i = 0; i < 3; i++) await answer(network, network.run(mine, { address: 'localhost:5000' }));
    await answer(network, network.run(editBlock, { address: 'localhost:5000', body: TAMPERED }));
    await settle(network);
    const broken = network.checkpoint();
    const line = [...network.journal];
    await answer(network, network.run(remine, { address: 'localhost:5000', position: 2 }));
    await settle(network);
    const end = stateOf(network);
    network.restore(broken, [...network.journal]);
    await replayJournal(network, line, broken.journal, line.length);
    await settle(network);
    expect(network.snapshot('localhost:5000')?.problems?.map((p) => p.position)).toEqual([3]);
    expect(network.journal).toEqual(line);
    const full = [...line];
    // On again from there, in the same workers.
    network.restore(broken, full);
    await replayJournal(network, full, broken.journal, full.length);
    await answer(network, network.run(remine, { address: 'localhost:5000', position: 2 }));
    await settle(network);
    expect(stateOf(network)).toEqual(end);
  });
});
