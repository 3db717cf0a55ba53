import { fieldOf, type Json } from '../core/json/value';
import type { Check } from '../store/state';
import { showJson } from './format';
import type { Translate } from './use-app';

/** What valid_chain refuses in a chain, in words: one line per problem, and the lines of each block. */
export interface ProblemTexts {
  /** One line per problem, in chain order (for the chain's summary). */
  readonly lines: readonly string[];
  /** Each block's lines, by position (from 0): a broken link marks both of its blocks. */
  readonly byBlock: ReadonlyMap<number, readonly string[]>;
}

const NONE: ProblemTexts = { lines: [], byBlock: new Map() };

/**
 * A broken link between blocks p-1 and p is told from both sides: block p-1's hash no longer
 * matches, block p's previous_hash names something else. A proof that fails is block p's alone.
 * Blocks are numbered from 1, as their index.
 */
export function problemTexts(
  problems: readonly Check[] | undefined,
  blockAt: (position: number) => Json | undefined,
  difficulty: number,
  t: Translate,
): ProblemTexts {
  if (!problems || problems.length === 0) return NONE;
  const lines: string[] = [];
  const byBlock = new Map<number, string[]>();
  const mark = (position: number, text: string) => {
    const list = byBlock.get(position) ?? [];
    list.push(text);
    byBlock.set(position, list);
  };
  for (const problem of problems) {
    const { position } = problem;
    if (problem.check === 'previous_hash' && problem.actual !== undefined && position > 0) {
      const line = t('lab.problem.hash', { index: position, next: position + 1 });
      lines.push(line);
      mark(position - 1, line);
      mark(position, t('lab.problem.previous', { index: position + 1, prev: position }));
    } else if (problem.check === 'proof' && problem.digest !== undefined) {
      const proof = showJson(fieldOf(blockAt(position), 'proof'));
      const line = t('lab.problem.proof', { index: position + 1, proof, zeros: difficulty });
      lines.push(line);
      mark(position, line);
    } else {
      const line = t('lab.problem.other', { reason: problem.reason ?? problem.check });
      lines.push(line);
      mark(position, line);
    }
  }
  return { lines, byBlock };
}
