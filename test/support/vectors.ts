import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJson } from '../../src/core/json/read';
import type { Json, JsonObject } from '../../src/core/json/value';

/**
 * The reference's vectors live beside the project, in ../shared/vectors (or CHAINSCOPE_VECTORS).
 * They are never copied in: a plain clone has none, and then the vector tests are skipped.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const vectorsDir = process.env.CHAINSCOPE_VECTORS ?? resolve(root, '../shared/vectors');
export const haveVectors = existsSync(resolve(vectorsDir, 'canonical-json.json'));
export const skipReason = `skipped: no reference vectors at ${vectorsDir}`;

/** A describe() title that says why it was skipped when the vectors are missing. */
export function vectorSuite(name: string): string {
  return haveVectors ? name : `${name} (${skipReason})`;
}

/** Reads a vector file with our own lossless reader: some values exceed 2^53. */
export function readVector(name: string): JsonObject {
  return parseJson(readFileSync(resolve(vectorsDir, name), 'utf8')) as JsonObject;
}

export function list(value: Json | undefined): Json[] {
  if (!Array.isArray(value)) throw new Error('expected a list in the vector file');
  return value;
}

export function object(value: Json | undefined): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('expected an object in the vector file');
  }
  return value;
}

export function text(value: Json | undefined): string {
  if (typeof value !== 'string') throw new Error('expected a string in the vector file');
  return value;
}
