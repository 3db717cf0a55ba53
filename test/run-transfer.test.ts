import { afterEach, describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import { mine, newTransaction, registerNodes, resolve } from '../src/store/actions';
import { exportRun, importRun, setContinuous } from '../src/store/runtime';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';

const RULES: Rules = { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' };

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (condition()) return;
    await new Promise((done) => setTimeout(done, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const announced = (address: string, key: string) => () =>
  store.getState().nodes.find((n) => n.address === address)?.announcement?.key === key;
const chains = () => Object.fromEntries(store.getState().nodes.map((n) => [n.address, n.snapshot.hashes]));

async function recordRun(): Promise<string> {
  startTestNetwork(RULES, 50);
  newTransaction('localhost:5001', { sender: '멍개', recipient: 'bob', amount: '1.5' });
  await until(announced('localhost:5001', 'msg.txAdded'), 'the transaction');
  mine('localhost:5001');
  await until(announced('localhost:5001', 'msg.forged'), 'the block');
  registerNodes('localhost:5000', ['http://localhost:5001', 'localhost:5002']);
  await until(announced('localhost:5000', 'msg.nodesAdded'), 'the registration');
  resolve('localhost:5000');
  await until(announced('localhost:5000', 'msg.replaced'), 'the resolve');
  return exportRun();
}

afterEach(() => store.setState({ transferError: null }));

describe('exporting and importing a run', () => {
  it('imports a run that replays to byte-identical chains', async () => {
    const text = await recordRun();
    const recorded = chains();
    expect(recorded['localhost:5000']).toEqual(recorded['localhost:5001']);
    startTestNetwork(RULES, 50);
    expect(chains()).not.toEqual(recorded);
    expect(await importRun(text)).toBe(true);
    expect(chains()).toEqual(recorded);
    expect(store.getState().transferError).toBeNull();
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'chainscope-run', version: 1, rules: RULES, chains: recorded });
    // The imported network goes on from there like any other.
    mine('localhost:5002');
    await until(announced('localhost:5002', 'msg.forged'), 'a block after the import');
  });

  it('refuses a tampered file with a clear message and leaves the current network untouched', async () => {
    const text = await recordRun();
    startTestNetwork(RULES, 50);
    const before = { generation: store.getState().generation, chains: chains() };
    const tampered = text.replace('\\"amount\\": 1.5', '\\"amount\\": 2.5');
    expect(tampered).not.toBe(text);
    expect(await importRun(tampered)).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.tampered' });
    expect({ generation: store.getState().generation, chains: chains() }).toEqual(before);
  });

  it('goes on mining continuously after an import that fails, with the nodes that waited during it', async () => {
    const text = await recordRun();
    const tampered = text.replace('\\"amount\\": 1.5', '\\"amount\\": 2.5');
    // Idle moments come only when the test gives them: a node that forged a block waits for one.
    const idle: (() => void)[] = [];
    const giveIdle = () => {
      for (const callback of idle.splice(0)) callback();
    };
    startTestNetwork(RULES, 50, undefined, (callback) => idle.push(callback));
    const length = () => store.getState().nodes.find((n) => n.address === 'localhost:5002')?.snapshot.length ?? 0;
    setContinuous('localhost:5002', true);
    await until(() => length() === 2 && idle.length > 0, 'a block, and the node waiting for the next');
    const importing = importRun(tampered);
    expect(store.getState().replaying).toBe('import');
    // A moment of idle time during the replay: the waiting node is kept for later, not forgotten.
    giveIdle();
    expect(await importing).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.tampered' });
    // Its switch is still on, and it keeps its word: the next idle moment starts its next block.
    expect(store.getState().nodes.find((n) => n.address === 'localhost:5002')?.continuous).toBe(true);
    await until(() => {
      giveIdle();
      return length() > 2;
    }, 'the next block after the import');
  });

  it('refuses files that are not runs, saying what is wrong', async () => {
    startTestNetwork(RULES, 50);
    const before = chains();
    expect(await importRun('not json')).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.badJson' });
    expect(await importRun('{"format": "something else"}')).toBe(false);
    expect(store.getState().transferError?.key).toBe('run.badFormat');
    expect(chains()).toEqual(before);
    const text = await recordRun();
    const file = JSON.parse(text);
    file.journal[3] = { t: 'command', at: 1, address: 'localhost:5000', request: { method: 5 } };
    startTestNetwork(RULES, 50);
    const fresh = chains();
    expect(await importRun(JSON.stringify(file))).toBe(false);
    expect(store.getState().transferError).toEqual({
      key: 'run.badFormat',
      params: { problem: 'journal[3].request has no method and path' },
    });
    expect(chains()).toEqual(fresh);
  });

  it('refuses a run that cannot be made (a seventeenth node), and the controls come back', async () => {
    const file = JSON.parse(await recordRun());
    for (let i = 0; i < 16; i++) file.journal.push({ t: 'add', at: 10_000 });
    startTestNetwork(RULES, 50);
    const before = chains();
    expect(await importRun(JSON.stringify(file))).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.stuck' });
    expect(store.getState().replaying).toBeNull();
    expect(chains()).toEqual(before);
  });

  it('gives up on a run whose steps the nodes never reach', async () => {
    const file = JSON.parse(await recordRun());
    file.journal.push({ t: 'release', at: 5_000, ref: 'localhost:5000/g999' });
    startTestNetwork(RULES, 50, 300);
    const before = chains();
    expect(await importRun(JSON.stringify(file))).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.stuck' });
    expect(chains()).toEqual(before);
  });
});
