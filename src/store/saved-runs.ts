import * as v from 'valibot';
import type { Language } from '../i18n';

/**
 * Where saved runs live: IndexedDB in the page (see idb-storage.ts), memory in tests. Every call
 * may fail (a private window, a full disk): the caller says so and goes on.
 */
export interface RunStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /**
   * Sets several keys in one transaction, begun before this returns: a page that is being left
   * (a reload) may run no more of its code, and one write waiting for another would never start.
   */
  setMany(entries: readonly (readonly [key: string, value: unknown])[]): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

export const SAVED_FORMAT = 'chainscope-saved';
export const SAVED_VERSION = 1;
export const MAX_NAME = 100;

/** What a list of saved runs shows of one, kept apart from the run itself (which may be megabytes). */
const META = v.strictObject({
  format: v.literal(SAVED_FORMAT),
  version: v.literal(SAVED_VERSION),
  id: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)),
  name: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  savedAt: v.pipe(v.number(), v.finite()),
  nodes: v.pipe(v.number(), v.integer(), v.minValue(0)),
  blocks: v.pipe(v.number(), v.integer(), v.minValue(0)),
  language: v.picklist(['en', 'ko']),
  /** The real nodes on the page (their URLs), added again when the run opens. */
  real: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(8))),
  /** Whom this page registered on each of those real nodes (a real node does not say), by URL. */
  realRegistered: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.maxLength(300)),
        v.pipe(v.array(v.pipe(v.string(), v.maxLength(300))), v.maxLength(1000)),
      ),
      v.check((record) => Object.keys(record).length <= 8, 'at most 8 real nodes'),
    ),
  ),
  /** The lesson in progress when it was saved, and its step. */
  lesson: v.optional(
    v.nullable(
      v.strictObject({
        id: v.pipe(v.string(), v.maxLength(40)),
        step: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100)),
      }),
    ),
  ),
});
export type SavedMeta = v.InferOutput<typeof META>;

/** A saved run as listed: what it is, or that it does not read (and why, in a word). */
export type Listed = { readonly ok: true; readonly meta: SavedMeta } | { readonly ok: false; readonly id: string };

const metaKey = (id: string) => `meta:${id}`;
const runKey = (id: string) => `run:${id}`;

/** A new id for a run: time, then chance (two tabs never make the same). */
export function newRunId(now: number, random: number): string {
  return `${Math.floor(now).toString(36)}-${Math.floor(random * 2 ** 32).toString(36)}`;
}

/** The saved runs: each a small record to list and the run file's text (a Blob), by id. */
export class SavedRuns {
  constructor(private readonly storage: RunStorage) {}

  /** Saves a run: its text as a Blob (never a string on the page's heap). */
  async save(meta: SavedMeta, run: Blob): Promise<void> {
    // Both at once: a record that lists a run is never written without the run it names.
    await this.storage.setMany([
      [runKey(meta.id), run],
      [metaKey(meta.id), meta],
    ]);
  }

  /** Every saved run, the newest first; one that does not read is listed as such, not dropped. */
  async list(): Promise<Listed[]> {
    const keys = (await this.storage.keys()).filter((k) => k.startsWith('meta:'));
    const listed = await Promise.all(
      keys.map(async (key): Promise<Listed> => {
        const id = key.slice('meta:'.length);
        const read = v.safeParse(META, await this.storage.get(key));
        return read.success && read.output.id === id ? { ok: true, meta: read.output } : { ok: false, id };
      }),
    );
    const time = (l: Listed) => (l.ok ? l.meta.savedAt : Number.POSITIVE_INFINITY);
    return listed.sort((a, b) => time(b) - time(a));
  }

  /**
   * A run's record and text; 'missing' when nothing was ever saved under the id (a tab reloaded
   * before its first save), null when what is there does not read.
   */
  async load(id: string): Promise<{ meta: SavedMeta; run: string } | null | 'missing'> {
    const stored = await this.storage.get(metaKey(id));
    const run = await this.storage.get(runKey(id));
    if (stored === undefined && run === undefined) return 'missing';
    const meta = v.safeParse(META, stored);
    if (!meta.success) return null;
    // Saved as text before runs were saved as Blobs, and as a Blob since.
    if (typeof run === 'string') return { meta: meta.output, run };
    if (run instanceof Blob) return { meta: meta.output, run: await run.text() };
    return null;
  }

  async rename(id: string, name: string): Promise<void> {
    const meta = v.safeParse(META, await this.storage.get(metaKey(id)));
    if (!meta.success) return;
    await this.storage.set(metaKey(id), { ...meta.output, name: name.slice(0, MAX_NAME) });
  }

  async remove(id: string): Promise<void> {
    await this.storage.del(metaKey(id));
    await this.storage.del(runKey(id));
  }
}

/** Memory, for tests (and nothing else: the page uses IndexedDB). */
export function memoryStorage(): RunStorage & { readonly data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => {
      data.set(key, structuredClone(value));
    },
    setMany: async (entries) => {
      for (const [key, value] of entries) data.set(key, structuredClone(value));
    },
    del: async (key) => {
      data.delete(key);
    },
    keys: async () => [...data.keys()],
  };
}

/** The language of a saved run, for the Language type. */
export function languageOf(meta: SavedMeta): Language {
  return meta.language;
}
