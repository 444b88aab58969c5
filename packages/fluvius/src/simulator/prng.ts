/**
 * Stateless, seedable randomness: every value is a hash of (seed, EAN, index), so any quarter of any day can be
 * generated on its own, in any order, and always comes out the same.
 */

/** FNV-1a over a string → 32-bit unsigned. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit integer mixer (lowbias32) — good avalanche, so neighbouring indices give unrelated values. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) for the given integer parts. */
export function unitRandom(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts)
    h = mix32(h ^ mix32(Math.floor(part) >>> 0) ^ mix32(Math.floor(part / 2 ** 32) >>> 0));
  return h / 2 ** 32;
}

/** Uniform in [min, max). */
export function between(min: number, max: number, ...parts: number[]): number {
  return min + (max - min) * unitRandom(...parts);
}
