import type { SiteData } from '../runtime/site-data';

export interface GridState {
  /** + import, − export (W), from P1 1.7.0 − 2.7.0. */
  netW: number;
  importW: number;
  exportW: number;
  /** Running average import of this quarter-hour (1.4.0), W. */
  quarterAverageW: number | null;
  /** This month's peak quarter so far (1.6.0), W. */
  monthPeakW: number | null;
  /** Highest phase current, A (for load balancing). */
  maxPhaseCurrentA: number | null;
  /**
   * Per phase present on the meter (L1, L2, L3 order): the current, A, signed + while the phase imports and − while it
   * exports (P1 currents are magnitudes; the phase's import/export power gives the direction).
   */
  phaseCurrentsA?: number[];
  /** Clock ms of the telegram. */
  at: number;
}

interface DeviceStateBase {
  id: string;
  online: boolean;
  /** The manual status (Standby, Laden, …), null before the first reading. */
  status: string | null;
}

export interface BatteryState extends DeviceStateBase {
  /** + charging, − discharging. */
  w: number;
  socPct: number | null;
  /** Usable capacity, Wh, when the battery reports it. */
  capacityWh?: number | null;
}

/** The open session as the platform started it (charge.start), or as the charger started it (fast). */
export interface ChargerSessionPlan {
  sessionId: string;
  mode: 'fast' | 'smart';
  /** Smart: share of the energy that may come from the grid (0–100). */
  gridSharePct: number;
  /** Smart: at least `energyWh` in the car by `byMs` (clock ms), whatever the sun does. */
  guarantee: { energyWh: number; byMs: number } | null;
}

export interface ChargerState extends DeviceStateBase {
  w: number;
  sessionActive: boolean;
  carConnected: boolean;
  currentLimitA: number | null;
  /** Phases in use (1 or 3), null when unknown. */
  phases: number | null;
  /** Energy of the open session so far, Wh. */
  sessionEnergyWh: number | null;
  /** Set by the runtime from its charge sessions; null without an open session. */
  session: ChargerSessionPlan | null;
  /** Current per phase L1, L2, L3 as the charger measures it, A (null: not reported). */
  phaseCurrentsA?: [number | null, number | null, number | null];
}

export interface HeatState extends DeviceStateBase {
  w: number;
  tempC: number | null;
  enabled: boolean;
}

/** One consistent picture of the site for one control cycle; controllers decide from it only. */
export interface SiteState {
  /** Clock ms of the cycle. */
  at: number;
  /** Null while the P1 port gives no recent telegram: controllers must then hold back. */
  grid: GridState | null;
  /** Sum of the inverters' AC power, null when none is readable. */
  pvW: number | null;
  batteries: BatteryState[];
  chargers: ChargerState[];
  heaters: HeatState[];
}

/** Older than this (or three meter periods), a telegram no longer describes the grid "now". */
export const GRID_MAX_AGE_MS = 10_000;
/** Older than this (or three poll periods), a device reading is ignored by control. */
export const DEVICE_MAX_AGE_MS = 30_000;

export function buildSiteState(site: SiteData, now: number): SiteState {
  const state: SiteState = { at: now, grid: null, pvW: null, batteries: [], chargers: [], heaters: [] };
  const p1 = site.p1;
  if (p1 && now - p1.receivedAt <= site.p1MaxAge(GRID_MAX_AGE_MS)) {
    const r = p1.reading;
    const importW = r.importW ?? 0;
    const exportW = r.exportW ?? 0;
    const currents = [r.phases.l1?.currentA, r.phases.l2?.currentA, r.phases.l3?.currentA].filter(
      (a): a is number => a !== undefined,
    );
    const phaseCurrentsA: number[] = [];
    for (const ph of [r.phases.l1, r.phases.l2, r.phases.l3]) {
      if (ph?.currentA === undefined) continue;
      const exporting = (ph.exportW ?? 0) > (ph.importW ?? 0);
      phaseCurrentsA.push(exporting ? -ph.currentA : ph.currentA);
    }
    state.grid = {
      netW: importW - exportW,
      importW,
      exportW,
      quarterAverageW: r.quarterAverageW ?? null,
      monthPeakW: r.monthPeak?.w ?? null,
      maxPhaseCurrentA: currents.length > 0 ? Math.max(...currents) : null,
      phaseCurrentsA,
      at: p1.meterAt,
    };
  }
  const deviceMaxAge = site.deviceMaxAge(DEVICE_MAX_AGE_MS);
  for (const d of site.deviceList()) {
    const r = d.reading;
    const fresh = r !== null && d.readAt !== null && now - d.readAt <= deviceMaxAge;
    const base = { id: d.config.id, online: d.link === 'online' && fresh, status: d.status };
    if (!r || !fresh) {
      if (d.config.type === 'battery')
        state.batteries.push({ ...base, w: 0, socPct: null, capacityWh: null });
      if (d.config.type === 'charger')
        state.chargers.push({
          ...base,
          w: 0,
          sessionActive: false,
          carConnected: false,
          currentLimitA: null,
          phases: null,
          sessionEnergyWh: null,
          session: null,
          phaseCurrentsA: [null, null, null],
        });
      if (d.config.type === 'heat') state.heaters.push({ ...base, w: 0, tempC: null, enabled: false });
      continue;
    }
    if (r.kind === 'inverter' && r.acPowerW !== null) state.pvW = (state.pvW ?? 0) + r.acPowerW;
    if (r.kind === 'battery')
      state.batteries.push({ ...base, w: r.powerW ?? 0, socPct: r.socPct, capacityWh: r.capacityWh });
    if (r.kind === 'charger') {
      state.chargers.push({
        ...base,
        w: r.powerW ?? 0,
        sessionActive: r.sessionActive,
        carConnected: r.cpState === 'B' || r.cpState === 'C' || r.cpState === 'D',
        currentLimitA: r.currentLimitA,
        phases: r.phases,
        sessionEnergyWh: r.sessionActive ? r.sessionEnergyWh : null,
        session: null,
        phaseCurrentsA: r.currentsA,
      });
    }
    if (r.kind === 'heat')
      state.heaters.push({ ...base, w: r.powerW ?? 0, tempC: r.waterTempC, enabled: r.enabled });
  }
  return state;
}
