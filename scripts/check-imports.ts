/**
 * Checks every import of src/ against the layers of scripts/layers.ts (DESIGN.md's import
 * direction). Run by `npm run lint` and by test/architecture.test.ts; prints one line per
 * import that breaks a rule, with the rule's reason, and exits 1 if there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allowsPackage, LAYERS, layerOf } from './layers';

const root = resolve(import.meta.dirname, '..');

/** Every module a file names: static and dynamic imports, re-exports, and `new URL(…, import.meta.url)`. */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** The files the check reads: the project's own, or a made-up tree in a test. */
export interface Tree {
  /** Every file of src/ to check, relative to the project's root. */
  files(): string[];
  read(file: string): string;
  /** Whether a file (not a folder) exists. */
  has(file: string): boolean;
}

const project: Tree = {
  files: () =>
    readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
      .map((e) => relative(root, join(e.parentPath, e.name))),
  read: (file) => readFileSync(join(root, file), 'utf8'),
  has: (file) => existsSync(join(root, file)) && statSync(join(root, file)).isFile(),
};

function resolveRelative(tree: Tree, from: string, specifier: string): string | null {
  const base = join(dirname(from), specifier.split('?')[0] as string);
  for (const extension of EXTENSIONS) if (tree.has(base + extension)) return base + extension;
  return null;
}

/** Built files that a layer names but that are not committed (made by `npm run build:wasm`). */
const BUILT = new Set(['src/miner/sha256x4.wasm']);

/** Every broken rule, as a line that says where and why. */
export function problems(tree: Tree = project): string[] {
  const out: string[] = [];
  for (const file of tree.files()) {
    const layer = layerOf(file);
    if (!layer) {
      out.push(`${file}: this file is in no layer; add its folder to scripts/layers.ts with the layers it may import`);
      continue;
    }
    for (const specifier of specifiers(tree.read(file))) {
      if (!specifier.startsWith('.')) {
        if (!allowsPackage(layer, specifier)) {
          out.push(`${file}: imports the package "${specifier}", which ${layer.path} may not (${layer.why})`);
        }
        continue;
      }
      const plain = join(dirname(file), specifier.split('?')[0] as string);
      const target = resolveRelative(tree, file, specifier) ?? (BUILT.has(plain) ? plain : null);
      if (!target) {
        out.push(`${file}: "${specifier}" names no file`);
        continue;
      }
      const to = layerOf(target);
      if (!to) {
        out.push(`${file}: imports ${target}, which is in no layer`);
        continue;
      }
      if (to !== layer && !layer.layers.includes(to.path)) {
        const allowed = layer.layers.length > 0 ? `only ${layer.layers.join(', ')}` : 'no other layer';
        out.push(`${file}: imports ${target}, but ${layer.path} may import ${allowed} (${layer.why})`);
        continue;
      }
      const banned = layer.banned?.[target];
      if (banned) out.push(`${file}: imports ${target}: ${banned}`);
    }
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = problems();
  for (const line of found) console.error(line);
  if (found.length > 0) {
    console.error(`\n${found.length} import(s) break the layers of scripts/layers.ts (DESIGN.md, Layers).`);
    process.exit(1);
  }
  console.log(`imports: ${LAYERS.length} layers, every import of src/ follows them`);
}
