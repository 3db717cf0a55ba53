/**
 * A colour for a block, derived from its hash: identical blocks look identical in every column,
 * so a fork shows at a glance. The short hash is always printed beside it (never colour alone).
 */
export function hashColour(hash: string): string {
  const hue = Number.parseInt(hash.slice(0, 4) || '0', 16) % 360;
  const lightness = 34 + (Number.parseInt(hash.slice(4, 6) || '0', 16) % 16);
  return `hsl(${hue} 70% ${lightness}%)`;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
