import * as raw from '../registers';

/**
 * SunSpec point types. Each returns `null` for the type's "not implemented" value, so a device that leaves a point
 * out never shows up as a real reading (0x8000 W would otherwise be -32768 W).
 */

export function int16(regs: readonly number[], offset: number): number | null {
  return raw.uint16(regs, offset) === 0x8000 ? null : raw.int16(regs, offset);
}

export function uint16(regs: readonly number[], offset: number): number | null {
  const v = raw.uint16(regs, offset);
  return v === 0xffff ? null : v;
}

export const enum16 = uint16;
export const bitfield16 = uint16;

export function int32(regs: readonly number[], offset: number): number | null {
  return raw.uint32(regs, offset) === 0x80000000 ? null : raw.int32(regs, offset);
}

export function uint32(regs: readonly number[], offset: number): number | null {
  const v = raw.uint32(regs, offset);
  return v === 0xffffffff ? null : v;
}

export const bitfield32 = uint32;

/** Accumulators use 0 as "not implemented": a real counter that reads 0 is indistinguishable, and SunSpec accepts that. */
export function acc32(regs: readonly number[], offset: number): number | null {
  const v = raw.uint32(regs, offset);
  return v === 0 ? null : v;
}

export function acc64(regs: readonly number[], offset: number): number | null {
  const v = raw.uint64Big(regs, offset);
  return v === 0n ? null : Number(v);
}

export function uint64(regs: readonly number[], offset: number): number | null {
  const v = raw.uint64Big(regs, offset);
  return v === 0xffff_ffff_ffff_ffffn ? null : Number(v);
}

export function string(regs: readonly number[], offset: number, registers: number): string | null {
  for (let i = 0; i < registers; i++) {
    if (raw.uint16(regs, offset + i) !== 0) return raw.string(regs, offset, registers);
  }
  return null;
}

/** Scale factors are int16 exponents; SunSpec keeps them within -10..10. */
export function sunssf(regs: readonly number[], offset: number): number | null {
  const v = int16(regs, offset);
  return v === null || v < -10 || v > 10 ? null : v;
}

/** value × 10^sf, or null when either is missing. Exact for negative exponents (1234 × 10^-1 = 123.4, not 123.40000000000001). */
export function scaled(value: number | null, sf: number | null): number | null {
  if (value === null || sf === null) return null;
  return sf >= 0 ? value * 10 ** sf : value / 10 ** -sf;
}

export function roundOrNull(value: number | null, decimals = 0): number | null {
  if (value === null) return null;
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** Encoders used by the simulator: `null` writes the type's "not implemented" value. */
export const notImplemented = {
  int16: [0x8000],
  uint16: [0xffff],
  int32: [0x8000, 0x0000],
  uint32: [0xffff, 0xffff],
  acc32: [0, 0],
  acc64: [0, 0, 0, 0],
  uint64: [0xffff, 0xffff, 0xffff, 0xffff],
  sunssf: [0x8000],
} as const;
