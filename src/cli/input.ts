import { readFileSync } from 'node:fs';
import { readJson } from '../core/json/read';
import { fieldOf, type Json } from '../core/json/value';

/** A failure the user can fix: reported on stderr, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads a file, or standard input for "-" or no file, as UTF-8 (a leading BOM is dropped). */
function nameOf(file: string | undefined): string {
  return file === undefined || file === '-' ? 'standard input' : file;
}

export function readInput(file: string | undefined): string {
  const source = file === undefined || file === '-' ? 0 : file;
  try {
    return readFileSync(source, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${nameOf(file)}${code ? ` (${code})` : ''}`);
  }
}

export function readValue(file: string | undefined): Json {
  const parsed = readJson(readInput(file));
  if (!parsed.ok) throw new UsageError(`${nameOf(file)} is not JSON: ${parsed.error.message}`);
  return parsed.value;
}

/** A chain is a JSON list of blocks, or a GET /chain body holding one under "chain". */
export function readChain(file: string | undefined): Json[] {
  const value = readValue(file);
  if (Array.isArray(value)) return value;
  const chain = fieldOf(value, 'chain');
  if (Array.isArray(chain)) return chain;
  throw new UsageError('expected a chain: a JSON list of blocks, or an object with "chain" and "length"');
}
