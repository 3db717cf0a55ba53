import { describe, expect, it } from 'vitest';
import type { Rules } from '../src/core/rules';
import { cancelImport, mine, newNetwork, registerNodes, rewindTo, setLanguage, undoDrop } from '../src/store/actions';
import { Autosave, type TabPlace } from '../src/store/autosave';
import { addRealNode } from '../src/store/real-actions';
import { memoryStorage, type RunStorage, SavedRuns } from '../src/store/saved-runs';
import { store } from '../src/store/store';
import { startTestNetwork } from './support/app-host';
import { until } from './support/until';

const RULES: Rules = { proofRule: 'seed', difficulty: 2, resolveRule: 'seed' };

const chains = () => store.getState().nodes.map((n) => n.snapshot.hashes);

/** A tab: its run id (what sessionStorage keeps across a reload) and the runs other tabs hold. */
function tab(held: Set<string>): TabPlace & { id: string | null; claimed: string | null } {
  const place = {
    id: null as string | null,
    /** The run whose lock the tab holds (a claim lets the one before go). */
    claimed: null as string | null,
    read: () => place.id,
    write: (id: string) => {
      place.id = id;
    },
    claim: async (id: string) => {
      if (held.has(id)) return false;
      place.claimed = id;
      return true;
    },
  };
  return place;
}

let n = 0;
const clock = {
  now: () => 1_800_000_000_000 + n++ * 1000,
  random: () => (n++ % 97) / 97,
  later: (task: () => void, ms: number) => setTimeout(task, ms / 100),
};

let last: Autosave | null = null;

/** A real node that is down: the page may add it, and finds it unreachable (no request leaves the test). */
const down = async () => ({ ok: false as const, reason: 'down' });

async function page(storage: RunStorage, place: TabPlace) {
  last?.stop();
  const sim = startTestNetwork(RULES, 20, undefined, down);
  const autosave = new Autosave(sim, new SavedRuns(storage), place, clock);
  sim.saved = autosave;
  last = autosave;
  await autosave.start();
  return { sim, autosave };
}

/** A page whose run has two blocks on localhost:5001, its nodes idle: its chains and its length. */
async function twoBlocks(storage: RunStorage, place: TabPlace) {
  const { sim, autosave } = await page(storage, place);
  for (let i = 0; i < 2; i++) {
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === i + 2, 'a block');
  }
  await until(() => store.getState().nodes.every((node) => node.activity === null), 'the nodes idle');
  return { sim, autosave, whole: chains(), line: sim.session.recordedLine().length };
}

