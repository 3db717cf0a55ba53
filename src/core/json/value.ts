/**
 * A JSON value as Python's `json` module sees it.
 *
 * Python keeps two kinds of number, and the block hash depends on which one a value is
 * (`1` and `1.0` hash differently). We keep the same two kinds with the two JS types that
 * match them exactly: a Python `int` is a `bigint` (arbitrary precision) and a Python
 * `float` is a `number` (an IEEE double, NaN, infinities and -0.0 included). Everything here
 * is plain, structured-clone-safe data.
 */
export type Json = null | boolean | string | bigint | number | Json[] | JsonObject;

export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own-property lookup that is safe for any key, `__proto__` included. */
export function getKey(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A key of a value that may not be an object: undefined unless it is one and has the key. */
export function fieldOf(value: Json | undefined, key: string): Json | undefined {
  return isJsonObject(value) ? getKey(value, key) : undefined;
}

/** Builds an object from entries; the last of duplicate keys wins, as in Python. */
export function objectFromEntries(entries: Iterable<readonly [string, Json]>): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of entries) setKey(object, key, value);
  return object;
}

/**
 * Sets a key as an own property, whatever its name: "__proto__" by assignment would set the
 * prototype instead, so it alone is defined (a duplicate key keeps its place, as in Python).
 */
export function setKey(object: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else object[key] = value;
}

/** Python's type name for a value, for error messages that a tutorial reader recognises. */
export function pythonTypeName(value: Json | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** How many lists and objects deep a value goes: 0 for a scalar, 1 for `[]` or `{}`, 2 for `[[]]`. */
export function nestingDepth(value: Json): number {
  let deepest = 0;
  if (Array.isArray(value)) for (const item of value) deepest = Math.max(deepest, nestingDepth(item));
  else if (isJsonObject(value))
    for (const item of Object.values(value)) deepest = Math.max(deepest, nestingDepth(item));
  else return 0;
  return deepest + 1;
}

/** True when a value contains NaN or an infinity anywhere (not valid JSON, though Python emits it). */
export function containsNonFinite(value: Json): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(containsNonFinite);
  if (isJsonObject(value)) return Object.values(value).some(containsNonFinite);
  return false;
}
