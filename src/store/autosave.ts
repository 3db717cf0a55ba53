import type { Language } from '../i18n';
import { rejoinRealNode } from './real-actions';
import type { Problem, RunFile } from './run-file';
import { RunWriter } from './run-writer';
import { type Listed, MAX_NAME, newRunId, type SavedMeta, type SavedRuns } from './saved-runs';
import type { Simulator } from './simulator';
import type { AppState } from './state';

/** This tab's place among the saved runs. */
export interface TabPlace {
  /** The run this tab shows, kept across a reload of the tab (not shared with other tabs), or null. */
  read(): string | null;
  write(id: string): void;
  /** Claims a run for this tab while it is open (Web Locks): false when another tab has it. */
  claim(id: string): Promise<boolean>;
}

/** A save's record and text, and which save made them (a count: later is newer). */
interface Made {
  readonly meta: SavedMeta;
  readonly run: Blob;
  readonly made: number;
}

export interface AutosaveClock {
  now(): number;
  random(): number;
  later(task: () => void, ms: number): void;
}

/** How long after a change the run is saved (changes meanwhile are saved with it). */
export const SAVE_AFTER_MS = 1_500;

/**
 * Keeps the run on the page saved as it goes, and brings it back after a reload of the tab.
 * Each tab writes its own run (its id kept in the tab, and claimed with a lock while open), so two
 * tabs never write over each other's. A new network or an imported run is a new saved run; the
 * last one stays in the list. Where storage fails, the page says so and works on.
 */
export class Autosave {
  private id = '';
  private name = '';
  private generation = -1;
  /** The lesson and step last saved ("-": none). */
  private lesson = '-';
  private lastKey = '';
  private scheduled = false;
  /** Keeps the text of the journal's older entries from one save to the next (see RunWriter). */
  private readonly writer = new RunWriter();
  /** Opening a saved run: the new generation it makes is that run's, not a new one. */
  private opening: { id: string; name: string } | null = null;
  readonly runs: SavedRuns;

  constructor(
    private readonly sim: Simulator,
    runs: SavedRuns,
    private readonly tab: TabPlace,
    private readonly clock: AutosaveClock,
  ) {
    this.runs = runs;
  }

  /** The run this tab saves to now. */
  get current(): string {
    return this.id;
  }

  /** At the start of the page: this tab's run if it has one (a reload), else a new one. */
  async start(): Promise<void> {
    const id = this.tab.read();
    let resumed = false;
    if (id !== null) {
      try {
        resumed = (await this.tab.claim(id)) && (await this.openRun(id, false));
      } catch (error) {
        this.unavailable(error);
      }
    }
    if (!resumed) await this.fresh();
    this.generation = this.sim.store.getState().generation;
    this.lastKey = this.keyOf(this.sim.store.getState());
    this.unsubscribe = this.sim.store.subscribe((state) => this.changed(state));
  }

  /** Stops saving (a page or a test that ends). */
  stop(): void {
    this.stopped = true;
    this.unsubscribe();
  }

  private stopped = false;

  private unsubscribe: () => void = () => {};

  /** Opens a saved run in this tab, after saving the one shown (nothing is lost). */
  async open(id: string): Promise<boolean> {
    await this.saveNow();
    if (!(await this.tab.claim(id))) {
      this.problem({ key: 'saved.inUse' });
      return false;
    }
    const opened = await this.openRun(id, true);
    // Not opened (cancelled, or a run that does not read): the tab holds the run it shows again,
    // not the one it claimed for the opening (another tab could otherwise open its run too).
    if (!opened) await this.guard(() => this.tab.claim(this.id));
    return opened;
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim().slice(0, MAX_NAME);
    if (id === this.id) this.name = trimmed;
    await this.guard(() => this.runs.rename(id, trimmed));
  }

  /** Deletes a saved run; the one shown is not deleted (it would be saved again at once). */
  async remove(id: string): Promise<void> {
    if (id === this.id) return;
    await this.guard(() => this.runs.remove(id));
  }

  async list(): Promise<Listed[]> {
    return (await this.guard(() => this.runs.list())) ?? [];
  }

  /**
   * Saves the run shown now: not while a replay is under way (the network is not yet what it will
   * be), but when `before` it is replaced (the replay is of the run that replaces it). The run's
   * text is made at once, before anything waits, and written in the same task (a page being left
   * may not get another).
   */
  async saveNow(before = false): Promise<void> {
    const made = this.prepare(before);
    if (made) await this.write(made);
  }

