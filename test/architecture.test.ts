import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems, specifiers, type Tree } from '../scripts/check-imports';

/**
 * core and sim take time and randomness as arguments (DESIGN.md, Determinism), so a recorded run
 * replays exactly. The import direction is checked below (and by `npm run lint`) against
 * scripts/layers.ts; the first test guards the globals that an import rule cannot see.
 */
const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const FORBIDDEN = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(/, 'new Date()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bcrypto\.(getRandomValues|randomUUID)\s*\(/, 'crypto randomness'],
  [/\b(setTimeout|setInterval|requestAnimationFrame)\s*\(/, 'timers'],
] as const;

describe('pure layers', () => {
  for (const layer of ['src/core', 'src/sim']) {
    it(`${layer} reads no clock and no randomness of its own`, () => {
      const found = sources(layer).flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return FORBIDDEN.filter(([pattern]) => pattern.test(text)).map(
          ([, what]) => `${relative(root, file)}: ${what}`,
        );
      });
      expect(found).toEqual([]);
    });
  }
});

describe('import direction (scripts/layers.ts)', () => {
  it('every import of src/ follows the layers', () => {
    expect(problems()).toEqual([]);
  });

  const tree = (files: Record<string, string>): Tree => ({
    files: () => Object.keys(files),
    read: (file) => files[file] ?? '',
    has: (file) => file in files || file === 'src/core/block.ts' || file === 'src/store/store.ts',
  });

  it('names a lower layer importing an upper one, with the reason', () => {
    const found = problems(tree({ 'src/core/rules.ts': "import { store } from '../store/store';" }));
    expect(found).toEqual([
      'src/core/rules.ts: imports src/store/store.ts, but src/core/ may import no other layer (src/core is the pure protocol: it runs the same in a worker, in Node and in tests)',
    ]);
  });

  it('names packages a layer may not use, files in no layer, banned files and dangling paths', () => {
    const found = problems(
      tree({
        'src/sim/x.ts': "import { create } from 'zustand';\nimport type { Block } from '../core/block';",
        'src/extra/y.ts': '',
        'src/ui/z.tsx': "import { sha256Hex } from '../core/hash';\nconst w = new URL('./gone.ts', import.meta.url);",
        'src/core/hash.ts': '',
      }),
    );
    expect(found).toEqual([
      'src/sim/x.ts: imports the package "zustand", which src/sim/ may not (src/sim is the network, pure TypeScript that runs in the page, in Node and in tests)',
      'src/extra/y.ts: this file is in no layer; add its folder to scripts/layers.ts with the layers it may import',
      'src/ui/z.tsx: imports src/core/hash.ts: the UI never hashes (a node sends its hashes)',
      'src/ui/z.tsx: "./gone.ts" names no file',
    ]);
  });

  it('reads multi-line imports, re-exports, dynamic imports and worker URLs', () => {
    const text = [
      'import {',
      '  a,',
      "} from './a';",
      "export { b } from '../b';",
      "import './c.css';",
      "const d = await import('./d');",
      "new Worker(new URL('./e.ts', import.meta.url));",
    ].join('\n');
    expect(specifiers(text).sort()).toEqual(['../b', './a', './c.css', './d', './e.ts']);
  });
});
