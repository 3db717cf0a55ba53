/**
 * A number in [0, 1) from a seed and a name: FNV-1a over the name, then a murmur-style finish.
 * What the sim decides by chance (a message lost, where a search starts) is decided this way, by
 * names that a replay gives again, never by Math.random: a replay decides the same.
 */
export function chance(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