  /**
   * A save of its own accord: the text is made in one task and written in the next. At 2,000
   * blocks each took some 25 ms, and the two in one task made it one of bench:ui's long tasks.
   */
  private async saveSoon(): Promise<void> {
    const made = this.prepare(false);
    if (!made) return;
    await new Promise<void>((go) => this.clock.later(go, 0));
    await this.write(made);
  }

  /** The saved record and the run's text, as they are now (null: nothing to save now). */
  private prepare(before: boolean): Made | null {
    if ((this.sim.replaying && !before) || this.id === '' || !this.sim.active || this.stopped) return null;
    // In the past the network shows less than the run: the whole line is saved, with its end as
    // the checkpoint there holds it, so that a reload brings the run back whole, at its end.
    const file = this.sim.wholeRunFile();
    return file ? this.made(file, this.id, this.name) : null;
  }

  /** A saved run's record and text, of a run file. */
  private made(file: RunFile, id: string, name: string): Made {
    const state = this.sim.store.getState();
    const finals = Object.values(file.final.nodes);
    const meta: SavedMeta = {
      format: 'chainscope-saved',
      version: 1,
      id,
      name,
      savedAt: this.clock.now(),
      nodes: finals.length,
      blocks: Math.max(0, ...finals.map((node) => node.chain.length - 1)),
      language: state.language,
      lesson: state.lesson,
      real: state.real
        .filter((r) => r.kind === 'node' && r.url.length <= 300)
        .map((r) => r.url)
        .slice(0, 8),
      // Within what the saved record's schema reads back (see saved-runs.ts): never a record that does not read.
      realRegistered: Object.fromEntries(
        state.real
          .filter((r) => r.kind === 'node' && r.registered.length > 0 && r.url.length <= 300)
          .slice(0, 8)
          .map((r) => [r.url, r.registered.filter((host) => host.length <= 300).slice(0, 1000)]),
      ),
    };
    // A Blob of the text's pieces: the whole text (6-8 MB at 2,000 blocks, made for each save)
    // was the largest garbage of the page's heap, and the one that went straight to its old part.
    const run = new Blob(this.writer.pieces(file), { type: 'application/json' });
    return { meta, run, made: ++this.madeCount };
  }

  /** How many saves' texts were made, and the newest of each run written (see write). */
  private madeCount = 0;
  private readonly newestWritten = new Map<string, number>();

  private async write({ meta, run, made }: Made): Promise<void> {
    // A save made before one already written (a save of its own accord waits a task between its
    // making and its writing; a save asked for meanwhile writes at once) would write an older run.
    if (made < (this.newestWritten.get(meta.id) ?? 0)) return;
    this.newestWritten.set(meta.id, made);
    await this.guard(async () => {
      // Renamed between the text's making and its writing: the new name, not the one it was made with.
      await this.runs.save(meta.id === this.id ? { ...meta, name: this.name } : meta, run);
      if (this.sim.store.getState().storageProblem?.key === 'saved.unavailable') {
        this.sim.store.setState({ storageProblem: null });
      }
    });
  }

  private async fresh(): Promise<void> {
    this.id = newRunId(this.clock.now(), this.clock.random());
    this.name = defaultName(this.clock.now());
    this.tab.write(this.id);
    await this.guard(() => this.tab.claim(this.id));
  }

  /** Whether the run shown had its future dropped (acting in the past), as last seen. */
  private droppedSeen = false;

  /**
   * The saved copy of the run that acting in the past dropped, while Undo can still bring it
   * back. Undo deletes it (the run shown is whole again); acting on keeps it, and a reload, which
   * forgets what Undo would bring back, finds it in Saved runs: nothing is lost without a word.
   */
  droppedCopy: string | null = null;

  private async keepDropped(): Promise<void> {
    const file = this.sim.droppedRunFile();
    if (!file || this.id === '' || this.stopped) return;
    const id = newRunId(this.clock.now(), this.clock.random());
    this.droppedCopy = id;
    await this.write(this.made(file, id, `${this.name} ↶`.slice(0, MAX_NAME)));
  }

  /** Undo brought the dropped run back: its saved copy is not needed any more. */
  async droppedUndone(copy: string | null): Promise<void> {
    if (copy !== null && copy !== this.id) await this.guard(() => this.runs.remove(copy));
  }

