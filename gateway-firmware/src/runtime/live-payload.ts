import { CONTRACT_VERSION, type PayloadInput } from '@ilumen/mqtt-contract';
import type { P1Reading } from '@ilumen/p1';
import type { DeviceSample, SiteData } from './site-data';

type Live = PayloadInput<'live'>;
type Grid = NonNullable<Live['grid']>;

/** Readings older than this (or three of their periods) are not "live" any more: a device that stopped answering. */
export const LIVE_MAX_AGE_MS = 60_000;

const clampPct = (v: number) => Math.min(100, Math.max(0, v));

function grid(r: P1Reading): Grid | undefined {
  if (r.importW === undefined || r.exportW === undefined) return undefined;
  const g: Grid = { importW: r.importW, exportW: r.exportW };
  const phases: NonNullable<Grid['phases']> = {};
  for (const name of ['l1', 'l2', 'l3'] as const) {
    const p = r.phases[name];
    if (p) phases[name] = { ...p };
  }
  if (Object.keys(phases).length > 0) g.phases = phases;
  if (r.quarterAverageW !== undefined) g.quarterAverageW = r.quarterAverageW;
  if (r.monthPeak) g.monthPeak = { w: r.monthPeak.w, at: r.monthPeak.at };
  if (r.ean && /^\d{18}$/.test(r.ean)) g.meterEan = r.ean;
  return g;
}

function fresh(d: DeviceSample, now: number, maxAge: number): boolean {
  return d.link !== 'offline' && d.reading !== null && d.readAt !== null && now - d.readAt <= maxAge;
}

/** What the site does right now, for the `live` message (QoS 0, about every 5 s). */
export function buildLivePayload(site: SiteData, now: number): Live {
  const live: Live = { v: CONTRACT_VERSION, ts: new Date(now).toISOString() };
  const p1 = site.p1;
  if (p1 && now - p1.receivedAt <= site.p1MaxAge(LIVE_MAX_AGE_MS)) {
    const g = grid(p1.reading);
    if (g) live.grid = g;
  }
  const maxAge = site.deviceMaxAge(LIVE_MAX_AGE_MS);
  const devices = site.deviceList().filter((d) => fresh(d, now, maxAge));
  let pvW: number | null = null;
  const chargers: NonNullable<Live['chargers']> = [];
  for (const d of devices) {
    const r = d.reading!;
    if (r.kind === 'inverter' && r.acPowerW !== null) pvW = (pvW ?? 0) + Math.max(0, Math.round(r.acPowerW));
    if (r.kind === 'battery' && !live.battery && d.status && r.socPct !== null) {
      live.battery = {
        w: Math.round(r.powerW ?? 0),
        socPct: clampPct(r.socPct),
        status: d.status as NonNullable<Live['battery']>['status'],
      };
    }
    if (r.kind === 'charger' && d.status && chargers.length < 16) {
      chargers.push({
        id: d.config.id,
        w: Math.max(0, Math.round(r.powerW ?? 0)),
        status: d.status as NonNullable<Live['chargers']>[number]['status'],
        ...(r.sessionActive && r.sessionEnergyWh !== null
          ? { sessionWh: Math.max(0, Math.floor(r.sessionEnergyWh)) }
          : {}),
      });
    }
    if (r.kind === 'heat' && !live.heat && d.status && r.waterTempC !== null) {
      live.heat = {
        w: Math.max(0, Math.round(r.powerW ?? 0)),
        tempC: Math.min(150, Math.max(-50, r.waterTempC)),
        status: d.status as NonNullable<Live['heat']>['status'],
      };
    }
  }
  if (pvW !== null) live.pv = { w: pvW };
  if (chargers.length > 0) live.chargers = chargers;
  return live;
}
