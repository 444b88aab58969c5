import {
  type DynamicChargingSettings,
  dynamicChargingControllerSchema,
  type PlannedHour,
} from '@ilumen/mqtt-contract';
import type { ControlAction, Controller } from '../controller';
import type { BatteryState, SiteState } from '../site-state';
import { gridChargeEachW, solarForBatteriesW } from './dynamic-charging-headroom';

export const dynamicChargingSettingsSchema = dynamicChargingControllerSchema;
export type { DynamicChargingSettings };

/** The battery falls back to its own control this long after the last write (s): a stopped gateway stops charging. */
export const DYNAMIC_REVERT_S = 900;
const REASSERT_MS = 5 * 60_000;
/** Follow the room under the import limit in steps of at least this (W)… */
const STEP_W = 300;
/** …charging harder at most this often (less is at once) (clock ms). */
const RAISE_EVERY_MS = 10_000;
/** The sun must cover (or stop covering) the battery this long before switching (clock ms). */
const SOLAR_HOLD_MS = 60_000;

interface Memory {
  mode: 'idle' | 'grid' | 'solar';
  setpointW: number;
  sentAt: number;
  /** Since when the sun covers the battery (in grid mode) or no longer does (in solar mode). */
  switchSince: number | null;
  /** It reached the target: it charges again only once it has dropped a few % below it. */
  full: boolean;
}

/** After reaching the target, charge again only below target − this (%): a full battery does not flap. */
const REFILL_BELOW_PCT = 5;

const hhmm = (iso: string) => iso.slice(11, 16);

/**
 * Dynamic charging ("Dynamisch laden"): in the hours the platform planned (the cheapest of the day-ahead prices),
 * the battery charges from the grid at full power — unless the sun already covers it, then it keeps charging from the
 * sun on its own control — and never lets the site import more than `maxImportW` (the peak-shaving threshold). It
 * stops at `targetSocPct` and hands the battery back at the end of the hour.
 */
export function createDynamicCharging(settings: DynamicChargingSettings): Controller {
  const hours = settings.hours.map((h) => ({ ...h, from: Date.parse(h.start), to: Date.parse(h.end) }));
  const memory = new Map<string, Memory>();

  function hourAt(now: number): (PlannedHour & { from: number; to: number }) | undefined {
    return hours.find((h) => h.from <= now && now < h.to);
  }

  return {
    name: 'dynamicCharging',
    tick(state: SiteState, now: number): ControlAction[] {
      const actions: ControlAction[] = [];
      const hour = hourAt(now);
      const batteries = state.batteries.filter(
        (b) =>
          b.online &&
          b.socPct !== null &&
          (settings.batteryIds === undefined || settings.batteryIds.includes(b.id)),
      );
      const grid = state.grid;
      const charging: BatteryState[] = [];
      for (const b of batteries) {
        let m = memory.get(b.id);
        if (!m) {
          m = {
            mode: 'idle',
            setpointW: 0,
            sentAt: Number.NEGATIVE_INFINITY,
            switchSince: null,
            full: false,
          };
          memory.set(b.id, m);
        }
        const soc = b.socPct ?? 0;
        if (soc >= settings.targetSocPct) m.full = true;
        else if (soc < settings.targetSocPct - REFILL_BELOW_PCT) m.full = false;
        const full = m.full;
        if (!hour || full) {
          if (m.mode === 'grid') {
            actions.push({
              kind: 'battery.auto',
              deviceId: b.id,
              reason: full
                ? `battery full (${b.socPct} %): cheap-hour charging stops`
                : 'the cheap hour is over: the battery is back on its own control',
              values: { code: full ? 'dyn.full' : 'dyn.end', socPct: b.socPct },
            });
          }
          m.mode = 'idle';
          m.switchSince = null;
          continue;
        }
        charging.push(b);
      }
      if (!hour || !grid || charging.length === 0) return actions;

      const solarW = solarForBatteriesW(grid, charging);
      const covered = solarW >= settings.pvCoverW;
      const eachW = gridChargeEachW(grid, charging, settings.chargeW, settings.maxImportW);
      const price = hour.eurPerMwh !== undefined ? ` at €${hour.eurPerMwh.toFixed(2)}/MWh` : '';
      const values = {
        hourStart: hour.start,
        eurPerMwh: hour.eurPerMwh ?? null,
        solarW: Math.round(solarW),
        maxImportW: settings.maxImportW ?? null,
      };
      for (const b of charging) {
        const m = memory.get(b.id)!;
        if (m.mode === 'grid') {
          if (covered) {
            m.switchSince ??= now;
            if (now - m.switchSince >= SOLAR_HOLD_MS) {
              m.mode = 'solar';
              m.switchSince = null;
              actions.push({
                kind: 'battery.auto',
                deviceId: b.id,
                reason: `the sun covers the battery now (${Math.round(solarW)} W surplus): it charges from the sun instead of the grid`,
                values: { ...values, code: 'dyn.solar', socPct: b.socPct },
              });
              continue;
            }
          } else {
            m.switchSince = null;
          }
          const less = eachW < m.setpointW - STEP_W;
          const more = eachW > m.setpointW + STEP_W && now - m.sentAt >= RAISE_EVERY_MS;
          if (less || more) {
            actions.push(
              setpoint(
                b,
                m,
                eachW,
                now,
                `cheap hour ${hhmm(hour.start)}–${hhmm(hour.end)} UTC${price}: charge at ${eachW} W, keeping the import under ${settings.maxImportW ?? '—'} W`,
                { ...values, code: 'dyn.update' },
              ),
            );
          } else if (now - m.sentAt >= REASSERT_MS) {
            actions.push(
              setpoint(
                b,
                m,
                m.setpointW,
                now,
                'cheap-hour charging: setpoint renewed',
                { ...values, code: 'dyn.update' },
                true,
              ),
            );
          }
          continue;
        }
        // idle or on the sun: start from the grid unless (or once no longer) the sun covers the battery
        if (covered) {
          if (m.mode === 'idle') m.mode = 'solar';
          m.switchSince = null;
          continue;
        }
        if (m.mode === 'solar') {
          m.switchSince ??= now;
          if (now - m.switchSince < SOLAR_HOLD_MS) continue;
        }
        m.mode = 'grid';
        m.switchSince = null;
        actions.push(
          setpoint(
            b,
            m,
            eachW,
            now,
            `cheap hour ${hhmm(hour.start)}–${hhmm(hour.end)} UTC${price}: charge the battery from the grid at ${eachW} W${settings.maxImportW !== undefined ? ` (import kept under ${settings.maxImportW} W)` : ''}`,
            { ...values, code: 'dyn.charge' },
          ),
        );
      }
      return actions;
    },
  };
}

function setpoint(
  b: BatteryState,
  m: Memory,
  watts: number,
  now: number,
  reason: string,
  values: Record<string, number | string | null>,
  quiet = false,
): ControlAction {
  m.setpointW = watts;
  m.sentAt = now;
  return {
    kind: 'battery.setpoint',
    deviceId: b.id,
    watts,
    revertSeconds: DYNAMIC_REVERT_S,
    reason,
    values: { ...values, socPct: b.socPct, batteryW: b.w },
    ...(quiet ? { quiet: true } : {}),
  };
}