  /** Replays a saved run in place of the one shown; on failure says why, and the page goes on as it was. */
  private async openRun(id: string, ask: boolean): Promise<boolean> {
    const saved = await this.guard(() => this.runs.load(id));
    if (saved === 'missing') {
      // Never saved (a reload before the first save): nothing to bring back, nothing to say.
      if (ask) this.problem({ key: 'saved.damaged', params: { name: id } });
      return false;
    }
    if (!saved) {
      if (saved === null) this.problem({ key: 'saved.damaged', params: { name: id } });
      return false;
    }
    this.opening = { id, name: saved.meta.name };
    let ok = false;
    try {
      ok = await this.sim.importRun(saved.run, { quiet: !ask });
      // Made this tab's run while the changes below come in: they are the run's own, not a new
      // network's (a change seen in between was taken for one, and the run saved as a copy).
      if (ok) this.shown(id, saved.meta);
    } finally {
      this.opening = null;
    }
    if (!ok) {
      const why = this.sim.store.getState().transferError;
      // Cancelled by the person: nothing wrong with the run, and the page says it was cancelled.
      if (why?.key === 'run.cancelled') return false;
      this.sim.store.setState({ transferError: null });
      this.problem({
        key: 'saved.damaged',
        params: { name: saved.meta.name || id },
        ...(why ? { detail: { key: why.key, ...(why.params ? { params: why.params } : {}) } } : {}),
      });
      return false;
    }
    return true;
  }

  /** A saved run just replayed becomes the one this tab shows and saves to. */
  private shown(id: string, meta: SavedMeta): void {
    this.id = id;
    this.name = meta.name;
    this.tab.write(id);
    this.sim.store.setState({
      language: meta.language as Language,
      lesson: meta.lesson ?? null,
      transferDone: null,
      // A lesson's steps point at controls the overview folds away (as a lesson started turns it off).
      ...(meta.lesson ? { overview: false } : {}),
    });
    // The real nodes that were on the page come back (they are asked again; their past answers are in the run).
    for (const url of meta.real ?? []) rejoinRealNode(this.sim, url, meta.realRegistered?.[url] ?? []);
    this.generation = this.sim.store.getState().generation;
    this.lastKey = this.keyOf(this.sim.store.getState());
  }

  private changed(state: AppState): void {
    if (this.opening || !this.sim.active) return;
    if (state.dropped !== this.droppedSeen) {
      this.droppedSeen = state.dropped;
      if (state.dropped) void this.keepDropped();
      else this.droppedCopy = null;
    }
    let begun = false;
    if (state.generation !== this.generation) {
      // A new network, or an imported run: a saved run of its own (the last one stays saved).
      this.generation = state.generation;
      begun = true;
      void this.fresh();
    }
    const key = this.keyOf(state);
    if (key === this.lastKey) return;
    this.lastKey = key;
    const lesson = state.lesson ? `${state.lesson.id}/${state.lesson.step}` : '-';
    if (begun || lesson !== this.lesson) {
      // A run just begun (this tab's run is now one not yet saved) or a lesson's step: rare, and
      // what a reload right after must find, so saved at once rather than after a pause.
      this.lesson = lesson;
      this.clock.later(() => void this.saveSoon(), 0);
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    // A long run takes longer to write out (on the page's thread): it is saved less often.
    const entries = this.sim.active ? this.sim.session.network.journal.length : 0;
    this.clock.later(
      () => {
        this.scheduled = false;
        void this.saveSoon();
      },
      Math.max(SAVE_AFTER_MS, entries / 5),
    );
  }

  /** What a save would change: the journal's length, the language, the settings, the lesson's step. */
  private keyOf(state: AppState): string {
    // The recorded line's length: in the past it stays while the person jumps along it.
    const length = this.sim.replaying || !this.sim.active ? -1 : this.sim.session.recordedLine().length;
    const lesson = state.lesson ? `${state.lesson.id}/${state.lesson.step}` : '-';
    const real = state.real.map((r) => `${r.url}>${r.registered.join('+')}`).join(',');
    // Undo brings back a dropped run: a line of its own, to be saved again.
    return `${state.generation} ${length} ${state.dropped} ${state.language} ${state.settings.latencyMs} ${state.stepMode} ${lesson} ${real}`;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.unavailable(error);
      return undefined;
    }
  }

  private unavailable(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.problem({ key: 'saved.unavailable', params: { reason: reason.slice(0, 200) } });
  }

  private problem(problem: Problem): void {
    this.sim.store.setState({ storageProblem: problem });
  }
}

/** The moment a run began, to the second: two runs begun in the same minute are told apart. */
function defaultName(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace('T', ' ');
}
