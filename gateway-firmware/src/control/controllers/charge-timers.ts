import {
  type ChargeTimer,
  type ChargeTimersControllerSettings,
  chargeTimersControllerSchema,
  timerHours,
} from '@ilumen/mqtt-contract';
import type { ControlAction, Controller } from '../controller';
import type { SiteState } from '../site-state';
import { brusselsHour } from './charge-timers-local-time';

export const chargeTimersSettingsSchema = chargeTimersControllerSchema;
export type ChargeTimersSettings = ChargeTimersControllerSettings;

/**
 * The battery falls back to its own control this long after our last write (s): if the gateway stops, a timer does
 * not keep charging from the grid for ever.
 */
export const TIMER_REVERT_S = 1800;
/** The setpoint is written again this often (clock ms), well inside the revert time. */
export const TIMER_REASSERT_MS = 15 * 60_000;

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const span = (t: ChargeTimer) => `${hh(t.startHour)}–${hh(t.endHour)}`;

/**
 * Battery charge timers (manual, "Instellen laadtimers"): inside a timer's hours (Brussels time) its battery charges
 * at the timer's power, from the sun or the grid; when the timer ends the battery goes back to its own
 * self-consumption control. Only batteries this controller took are handed back, so outside its hours it leaves
 * the battery to whoever else steers it. The setpoint is written with a revert time and renewed before it runs out.
 */
export function createChargeTimers(
  settings: ChargeTimersSettings,
  hourOf: (ms: number) => number = brusselsHour,
): Controller {
  const held = new Map<string, { timer: ChargeTimer; at: number }>();
  return {
    name: 'chargeTimers',
    tick(state: SiteState, now: number): ControlAction[] {
      const hour = hourOf(now);
      const actions: ControlAction[] = [];
      for (const b of state.batteries) {
        const h = held.get(b.id);
        if (!b.online) {
          // renew as soon as it answers again: it may have restarted in its own mode
          if (h) h.at = Number.NEGATIVE_INFINITY;
          continue;
        }
        const timer = settings.timers.find((t) => t.batteryId === b.id && timerHours(t).includes(hour));
        const values = { socPct: b.socPct, batteryW: b.w, hour };
        if (timer) {
          if (h && h.timer === timer && now - h.at < TIMER_REASSERT_MS) continue;
          held.set(b.id, { timer, at: now });
          actions.push({
            kind: 'battery.setpoint',
            deviceId: b.id,
            watts: timer.powerW,
            revertSeconds: TIMER_REVERT_S,
            reason: `charge timer ${span(timer)}: charge the battery at ${timer.powerW} W`,
            values: {
              ...values,
              code: 'timer.start',
              startHour: timer.startHour,
              endHour: timer.endHour,
              powerW: timer.powerW,
            },
          });
        } else if (h) {
          held.delete(b.id);
          actions.push({
            kind: 'battery.auto',
            deviceId: b.id,
            reason: `charge timer ${span(h.timer)} ended: the battery is back on its own control`,
            values: { ...values, code: 'timer.end', startHour: h.timer.startHour, endHour: h.timer.endHour },
          });
        }
      }
      return actions;
    },
  };
}
