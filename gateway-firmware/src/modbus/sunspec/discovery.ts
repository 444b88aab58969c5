import { isModbusError, ModbusError } from '../modbus-error';
import { type ModbusTransport, readHoldingBlock } from '../transport';
import { decodeModel, type PointValue } from './model-codec';
import { MODEL_DEFS } from './model-defs';

/** 'SunS' as two registers. */
export const SUNSPEC_MARKER = [0x5375, 0x6e53] as const;
export const SUNSPEC_BASES = [40000, 0, 50000] as const;
export const SUNSPEC_END_ID = 0xffff;

export interface SunSpecModelRef {
  id: number;
  /** Address of the model's ID register. */
  address: number;
  /** L as the device reports it (may be longer than the spec's when a device adds repeating blocks). */
  length: number;
}

export interface SunSpecMap {
  base: number;
  models: SunSpecModelRef[];
}

export interface DiscoveryOptions {
  bases?: readonly number[];
  /** A corrupt chain must not make us read forever. */
  maxModels?: number;
}

async function hasMarker(t: ModbusTransport, base: number): Promise<boolean> {
  const regs = await t.readHoldingRegisters(base, 2);
  return regs[0] === SUNSPEC_MARKER[0] && regs[1] === SUNSPEC_MARKER[1];
}

/** Reads ID and L; at the end of the address space (or of a short device) only the ID may be readable. */
async function readHeader(t: ModbusTransport, address: number): Promise<{ id: number; length: number }> {
  try {
    const [id = SUNSPEC_END_ID, length = 0] = await t.readHoldingRegisters(address, 2);
    return { id, length };
  } catch (e) {
    if (isModbusError(e) && e.kind === 'exception' && address <= 0xffff) {
      const [id = SUNSPEC_END_ID] = await t.readHoldingRegisters(address, 1);
      if (id === SUNSPEC_END_ID) return { id, length: 0 };
    }
    throw e;
  }
}

/**
 * Finds the SunSpec map: the 'SunS' marker at 40000, then 0, then 50000, and the model chain after it (ID, L; the
 * next model starts at address + 2 + L) up to the end marker 0xFFFF. Returns null when no base has the marker;
 * throws the last transport error when no base answered at all (nothing there, or not reachable), so the caller can
 * tell "not SunSpec" from "no answer".
 */
export async function discoverSunSpec(
  t: ModbusTransport,
  options: DiscoveryOptions = {},
): Promise<SunSpecMap | null> {
  const bases = options.bases ?? SUNSPEC_BASES;
  const maxModels = options.maxModels ?? 64;
  let answered = false;
  let lastError: unknown;
  for (const base of bases) {
    let found: boolean;
    try {
      found = await hasMarker(t, base);
      answered = true;
    } catch (e) {
      // An exception (illegal address) is an answer: just not SunSpec here. A timeout may be a device that ignores
      // unknown addresses, so we try the other bases too before giving up.
      if (isModbusError(e) && e.kind === 'exception' && !e.retryable) answered = true;
      else lastError = e;
      continue;
    }
    if (!found) continue;
    const models: SunSpecModelRef[] = [];
    let address = base + 2;
    for (;;) {
      if (models.length >= maxModels) {
        throw new ModbusError(
          'exception',
          `${t.id}: SunSpec chain at ${base} has more than ${maxModels} models`,
        );
      }
      const { id, length } = await readHeader(t, address);
      if (id === SUNSPEC_END_ID) break;
      models.push({ id, address, length });
      address += 2 + length;
      if (address > 0xffff) break;
    }
    return { base, models };
  }
  if (!answered && lastError) throw lastError;
  return null;
}

export function findModel(map: SunSpecMap, ...ids: number[]): SunSpecModelRef | undefined {
  return map.models.find((m) => ids.includes(m.id));
}

/**
 * Reads a whole model block and decodes it. The spec's length is what we decode; a device that reports a shorter
 * L than the spec is refused, since our offsets would run past its block.
 */
export async function readModel(
  t: ModbusTransport,
  ref: SunSpecModelRef,
): Promise<Record<string, PointValue>> {
  const def = MODEL_DEFS.get(ref.id);
  if (!def) throw new Error(`no definition for SunSpec model ${ref.id}`);
  if (ref.length < def.length) {
    throw new ModbusError(
      'exception',
      `${t.id}: SunSpec model ${ref.id} has L=${ref.length}, expected ${def.length}`,
    );
  }
  const regs = await readHoldingBlock(t, ref.address, def.length + 2);
  return decodeModel(def, regs);
}
