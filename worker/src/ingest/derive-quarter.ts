import type { EnergyPayload } from '@ilumen/mqtt-contract';

/** The counters of one `energy` message, as stored in energy_counters. */
export type Counters = Omit<EnergyPayload, 'v' | 'ts' | 'seq'>;

export interface DerivedQuarter {
  importWh: number | null;
  exportWh: number | null;
  productionWh: number | null;
  batteryChargeWh: number | null;
  batteryDischargeWh: number | null;
  evWh: number | null;
  heatWh: number | null;
  /** Registers whose counter went down or jumped impossibly: a reset or a swapped meter; that value stays a gap. */
  anomalies: string[];
}

/**
 * A quarter draws at most this from one register: 3 × 63 A × 400 V for 15 minutes is about 11 kWh; anything above
 * twice that is a meter swap or a glitch, not energy.
 */
export const MAX_QUARTER_WH = 25_000;

function delta(
  name: string,
  from: number | undefined,
  to: number | undefined,
  anomalies: string[],
): number | null {
  if (from === undefined || to === undefined) return null;
  const d = to - from;
  if (d < 0) {
    anomalies.push(`${name}: counter went down (${from} → ${to})`);
    return null;
  }
  if (d > MAX_QUARTER_WH) {
    anomalies.push(`${name}: jumped ${d} Wh in one quarter`);
    return null;
  }
  return d;
}

/**
 * The energy of the quarter between two consecutive boundaries: the later counters minus the earlier ones, register by
 * register. Pure; gaps and anomalies give `null` for that value rather than an invented number.
 */
export function deriveQuarter(prev: Counters, next: Counters): DerivedQuarter {
  const anomalies: string[] = [];
  const sum = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a + b);
  const importWh = delta(
    'meter import',
    sum(prev.meter?.importT1Wh, prev.meter?.importT2Wh),
    sum(next.meter?.importT1Wh, next.meter?.importT2Wh),
    anomalies,
  );
  const exportWh = delta(
    'meter export',
    sum(prev.meter?.exportT1Wh, prev.meter?.exportT2Wh),
    sum(next.meter?.exportT1Wh, next.meter?.exportT2Wh),
    anomalies,
  );
  const productionWh = delta('pv', prev.pv?.wh, next.pv?.wh, anomalies);
  const batteryChargeWh = delta(
    'battery charged',
    prev.battery?.chargedWh,
    next.battery?.chargedWh,
    anomalies,
  );
  const batteryDischargeWh = delta(
    'battery discharged',
    prev.battery?.dischargedWh,
    next.battery?.dischargedWh,
    anomalies,
  );
  const heatWh = delta('heat', prev.heat?.wh, next.heat?.wh, anomalies);
  let evWh: number | null = null;
  if (next.chargers && prev.chargers) {
    let total = 0;
    let any = false;
    for (const c of next.chargers) {
      const before = prev.chargers.find((p) => p.id === c.id);
      const d = delta(`charger ${c.id}`, before?.wh, c.wh, anomalies);
      if (d !== null) {
        total += d;
        any = true;
      }
    }
    evWh = any ? total : null;
  }
  return { importWh, exportWh, productionWh, batteryChargeWh, batteryDischargeWh, evWh, heatWh, anomalies };
}
