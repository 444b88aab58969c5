import { encodeInt16, encodeString, encodeUint16, encodeUint32, encodeUint64 } from '../registers';
import type { ModelDef, PointDef } from './model-defs';
import * as pt from './points';

export type PointValue = number | string | null;

function decodePoint(p: PointDef, regs: readonly number[]): PointValue {
  switch (p.type) {
    case 'int16':
      return pt.int16(regs, p.offset);
    case 'uint16':
    case 'enum16':
    case 'bitfield16':
      return pt.uint16(regs, p.offset);
    case 'int32':
      return pt.int32(regs, p.offset);
    case 'uint32':
    case 'bitfield32':
      return pt.uint32(regs, p.offset);
    case 'acc32':
      return pt.acc32(regs, p.offset);
    case 'acc64':
      return pt.acc64(regs, p.offset);
    case 'uint64':
      return pt.uint64(regs, p.offset);
    case 'sunssf':
      return pt.sunssf(regs, p.offset);
    case 'string':
      return pt.string(regs, p.offset, p.size ?? 1);
  }
}

/**
 * Decodes a model block (starting at its ID register) into point values with scale factors applied. A point whose
 * own value or whose scale factor is "not implemented" comes out as null.
 */
export function decodeModel(def: ModelDef, regs: readonly number[]): Record<string, PointValue> {
  const raw: Record<string, PointValue> = {};
  for (const [name, p] of Object.entries(def.points)) raw[name] = decodePoint(p, regs);
  const out: Record<string, PointValue> = {};
  for (const [name, p] of Object.entries(def.points)) {
    const v = raw[name] ?? null;
    if (p.sf && typeof v === 'number') {
      const s = raw[p.sf];
      out[name] = pt.scaled(v, typeof s === 'number' ? s : null);
    } else {
      out[name] = v;
    }
  }
  return out;
}

export function num(points: Record<string, PointValue>, name: string): number | null {
  const v = points[name];
  return typeof v === 'number' ? v : null;
}

export function text(points: Record<string, PointValue>, name: string): string | null {
  const v = points[name];
  return typeof v === 'string' ? v : null;
}

/** Real values never collide with the "not implemented" sentinels, and never wrap. */
const RANGES: Partial<Record<PointDef['type'], [number, number]>> = {
  int16: [-0x7fff, 0x7fff],
  sunssf: [-10, 10],
  uint16: [0, 0xfffe],
  enum16: [0, 0xfffe],
  bitfield16: [0, 0x7fff],
  int32: [-0x7fffffff, 0x7fffffff],
  uint32: [0, 0xfffffffe],
  bitfield32: [0, 0x7fffffff],
  acc32: [0, 0xffffffff],
};

function checkRange(p: PointDef, value: number): void {
  const range = RANGES[p.type];
  if (!Number.isInteger(value) || (range && (value < range[0] || value > range[1]))) {
    throw new RangeError(`${value} does not fit a ${p.type} point (offset ${p.offset})`);
  }
}

function encodePoint(p: PointDef, value: PointValue): number[] {
  if (p.type === 'string') return encodeString(typeof value === 'string' ? value : '', p.size ?? 1);
  if (value === null || typeof value === 'string') {
    switch (p.type) {
      case 'int16':
        return [...pt.notImplemented.int16];
      case 'sunssf':
        return [...pt.notImplemented.sunssf];
      case 'uint16':
      case 'enum16':
      case 'bitfield16':
        return [...pt.notImplemented.uint16];
      case 'int32':
        return [...pt.notImplemented.int32];
      case 'uint32':
      case 'bitfield32':
        return [...pt.notImplemented.uint32];
      case 'acc32':
        return [...pt.notImplemented.acc32];
      case 'acc64':
        return [...pt.notImplemented.acc64];
      case 'uint64':
        return [...pt.notImplemented.uint64];
    }
  }
  checkRange(p, value);
  switch (p.type) {
    case 'int16':
    case 'sunssf':
      return encodeInt16(value);
    case 'uint16':
    case 'enum16':
    case 'bitfield16':
      return encodeUint16(value);
    case 'int32':
    case 'uint32':
    case 'bitfield32':
    case 'acc32':
      return encodeUint32(value < 0 ? value + 0x100000000 : value);
    case 'acc64':
    case 'uint64':
      return encodeUint64(value);
  }
}

/**
 * Encodes raw (unscaled) point values into a model block, ID and L included; points not given are "not
 * implemented". Used by the simulator, and by tests that need a device with gaps.
 */
export function encodeModel(def: ModelDef, rawValues: Record<string, PointValue>): number[] {
  const regs = new Array<number>(def.length + 2).fill(0);
  regs[0] = def.id;
  regs[1] = def.length;
  for (const [name, p] of Object.entries(def.points)) {
    encodePoint(p, rawValues[name] ?? null).forEach((w, i) => {
      regs[p.offset + i] = w;
    });
  }
  return regs;
}

/** Raw register words for one point; what a simulator writes when a single value changes. */
export function encodePointValue(
  def: ModelDef,
  name: string,
  raw: PointValue,
): { offset: number; words: number[] } {
  const p = def.points[name];
  if (!p) throw new Error(`model ${def.id} has no point ${name}`);
  return { offset: p.offset, words: encodePoint(p, raw) };
}
