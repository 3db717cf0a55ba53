import { afterEach, describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import {
  cancelImport,
  exportRun,
  importRun,
  mine,
  newTransaction,
  registerNodes,
  resolve,
  setContinuous,
} from '../src/store/actions';
import type { Simulator } from '../src/store/simulator';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

const RULES: Rules = { proofRule: 'reference', difficulty: 2, resolveRule: 'seed' };

const announced = (address: string, key: string) => () =>
  store.getState().nodes.find((n) => n.address === address)?.announcement?.key === key;
const chains = () => Object.fromEntries(store.getState().nodes.map((n) => [n.address, n.snapshot.hashes]));

async function recordRun(): Promise<string> {
  const sim = startTestNetwork(RULES, 50);
  newTransaction(sim, 'localhost:5001', { sender: '멍개', recipient: 'bob', amount: '1.5' });
  await until(announced('localhost:5001', 'msg.txAdded'), 'the transaction');
  mine(sim, 'localhost:5001');
  await until(announced('localhost:5001', 'msg.forged'), 'the block');
  registerNodes(sim, 'localhost:5000', ['http://localhost:5001', 'localhost:5002']);
  await until(announced('localhost:5000', 'msg.nodesAdded'), 'the registration');
  resolve(sim, 'localhost:5000');
  await until(announced('localhost:5000', 'msg.replaced'), 'the resolve');
  newTransaction(sim, 'localhost:5002', { sender: 'carol', recipient: 'dave', amount: '7' });
  await until(announced('localhost:5002', 'msg.txAdded'), 'a pending transaction');
  return exportRun(sim);
}

/** Imports into a fresh network and returns whether it worked, with the network's state before. */
async function importInto(text: string): Promise<{ sim: Simulator; ok: boolean; before: unknown }> {
  const sim = startTestNetwork(RULES, 50);
  const before = { generation: store.getState().generation, chains: chains() };
  const ok = await importRun(sim, text);
  return { sim, ok, before };
}

const unchanged = () => ({ generation: store.getState().generation, chains: chains() });

afterEach(() => store.setState({ transferError: null, transferDone: null }));

describe('exporting and importing a run', () => {
  it('imports a run that replays to the same chains, pending transactions and neighbours, and says so', async () => {
    const text = await recordRun();
    const recorded = chains();
    expect(recorded['localhost:5000']).toEqual(recorded['localhost:5001']);
    const { sim, ok } = await importInto(text);
    expect(ok).toBe(true);
    expect(chains()).toEqual(recorded);
    expect(store.getState().transferError).toBeNull();
    const file = JSON.parse(text);
    expect(store.getState().transferDone).toEqual({ key: 'run.imported', params: { entries: file.journal.length } });
    expect(file).toMatchObject({ format: 'chainscope-run', version: 2, rules: RULES });
    expect(file.final.nodes['localhost:5000']).toMatchObject({
      chain: recorded['localhost:5000'],
      neighbours: ['localhost:5001', 'localhost:5002'],
      pending: '[]',
    });
    expect(file.final.nodes['localhost:5002'].pending).toBe('[{"amount": 7, "recipient": "dave", "sender": "carol"}]');
    // Every block's proof is in the journal: a replay does not search.
    const proofs = file.journal.filter(
      (e: { t: string; proof?: number }) => e.t === 'release' && e.proof !== undefined,
    );
    expect(proofs.length).toBe(1);
    // The imported network goes on from there like any other.
    mine(sim, 'localhost:5002');
    await until(announced('localhost:5002', 'msg.forged'), 'a block after the import');
  });

  it('imports a run saved while a node was finishing a resolve (its last answer in, the chain not yet taken)', async () => {
    const sim = startTestNetwork(RULES, 50);
    mine(sim, 'localhost:5001');
    await until(announced('localhost:5001', 'msg.forged'), 'the block');
    registerNodes(sim, 'localhost:5000', ['http://localhost:5001', 'localhost:5002']);
    await until(announced('localhost:5000', 'msg.nodesAdded'), 'the registration');
    // Saved the moment each answer reaches 5000: the journal has the delivery, and 5000 has yet
    // to read it (the autosave, or a reload's save, may come at any such moment).
    const saved: string[] = [];
    const stop = sim.session.network.subscribe((event) => {
      if (event.type === 'delivered' && event.message.kind === 'response' && event.message.asker === 'localhost:5000') {
        saved.push(exportRun(sim));
      }
    });
    resolve(sim, 'localhost:5000');
    await until(announced('localhost:5000', 'msg.replaced'), 'the resolve');
    stop();
    expect(saved).toHaveLength(2);
    const last = JSON.parse(saved[1] as string);
    // The file says 5000 still had its own chain: the replay takes 5001's, and imports all the same.
    expect(last.final.nodes['localhost:5000'].chain).toHaveLength(1);
    for (const text of saved) {
      const { ok } = await importInto(text);
      expect(store.getState().transferError).toBeNull();
      expect(ok).toBe(true);
    }
    expect(store.getState().nodes.find((n) => n.address === 'localhost:5000')?.snapshot.hashes).toHaveLength(2);
  });

  it('refuses a file whose replay ends elsewhere, saying which node differs, and leaves the network untouched', async () => {
    const text = await recordRun();
    const tampered = text.replace('\\"amount\\": 1.5', '\\"amount\\": 2.5');
    expect(tampered).not.toBe(text);
    const { sim, ok, before } = await importInto(tampered);
    expect(ok).toBe(false);
    expect(store.getState().transferError).toMatchObject({
      key: 'run.mismatch',
      detail: { key: 'run.differs.chain' },
    });
    expect(unchanged()).toEqual(before);
    expect(store.getState().replaying).toBeNull();
    // An end in another mode: said so, with no node to name.
    const file = JSON.parse(text);
    file.final.stepMode = !file.final.stepMode;
    expect(await importRun(sim, JSON.stringify(file))).toBe(false);
    expect(store.getState().transferError).toEqual({ key: 'run.mismatchSettings' });
  });

  it("puts a node's answers where the run had them in its timeline, not where the replay was when they came", async () => {
    const sim = startTestNetwork(RULES, 50);
    registerNodes(sim, 'localhost:5000', ['localhost:5001', 'localhost:5002']);
    await until(announced('localhost:5000', 'msg.nodesAdded'), 'the registration');
    for (const address of ['localhost:5001', 'localhost:5002', 'localhost:5001']) {
      mine(sim, address);
      await until(() => store.getState().nodes.every((n) => n.activity === null), 'the block');
    }
    resolve(sim, 'localhost:5000');
    await until(announced('localhost:5000', 'msg.replaced'), 'the resolve');
    const moments = () =>
      store
        .getState()
        .timeline.toArray()
        .filter((e) => e.kind === 'forged' || e.kind === 'replaced' || e.kind === 'sent')
        .map((e) => ({ what: `${e.key} ${JSON.stringify(e.params)}`, journal: e.journal, at: e.at }));
    const live = moments();
    expect(live.filter((m) => m.what.startsWith('tl.forged'))).toHaveLength(3);
    const text = exportRun(sim);
    const { ok } = await importInto(text);
    expect(ok).toBe(true);
    const replayed = moments();
    // The same happenings in the same order, each in order of the run's steps and time, and none
    // later than the run had it (live, a node's answer comes a little after the step that caused
    // it; the replay puts it at that step). Before, a forge came out at the replay's position when
    // its answer arrived: blocks listed after the resolve that took them.
    expect(replayed.map((m) => m.what)).toEqual(live.map((m) => m.what));
    for (const [i, m] of replayed.entries()) {
      const before = replayed[i - 1];
      if (before) expect([m.journal >= before.journal, m.at >= before.at], m.what).toEqual([true, true]);
      expect([m.journal <= (live[i]?.journal ?? 0), m.at <= (live[i]?.at ?? 0)], m.what).toEqual([true, true]);
    }
  });

  it('leaves the network shown as it was when the import is cancelled, however short the run', async () => {
    const text = await recordRun();
    const sim = startTestNetwork(RULES, 50);
    mine(sim, 'localhost:5002');
    await until(announced('localhost:5002', 'msg.forged'), 'a block of the network shown');
    const before = unchanged();
    // Cancelled at once: before the first breather of the replay (a run of a few steps has none).
    const importing = importRun(sim, text);
    cancelImport(sim);
    expect(await importing).toBe(false);
    expect(unchanged()).toEqual(before);
    expect(store.getState().transferError).toEqual({ key: 'run.cancelled' });
    expect(store.getState().transferDone).toBeNull();
    expect(store.getState().replaying).toBeNull();
  });

  it('refuses a recorded proof that does not hold, naming the block', async () => {
    const file = JSON.parse(await recordRun());
    const at = file.journal.findIndex((e: { proof?: number }) => e.proof !== undefined);
    const release = file.journal[at];
    release.proof += 1;
    const { ok, before } = await importInto(JSON.stringify(file));
    expect(ok).toBe(false);
    const error = store.getState().transferError;
    // As data, so that each language says it in its own words.
    expect(error?.key).toBe('run.badProof');
    // The step named is the one that recorded the proof, not where the replay had got to.
    expect(error?.params).toMatchObject({
      step: at + 1,
      index: 2,
      address: 'localhost:5001',
      proof: release.proof,
      zeros: 2,
    });
    expect(unchanged()).toEqual(before);
  });

  it('goes on mining continuously after an import that fails, with the nodes that waited during it', async () => {
    const text = await recordRun();
    const tampered = text.replace('\\"amount\\": 1.5', '\\"amount\\": 2.5');
    // Idle moments come only when the test gives them: a node that forged a block waits for one.
    const idle: (() => void)[] = [];
    const giveIdle = () => {
      for (const callback of idle.splice(0)) callback();
    };
    const sim = startTestNetwork(RULES, 50, (callback) => idle.push(callback));
    const length = () => store.getState().nodes.find((n) => n.address === 'localhost:5002')?.snapshot.length ?? 0;
    setContinuous(sim, 'localhost:5002', true);
    await until(() => length() === 2 && idle.length > 0, 'a block, and the node waiting for the next');
    const importing = importRun(sim, tampered);
    expect(store.getState().replaying).toBe('import');
    // A moment of idle time during the replay: the waiting node is kept for later, not forgotten.
    giveIdle();
    expect(await importing).toBe(false);
    expect(store.getState().transferError?.key).toBe('run.mismatch');
    // Its switch is still on, and it keeps its word: the next idle moment starts its next block.
    expect(store.getState().nodes.find((n) => n.address === 'localhost:5002')?.continuous).toBe(true);
    await until(() => {
      giveIdle();
      return length() > 2;
    }, 'the next block after the import');
  });

  it('refuses what is not a run, or not one it can read, with a clear message', async () => {
    const sim = startTestNetwork(RULES, 50);
    const before = chains();
    const refusal = async (text: string) => {
      expect(await importRun(sim, text)).toBe(false);
      return store.getState().transferError;
    };
    expect(await refusal('not json')).toEqual({ key: 'run.badJson' });
    expect(await refusal('{}')).toEqual({ key: 'run.notRun' });
    expect(await refusal('{"format": "something else"}')).toEqual({ key: 'run.notRun' });
    expect(await refusal('{"format": "chainscope-run", "version": "1"}')).toEqual({
      key: 'run.badVersion',
      params: { version: '"1"' },
    });
    expect(await refusal('{"format": "chainscope-run", "version": {"toString": 1}}')).toEqual({
      key: 'run.badVersion',
      params: { version: '{"toString":1}' },
    });
    expect(await refusal('{"format": "chainscope-run", "version": 9}')).toEqual({
      key: 'run.newer',
      params: { version: 9, supported: 2 },
    });
    expect(chains()).toEqual(before);
  });

  it('refuses a journal that no export can hold, saying where', async () => {
    const file = JSON.parse(await recordRun());
    const cases: [string, (f: typeof file) => void, unknown][] = [
      [
        'an unknown kind of step',
        (f) => {
          f.journal[3] = { t: 'command', at: 1, address: 'localhost:5000', request: { method: 5 } };
        },
        { key: 'run.badField', params: { path: 'journal[3].t' }, detail: { key: 'run.issue.kind' } },
      ],
      [
        'an unknown key',
        (f) => {
          f.journal[3].extra = true;
        },
        { key: 'run.badField', params: { path: 'journal[3].extra' }, detail: { key: 'run.issue.unknownKey' } },
      ],
      [
        'a time that is not finite',
        (f) => {
          f.journal[4].at = '1e999';
        },
        { key: 'run.badField', params: { path: 'journal[4].at' }, detail: { key: 'run.issue.type' } },
      ],
      [
        'a latency past the settings',
        (f) => {
          f.journal.push({ t: 'latency', at: 9e9, ms: 99_999 });
        },
        { key: 'run.badField', detail: { key: 'run.issue.max' } },
      ],
      [
        'a negative latency',
        (f) => {
          f.latencyMs = -1;
        },
        { key: 'run.badField', params: { path: 'latencyMs' }, detail: { key: 'run.issue.min' } },
      ],
      [
        'time going back',
        (f) => {
          f.journal[5].at = 0;
          f.journal[4].at = 1000;
        },
        { key: 'run.timeBackwards', params: { step: 6 } },
      ],
      [
        'a ref to a node that never ran',
        (f) => {
          f.journal.push({ t: 'release', at: 9e9, ref: 'localhost:5099/g1' });
        },
        { key: 'run.unknownRef', params: { ref: 'localhost:5099/g1' } },
      ],
      [
        'a seventeenth node',
        (f) => {
          for (let i = 0; i < 16; i++) f.journal.push({ t: 'add', at: 9e9 });
        },
        { key: 'run.tooManyNodes', params: { max: 16 } },
      ],
      [
        'a node removed but still listed',
        (f) => {
          f.journal.push({ t: 'remove', at: 9e9, address: 'localhost:5002' });
        },
        { key: 'run.finalNotRunning', params: { address: 'localhost:5002' } },
      ],
      [
        'a command to a node that is not running',
        (f) => {
          f.journal.push({ t: 'mine', at: 9e9, address: 'localhost:5007' });
        },
        { key: 'run.notRunning', params: { address: 'localhost:5007' } },
      ],
    ];
    const sim = startTestNetwork(RULES, 50);
    const before = chains();
    for (const [what, change, expected] of cases) {
      const copy = structuredClone(file);
      change(copy);
      expect(await importRun(sim, JSON.stringify(copy)), what).toBe(false);
      expect(store.getState().transferError, what).toMatchObject(expected as object);
    }
    expect(chains()).toEqual(before);
  });

  it('gives up on a run whose steps the nodes never reach, naming the step', async () => {
    const file = JSON.parse(await recordRun());
    file.journal.push({ t: 'release', at: 9e9, ref: 'localhost:5000/g999' });
    const { ok, before } = await importInto(JSON.stringify(file));
    expect(ok).toBe(false);
    expect(store.getState().transferError).toMatchObject({
      key: 'run.failedAt',
      params: { step: file.journal.length },
    });
    expect(unchanged()).toEqual(before);
  });

  it('imports a run of the first version, mining its blocks again once, and records their proofs', async () => {
    const file = JSON.parse(await recordRun());
    const recorded = chains();
    const v1 = {
      format: file.format,
      version: 1,
      rules: file.rules,
      epochSeconds: file.epochSeconds,
      seed: file.seed,
      latencyMs: file.latencyMs,
      journal: file.journal.map((entry: Record<string, unknown>) => {
        const { proof: _proof, ...rest } = entry;
        const at = entry.at;
        const address = entry.address;
        switch (entry.t) {
          case 'mine':
            return { t: 'command', at, address, request: { method: 'GET', path: '/mine' } };
          case 'resolve':
            return { t: 'command', at, address, request: { method: 'GET', path: '/nodes/resolve' } };
          case 'transaction':
            return {
              t: 'command',
              at,
              address,
              request: { method: 'POST', path: '/transactions/new', contentType: 'application/json', body: entry.body },
            };
          case 'register':
            return {
              t: 'command',
              at,
              address,
              request: {
                method: 'POST',
                path: '/nodes/register',
                contentType: 'application/json',
                body: JSON.stringify({ nodes: entry.nodes }).replace('","', '", "').replace('":', '": '),
              },
            };
          default:
            return rest;
        }
      }),
      chains: Object.fromEntries(
        Object.entries(file.final.nodes).map(([a, n]) => [a, (n as { chain: string[] }).chain]),
      ),
    };
    const { sim, ok } = await importInto(JSON.stringify(v1));
    expect(store.getState().transferError).toBeNull();
    expect(ok).toBe(true);
    expect(chains()).toEqual(recorded);
    // Mined once: the journal now holds the proof, and exports as today's version.
    const again = JSON.parse(exportRun(sim));
    expect(again.version).toBe(2);
    expect(again.journal).toEqual(file.journal);
  });
});
