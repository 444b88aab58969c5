import {
  connectionQuarterLimitWh,
  counterDelta,
  DEVICE_QUARTER_MAX_WH,
  type GridConnection,
  type Implausibility,
} from '@ilumen/energy';
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
  anomalies: Implausibility[];
}

/**
 * The energy of the quarter between two consecutive boundaries: the later counters minus the earlier ones, register by
 * register. Pure; gaps and anomalies give `null` for that value rather than an invented number. The grid registers
 * may move at most what the site's connection carries in a quarter (decision 090); without a known connection, and
 * for the devices behind the meter, at most `DEVICE_QUARTER_MAX_WH`.
 */
export function deriveQuarter(prev: Counters, next: Counters, connection?: GridConnection): DerivedQuarter {
  const anomalies: Implausibility[] = [];
  const gridMax = connection ? connectionQuarterLimitWh(connection) : DEVICE_QUARTER_MAX_WH;
  const grid = connection ? ('over-connection' as const) : ('counter-jump' as const);
  const delta = (
    field: string,
    from: number | undefined,
    to: number | undefined,
    max = DEVICE_QUARTER_MAX_WH,
    overCode: 'counter-jump' | 'over-connection' = 'counter-jump',
  ) => {
    const d = counterDelta(field, from, to, max, overCode);
    if (d.anomaly) anomalies.push(d.anomaly);
    return d.wh;
  };
  const sum = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a + b);
  const importWh = delta(
    'meter.import',
    sum(prev.meter?.importT1Wh, prev.meter?.importT2Wh),
    sum(next.meter?.importT1Wh, next.meter?.importT2Wh),
    gridMax,
    grid,
  );
  const exportWh = delta(
    'meter.export',
    sum(prev.meter?.exportT1Wh, prev.meter?.exportT2Wh),
    sum(next.meter?.exportT1Wh, next.meter?.exportT2Wh),
    gridMax,
    grid,
  );
  const productionWh = delta('pv', prev.pv?.wh, next.pv?.wh);
  const batteryChargeWh = delta('battery.charged', prev.battery?.chargedWh, next.battery?.chargedWh);
  const batteryDischargeWh = delta(
    'battery.discharged',
    prev.battery?.dischargedWh,
    next.battery?.dischargedWh,
  );
  const heatWh = delta('heat', prev.heat?.wh, next.heat?.wh);
  let evWh: number | null = null;
  if (next.chargers && prev.chargers) {
    let total = 0;
    let any = false;
    for (const c of next.chargers) {
      const before = prev.chargers.find((p) => p.id === c.id);
      const d = delta(`charger.${c.id}`, before?.wh, c.wh);
      if (d !== null) {
        total += d;
        any = true;
      }
    }
    evWh = any ? total : null;
  }
  return { importWh, exportWh, productionWh, batteryChargeWh, batteryDischargeWh, evWh, heatWh, anomalies };
}
