import { afterEach, describe, expect, it } from 'vitest';
import { mine, registerNodes, removeNode, rewindTo, setStepMode } from '../src/store/actions';
import { RunWriter } from '../src/store/run-writer';
import type { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

const length = (address: string) => store.getState().nodes.find((n) => n.address === address)?.snapshot.length ?? 0;

async function mineTo(sim: Simulator, address: string, blocks: number): Promise<void> {
  while (length(address) < blocks) {
    const before = length(address);
    mine(sim, address);
    await until(() => length(address) === before + 1, `block ${before + 1} of ${address}`);
  }
}

/** The autosave's text and the Export's text of the run shown now: the same run, read back. */
function same(sim: Simulator, writer: RunWriter): string {
  const compact = writer.write(sim.runFile());
  expect(JSON.parse(compact)).toEqual(JSON.parse(sim.exportRun()));
  return compact;
}

let sim: Simulator | null = null;
afterEach(() => sim?.dispose());

describe('the run written again as it grows (the autosave)', () => {
  it('writes the same run as Export, as the journal grows, is cut back by a jump and grows again, and a node goes', async () => {
    sim = startTestNetwork();
    // Chunks of four items, so that a short run has many, kept and made again.
    const writer = new RunWriter(4);
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    same(sim, writer);
    await mineTo(sim, 'localhost:5001', 6);
    const grown = same(sim, writer);
    // Written again with nothing new: the same text.
    expect(writer.write(sim.runFile())).toBe(grown);

    // Back to the middle of the run, then an action there: a new future replaces the old one.
    const middle = Math.floor(sim.session.network.journal.length / 2);
    expect(await rewindTo(sim, middle)).toBe(true);
    same(sim, writer);
    // The past is held in step mode; leaving it there starts the new future.
    setStepMode(sim, false);
    await mineTo(sim, 'localhost:5000', length('localhost:5000') + 2);
    const branched = same(sim, writer);
    expect(branched).not.toBe(grown);

    removeNode(sim, 'localhost:5002');
    await until(() => store.getState().nodes.length === 2, 'the node removed');
    const removed = same(sim, writer);
    expect(removed).not.toContain('"localhost:5002":');
  });
});