describe('runs saved as they go', () => {
  it('brings the run back after a reload of the tab, with its chains and language', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim } = await page(storage, place);
    registerNodes(sim, 'localhost:5000', ['localhost:5001']);
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2, 'a block');
    setLanguage(sim, 'ko');
    store.setState({ lesson: { id: 'walkthrough', step: 2 } });
    await until(async () => {
      const saved = await new SavedRuns(storage).load(place.id ?? '');
      const meta = saved && saved !== 'missing' ? saved.meta : null;
      return meta?.language === 'ko' && meta.lesson?.step === 2;
    }, 'the save');
    const before = chains();
    // The reload: the page goes (and its saving with it), a new one starts in the same tab.
    last?.stop();
    store.setState({ language: 'en', lesson: null });
    await page(storage, place);
    expect(chains()).toEqual(before);
    expect(store.getState().language).toBe('ko');
    expect(store.getState().lesson).toEqual({ id: 'walkthrough', step: 2 });
    expect(store.getState().nodes[0]?.snapshot.state.neighbours).toEqual(['localhost:5001']);
  });

  it('saves the whole run in the past: a language chosen there, and the run an Undo brought back, come back after a reload', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim, autosave, whole, line } = await twoBlocks(storage, place);
    const savedLine = async () => {
      const saved = await new SavedRuns(storage).load(place.id ?? '');
      if (!saved || saved === 'missing') return null;
      return { journal: JSON.parse(saved.run).journal.length as number, language: saved.meta.language };
    };
    expect(await rewindTo(sim, line - 3)).toBe(true);
    expect(chains()[1]?.length).toBeLessThan(3);
    setLanguage(sim, 'ko');
    await autosave.saveNow();
    expect(await savedLine()).toEqual({ journal: line, language: 'ko' });
    // Acting in the past drops the future: that run is saved; Undo brings the whole one back, saved again.
    registerNodes(sim, 'localhost:5000', ['localhost:5002']);
    expect(store.getState().dropped).toBe(true);
    await autosave.saveNow();
    expect((await savedLine())?.journal).toBeLessThan(line);
    // The dropped run is kept whole in a copy of its own while Undo can bring it back…
    const copies = async () =>
      (await autosave.list()).filter((l) => l.ok && l.meta.name.endsWith('↶')).map((l) => l.ok && l.meta.id);
    await until(async () => (await copies()).length === 1, 'the copy of the dropped run');
    const copy = (await new SavedRuns(storage).load((await copies())[0] as string)) as { run: string };
    expect(JSON.parse(copy.run).journal.length).toBe(line);
    // …and Undo, which brings it back, deletes the copy.
    expect(await undoDrop(sim)).toBe(true);
    expect(await copies()).toEqual([]);
    await autosave.saveNow();
    expect((await savedLine())?.journal).toBe(line);
    // The reload: the whole run, at its end, in Korean.
    last?.stop();
    store.setState({ language: 'en' });
    await page(storage, place);
    expect(chains()).toEqual(whole);
    expect(store.getState().language).toBe('ko');
  });

  it('saves the run shown before a new network takes its place, and keeps both', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim, autosave } = await page(storage, place);
    mine(sim, 'localhost:5002');
    await until(() => chains()[2]?.length === 2, 'a block');
    const first = autosave.current;
    // At once: no time for the scheduled save. The run is saved before it goes.
    newNetwork(sim);
    await until(async () => (await autosave.list()).length === 2, 'two saved runs');
    expect(autosave.current).not.toBe(first);
    const listed = await autosave.list();
    const old = listed.find((l) => l.ok && l.meta.id === first);
    expect(old?.ok && old.meta.blocks).toBe(1);
  });

  it('keeps the run that acting in the past dropped in Saved runs, so a reload (which forgets Undo) loses nothing', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim, autosave, whole, line } = await twoBlocks(storage, place);
    expect(await rewindTo(sim, line - 3)).toBe(true);
    mine(sim, 'localhost:5002');
    expect(store.getState().dropped).toBe(true);
    await until(async () => (await autosave.list()).length === 2, 'the copy of the dropped run');
    const copy = (await autosave.list()).find((l) => l.ok && l.meta.id !== autosave.current);
    // The reload: the run shown comes back, and the dropped one opens from Saved runs, whole.
    last?.stop();
    const again = await page(storage, place);
    expect(copy?.ok).toBe(true);
    expect(await again.autosave.open(copy?.ok ? copy.meta.id : '')).toBe(true);
    expect(chains()).toEqual(whole);
  });

  it('keeps a name given while a save of its own accord is on its way (made before, written after)', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const tasks: (() => void)[] = [];
    last?.stop();
    const sim = startTestNetwork(RULES, 20, undefined, down);
    const autosave = new Autosave(sim, new SavedRuns(storage), place, { ...clock, later: (task) => tasks.push(task) });
    sim.saved = autosave;
    last = autosave;
    await autosave.start();
    await autosave.saveNow();
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2 && tasks.length > 0, 'a block, and a save asked for');
    // The save's text is made (its writing waits for the next task)…
    for (const task of tasks.splice(0)) task();
    expect(tasks.length).toBeGreaterThan(0);
    // …the run is renamed meanwhile…
    await autosave.rename(autosave.current, 'Renamed meanwhile');
    // …and the save is written.
    for (const task of tasks.splice(0)) task();
    await until(async () => {
      const listed = await autosave.list();
      return listed.length === 1 && listed[0]?.ok === true && listed[0].meta.blocks === 1;
    }, 'the save written');
    const [listed] = await autosave.list();
    expect(listed?.ok && listed.meta.name).toBe('Renamed meanwhile');
  });

  it('never writes a save made before one already written (an older run over a newer)', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const tasks: (() => void)[] = [];
    last?.stop();
    const sim = startTestNetwork(RULES, 20, undefined, down);
    const autosave = new Autosave(sim, new SavedRuns(storage), place, { ...clock, later: (task) => tasks.push(task) });
    sim.saved = autosave;
    last = autosave;
    await autosave.start();
    await autosave.saveNow();
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2 && tasks.length > 0, 'a block, and a save asked for');
    // The save of its own accord makes its text (one block); its writing waits for the next task…
    for (const task of tasks.splice(0)) task();
    // …a second block is saved at once meanwhile (a page being left)…
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 3, 'a second block');
    await autosave.saveNow();
    // …and the first save's turn to write comes last.
    for (const task of tasks.splice(0)) task();
    await new Promise((done) => setTimeout(done, 50));
    const [listed] = await autosave.list();
    expect(listed?.ok && listed.meta.blocks).toBe(2);
  });

  it('opens a saved run as itself: no copy, its name kept, the work after it saved into it', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim, autosave } = await page(storage, place);
    mine(sim, 'localhost:5002');
    await until(() => chains()[2]?.length === 2, 'a block');
    const first = autosave.current;
    await autosave.saveNow();
    await autosave.rename(first, 'Lesson run A');
    newNetwork(sim);
    await until(async () => (await autosave.list()).length === 2, 'two saved runs');
    expect(await autosave.open(first)).toBe(true);
    expect(autosave.current).toBe(first);
    mine(sim, 'localhost:5002');
    await until(() => chains()[2]?.length === 3, 'a second block');
    await autosave.saveNow();
    const listed = await autosave.list();
    expect(listed).toHaveLength(2);
    const opened = listed.find((l) => l.ok && l.meta.id === first);
    expect(opened?.ok && [opened.meta.name, opened.meta.blocks]).toEqual(['Lesson run A', 2]);
    // An opening cancelled leaves the run shown, and calls nothing damaged.
    newNetwork(sim);
    await until(async () => (await autosave.list()).length === 3, 'three saved runs');
    const shown = autosave.current;
    // Cancelled as soon as the replay begins.
    const stop = store.subscribe((state) => {
      if (state.replaying === 'import') cancelImport(sim);
    });
    const opened2 = await autosave.open(first);
    stop();
    expect(opened2).toBe(false);
    expect(autosave.current).toBe(shown);
    // The tab holds the lock of the run it shows again, not of the one it did not open.
    expect(place.claimed).toBe(shown);
    expect(store.getState().storageProblem).toBeNull();
    expect(store.getState().transferError?.key).toBe('run.cancelled');
  });

  it('never opens a run another tab has open, says when storage fails, and lists a damaged run as such', async () => {
    const storage = memoryStorage();
    const held = new Set<string>();
    const place = tab(held);
    const { autosave } = await page(storage, place);
    await autosave.saveNow();
    const other = { ...storage, data: storage.data };
    held.add(autosave.current);
    const second = await page(other, tab(held));
    expect(await second.autosave.open(autosave.current)).toBe(false);
    expect(store.getState().storageProblem?.key).toBe('saved.inUse');

    // A damaged record is listed as one, not dropped; the others still read.
    storage.data.set('meta:broken-1', { format: 'something else' });
    const listed = await second.autosave.list();
    expect(listed.filter((l) => !l.ok).map((l) => !l.ok && l.id)).toEqual(['broken-1']);
    expect(listed.filter((l) => l.ok)).toHaveLength(2);

    // Storage that fails: the page says so, and works on.
    const failing: RunStorage = {
      get: async () => {
        throw new Error('QuotaExceededError');
      },
      set: async () => {
        throw new Error('QuotaExceededError');
      },
      setMany: async () => {
        throw new Error('QuotaExceededError');
      },
      del: async () => {},
      keys: async () => [],
    };
    const third = await page(failing, tab(new Set()));
    await third.autosave.saveNow();
    expect(store.getState().storageProblem).toMatchObject({
      key: 'saved.unavailable',
      params: { reason: 'QuotaExceededError' },
    });
    expect(store.getState().nodes).toHaveLength(3);
  });

  it('starts afresh, saying nothing, when the tab was reloaded before its run was ever saved', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    place.id = 'never-saved';
    const { autosave } = await page(storage, place);
    expect(store.getState().storageProblem).toBe(null);
    expect(autosave.current).not.toBe('never-saved');
  });

  it('brings the real nodes on the page back after a reload, with whom the page registered on them, without telling the network twice', async () => {
    const storage = memoryStorage();
    const place = tab(new Set());
    const { sim } = await page(storage, place);
    expect(addRealNode(sim, 'http://127.0.0.1:6100')).toBeNull();
    // Whom this page registered on it (a real node does not say): the map's arrows from it.
    store.setState((state) => ({ real: state.real.map((r) => ({ ...r, registered: ['127.0.0.1:6101'] })) }));
    await until(async () => {
      const saved = await new SavedRuns(storage).load(place.id ?? '');
      return (
        saved !== null &&
        saved !== 'missing' &&
        (saved.meta.real ?? []).length === 1 &&
        saved.meta.realRegistered?.['http://127.0.0.1:6100']?.length === 1
      );
    }, 'the save with the real node');
    last?.stop();
    store.setState({ real: [] });
    const again = await page(storage, place);
    expect(store.getState().real.map((r) => r.url)).toEqual(['http://127.0.0.1:6100']);
    expect(store.getState().real[0]?.registered).toEqual(['127.0.0.1:6101']);
    expect(again.sim.session.network.journal.filter((e) => e.t === 'real')).toHaveLength(1);
    expect(again.sim.session.network.isOutside('localhost:6100')).toBe(true);
  });
  it('writes a save of its own accord in the task after the one that made its text', async () => {
    // Each took some 25 ms at 2,000 blocks: in one task they were one of bench:ui's long tasks.
    const written: string[] = [];
    const base = memoryStorage();
    const storage: RunStorage = {
      ...base,
      setMany: async (entries) => {
        written.push(...entries.map(([key]) => key));
        await base.setMany(entries);
      },
    };
    const tasks: (() => void)[] = [];
    const manual = {
      ...clock,
      later: (task: () => void) => {
        tasks.push(task);
      },
    };
    last?.stop();
    const sim = startTestNetwork(RULES, 20, undefined, down);
    const autosave = new Autosave(sim, new SavedRuns(storage), tab(new Set()), manual);
    sim.saved = autosave;
    last = autosave;
    await autosave.start();
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2 && tasks.length > 0, 'a block, and its save waiting');
    written.length = 0;
    for (const task of tasks.splice(0)) task();
    await new Promise((done) => setTimeout(done, 20));
    expect(written).toEqual([]);
    expect(tasks).toHaveLength(1);
    for (const task of tasks.splice(0)) task();
    await until(() => written.length === 2, 'the run and its record written');
    expect(written[0]?.startsWith('run:')).toBe(true);
  });

  it('begins writing the run and its record at once, in the task that asked (a page being left runs no more)', async () => {
    const base = memoryStorage();
    const begun: string[][] = [];
    const storage: RunStorage = {
      ...base,
      set: async () => {
        throw new Error('one key at a time: a reload may cut the second write off');
      },
      setMany: (entries) => {
        begun.push(entries.map(([key]) => key.split(':')[0] as string));
        return base.setMany(entries);
      },
    };
    const { sim, autosave } = await page(storage, tab(new Set()));
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2, 'a block');
    begun.length = 0;
    const saving = autosave.saveNow();
    expect(begun).toEqual([['run', 'meta']]);
    await saving;
    expect(store.getState().storageProblem).toBeNull();
  });

  it("saves the run as a Blob of the export's text, and still opens a run saved as text", async () => {
    const storage = memoryStorage();
    const { sim, autosave } = await page(storage, tab(new Set()));
    mine(sim, 'localhost:5001');
    await until(() => chains()[1]?.length === 2, 'a block');
    await autosave.saveNow();
    const id = autosave.current;
    const stored = storage.data.get(`run:${id}`);
    expect(stored).toBeInstanceOf(Blob);
    const text = await (stored as Blob).text();
    expect(JSON.parse(text)).toEqual(JSON.parse(sim.exportRun()));
    const runs = new SavedRuns(storage);
    expect((await runs.load(id)) as { run: string }).toMatchObject({ run: text });
    // A run saved as text (before runs were saved as Blobs) reads the same.
    storage.data.set(`run:${id}`, text);
    expect((await runs.load(id)) as { run: string }).toMatchObject({ run: text });
    // Anything else is a run that does not read.
    storage.data.set(`run:${id}`, 42);
    expect(await runs.load(id)).toBeNull();
  });
});
