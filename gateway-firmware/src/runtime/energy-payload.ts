import { CONTRACT_VERSION, type PayloadInput } from '@ilumen/mqtt-contract';
import type { DeviceSample, P1Sample, SiteData } from './site-data';

type Energy = PayloadInput<'energy'>;

/** A device counter read longer ago than this is left out rather than reported as the boundary's value. */
export const COUNTER_MAX_AGE_MS = 5 * 60_000;

const wh = (v: number) => Math.max(0, Math.floor(v));

function counters(devices: DeviceSample[], now: number): DeviceSample[] {
  return devices.filter(
    (d) => d.reading !== null && d.readAt !== null && now - d.readAt <= COUNTER_MAX_AGE_MS,
  );
}

/**
 * Cumulative counters at the quarter boundary `ts`. A section is left out when any device it sums could not be
 * read: a sum missing one inverter would go backwards, and the ingest would read that as negative energy.
 */
export function buildEnergyPayload(
  ts: number,
  seq: number,
  p1: P1Sample | null,
  site: SiteData,
  now: number,
): Energy {
  const energy: Energy = { v: CONTRACT_VERSION, ts: new Date(ts).toISOString(), seq };
  const r = p1?.reading;
  if (
    r &&
    r.importT1Wh !== undefined &&
    r.importT2Wh !== undefined &&
    r.exportT1Wh !== undefined &&
    r.exportT2Wh !== undefined
  ) {
    energy.meter = {
      importT1Wh: r.importT1Wh,
      importT2Wh: r.importT2Wh,
      exportT1Wh: r.exportT1Wh,
      exportT2Wh: r.exportT2Wh,
    };
  }
  if (r?.gas?.at) energy.gas = { m3: r.gas.m3, at: r.gas.at };
  if (r?.water?.at) energy.water = { m3: r.water.m3, at: r.water.at };

  const all = site.deviceList();
  const readable = counters(all, now);
  const inverters = all.filter((d) => d.config.type === 'inverter');
  const invReadings = readable.flatMap((d) => (d.reading?.kind === 'inverter' ? [d.reading] : []));
  if (
    inverters.length > 0 &&
    invReadings.length === inverters.length &&
    invReadings.every((i) => i.energyTotalWh !== null)
  ) {
    energy.pv = { wh: wh(invReadings.reduce((n, i) => n + (i.energyTotalWh ?? 0), 0)) };
  }
  for (const d of readable) {
    const x = d.reading!;
    if (
      x.kind === 'battery' &&
      !energy.battery &&
      x.energyChargedWh !== null &&
      x.energyDischargedWh !== null &&
      x.socPct !== null
    ) {
      energy.battery = {
        chargedWh: wh(x.energyChargedWh),
        dischargedWh: wh(x.energyDischargedWh),
        socPct: Math.min(100, Math.max(0, x.socPct)),
      };
    }
    if (x.kind === 'charger' && x.energyTotalWh !== null) {
      energy.chargers ??= [];
      if (energy.chargers.length < 16) energy.chargers.push({ id: d.config.id, wh: wh(x.energyTotalWh) });
    }
    if (x.kind === 'heat' && !energy.heat && x.energyTotalWh !== null && x.waterTempC !== null) {
      energy.heat = { wh: wh(x.energyTotalWh), tempC: Math.min(150, Math.max(-50, x.waterTempC)) };
    }
  }
  return energy;
}
