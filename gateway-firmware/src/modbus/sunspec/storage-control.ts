import { encodeInt16 } from '../registers';
import type { ModbusTransport } from '../transport';
import type { SunSpecModelRef } from './discovery';
import { MODEL_STORAGE_124, STOR_CTL } from './model-defs';

const P = MODEL_STORAGE_124.points;

export interface StorageLimits {
  /** WChaMax, scaled, in W. */
  wChaMaxW: number;
  /** InOutWRte_SF. */
  rateSf: number;
}

function rateRegister(watts: number, limits: StorageLimits): number {
  const pct = Math.max(-100, Math.min(100, (watts / limits.wChaMaxW) * 100));
  return Math.round(pct / 10 ** limits.rateSf);
}

/**
 * Drives a model-124 battery to a fixed power: + charge, − discharge, 0 hold. With both StorCtl_Mod bits set the
 * allowed range is [−OutWRte, +InWRte] % of WChaMax; making the two ends meet forces the battery to exactly that
 * power (how evcc and Fronius do "force charge"). `revertSeconds` makes the device fall back to its own control
 * if the gateway stops writing.
 */
export async function writeStorageSetpoint(
  t: ModbusTransport,
  ref: SunSpecModelRef,
  limits: StorageLimits,
  watts: number,
  revertSeconds = 0,
): Promise<void> {
  const inRte = rateRegister(watts, limits);
  const outRte = rateRegister(-watts, limits);
  // OutWRte, InWRte, WinTms, RvrtTms are consecutive: one write so the device never sees half a setpoint.
  await t.writeRegisters(ref.address + P.OutWRte.offset, [
    ...encodeInt16(outRte),
    ...encodeInt16(inRte),
    0,
    Math.max(0, Math.min(0xfffe, Math.round(revertSeconds))),
  ]);
  await t.writeRegister(ref.address + P.StorCtl_Mod.offset, STOR_CTL.charge | STOR_CTL.discharge);
}

/** Hands control back to the device. */
export async function releaseStorageControl(t: ModbusTransport, ref: SunSpecModelRef): Promise<void> {
  await t.writeRegister(ref.address + P.StorCtl_Mod.offset, 0);
}
