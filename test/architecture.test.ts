import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * core and sim take time and randomness as arguments (DESIGN.md, Determinism), so a recorded run
 * replays exactly. The import direction is enforced by Biome (biome.json); this guards the globals
 * that an import rule cannot see.
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
