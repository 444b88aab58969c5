/**
 * Plain register decoding and encoding: big-endian words, high word first (what SunSpec, Huawei and our own iLu*
 * devices all use). No sentinel handling here — see sunspec/points.ts for SunSpec's "not implemented" values.
 * `regs` is a block read from the device and `offset` counts registers from the start of that block.
 */

function word(regs: readonly number[], offset: number): number {
  const value = regs[offset];
  if (value === undefined) {
    throw new RangeError(`register offset ${offset} is outside the block of ${regs.length}`);
  }
  return value & 0xffff;
}

export function uint16(regs: readonly number[], offset: number): number {
  return word(regs, offset);
}

export function int16(regs: readonly number[], offset: number): number {
  const v = word(regs, offset);
  return v >= 0x8000 ? v - 0x10000 : v;
}

export function uint32(regs: readonly number[], offset: number): number {
  return word(regs, offset) * 0x10000 + word(regs, offset + 1);
}

export function int32(regs: readonly number[], offset: number): number {
  const v = uint32(regs, offset);
  return v >= 0x80000000 ? v - 0x100000000 : v;
}

export function uint64Big(regs: readonly number[], offset: number): bigint {
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 16n) | BigInt(word(regs, offset + i));
  return v;
}

/** Counters in Wh never come near 2^53 in practice; past it the value is rounded, not wrapped. */
export function uint64(regs: readonly number[], offset: number): number {
  return Number(uint64Big(regs, offset));
}

/** ASCII, two characters per register, high byte first; trailing NULs and spaces are cut. */
export function string(regs: readonly number[], offset: number, registers: number): string {
  const bytes: number[] = [];
  for (let i = 0; i < registers; i++) {
    const w = word(regs, offset + i);
    bytes.push(w >> 8, w & 0xff);
  }
  const end = bytes.indexOf(0);
  return String.fromCharCode(...(end === -1 ? bytes : bytes.slice(0, end))).trimEnd();
}

export function encodeUint16(value: number): number[] {
  return [value & 0xffff];
}

export function encodeInt16(value: number): number[] {
  return [(value < 0 ? value + 0x10000 : value) & 0xffff];
}

export function encodeUint32(value: number): number[] {
  const v = Math.trunc(value) >>> 0;
  return [v >>> 16, v & 0xffff];
}

export function encodeInt32(value: number): number[] {
  return encodeUint32(Math.trunc(value) | 0);
}

export function encodeUint64(value: number | bigint): number[] {
  let v = BigInt(value) & 0xffff_ffff_ffff_ffffn;
  const out = [0, 0, 0, 0];
  for (let i = 3; i >= 0; i--) {
    out[i] = Number(v & 0xffffn);
    v >>= 16n;
  }
  return out;
}

/** Pads with NULs (or cuts) to exactly `registers` registers. */
export function encodeString(text: string, registers: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < registers; i++) {
    const hi = text.charCodeAt(i * 2);
    const lo = text.charCodeAt(i * 2 + 1);
    out.push(((Number.isNaN(hi) ? 0 : hi & 0xff) << 8) | (Number.isNaN(lo) ? 0 : lo & 0xff));
  }
  return out;
}
