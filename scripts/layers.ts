/**
 * The layers of src/ and what each may import: DESIGN.md's import direction, said once.
 * `npm run lint` checks every source file against it (scripts/check-imports.ts), and so does
 * test/architecture.test.ts. A folder that is not listed here is an error, so a new folder
 * cannot slip past the rules.
 */
export interface Layer {
  /** Files of the layer: a folder ("src/core/") or one file ("src/main.tsx"). */
  readonly path: string;
  /** Why the layer exists, quoted in every error about it. */
  readonly why: string;
  /** The layers it may import (by path), besides itself. */
  readonly layers: readonly string[];
  /** The packages it may import (a name; or a prefix, ending in "/" or ":"). */
  readonly packages: readonly string[];
  /** Files of allowed layers that it still may not import, with the reason. */
  readonly banned?: Readonly<Record<string, string>>;
}

const CORE = 'src/core/';
const MINER = 'src/miner/';
const SIM = 'src/sim/';
const WIRE = 'src/workers/protocol.ts';
const WIRE_CODEC = 'src/workers/wire.ts';
const WORKER = 'src/workers/worker/';
const PAGE = 'src/workers/page/';
const STORE = 'src/store/';
const I18N = 'src/i18n/';
const UI = 'src/ui/';
const CLI = 'src/cli/';

export const LAYERS: readonly Layer[] = [
  {
    path: CORE,
    why: 'src/core is the pure protocol: it runs the same in a worker, in Node and in tests',
    layers: [],
    packages: ['@noble/hashes/'],
  },
  {
    path: MINER,
    why: 'src/miner holds the proof-search kernels, shared by the workers and the command line',
    layers: [CORE],
    packages: ['node:fs/', 'node:path'],
  },
  {
    path: SIM,
    why: 'src/sim is the network, pure TypeScript that runs in the page, in Node and in tests',
    layers: [CORE],
    packages: ['valibot'],
  },
  {
    path: WIRE,
    why: 'the worker protocol is shared by both threads and holds only types',
    layers: [CORE, WIRE_CODEC],
    packages: [],
  },
  {
    path: WIRE_CODEC,
    why: 'the wire codec is shared by both threads',
    layers: [CORE, WIRE],
    packages: [],
  },
  {
    path: WORKER,
    why: "src/workers/worker runs inside a node's Web Worker",
    layers: [CORE, MINER, WIRE, WIRE_CODEC],
    packages: [],
  },
  {
    path: PAGE,
    why: "src/workers/page is the page's side of the node workers (and the in-process transport for tests)",
    layers: [CORE, MINER, WIRE, WIRE_CODEC, WORKER],
    packages: [],
  },
  {
    path: STORE,
    why: 'src/store is the one store, fed by the sim; src/main.tsx hands it the Worker transport',
    layers: [CORE, SIM, I18N],
    packages: ['zustand/vanilla', 'valibot', 'fflate'],
  },
  {
    path: I18N,
    why: 'src/i18n is the typed dictionary',
    layers: [],
    packages: [],
  },
  {
    path: UI,
    why: 'src/ui draws the store and calls its actions; it never hashes or validates chains',
    layers: [STORE, I18N, CORE],
    packages: ['react', 'react-dom', 'zustand', 'zustand/', '@tanstack/react-virtual'],
    banned: {
      'src/core/hash.ts': 'the UI never hashes (a node sends its hashes)',
      'src/core/search.ts': 'the UI never searches for proofs',
      'src/core/validation.ts': 'the UI never validates chains (the nodes do, in their workers)',
    },
  },
  {
    path: CLI,
    why: 'src/cli is the command-line tool, on Node',
    layers: [CORE, MINER],
    packages: ['node:'],
  },
  {
    path: 'src/main.tsx',
    why: 'src/main.tsx is the one place that wires the Worker transport and the browser storage into the store',
    layers: [STORE, UI, PAGE],
    packages: ['react', 'react-dom/client', 'idb-keyval'],
  },
];

/** The layer a file of src/ belongs to (the longest matching path), or null. */
export function layerOf(file: string): Layer | null {
  let found: Layer | null = null;
  for (const layer of LAYERS) {
    const inside = layer.path.endsWith('/') ? file.startsWith(layer.path) : file === layer.path;
    if (inside && (!found || layer.path.length > found.path.length)) found = layer;
  }
  return found;
}

/** Whether a layer may import a package: a name ending in "/" or ":" allows all that start with it. */
export function allowsPackage(layer: Layer, name: string): boolean {
  return layer.packages.some((p) =>
    p.endsWith('/') || p.endsWith(':') ? name.startsWith(p) || `${name}/` === p : name === p,
  );
}
