import {
  type MaintenanceCharge,
  type MaintenanceSettings,
  maintenanceControllerSchema,
} from '@ilumen/mqtt-contract';
import type { EventBody } from '../../runtime/event-sink';
import type { ControlAction, Controller } from '../controller';
import type { BatteryState, SiteState } from '../site-state';
import { gridChargeEachW } from './dynamic-charging-headroom';

export const maintenanceSettingsSchema = maintenanceControllerSchema;
export type { MaintenanceSettings };

export const MAINTENANCE_REVERT_S = 900;
const REASSERT_MS = 5 * 60_000;
const STEP_W = 300;
const RAISE_EVERY_MS = 10_000;
/** Progress is reported at every this many % of SoC gained, and at least this often (clock ms). */
const PROGRESS_STEP_PCT = 10;
const PROGRESS_EVERY_MS = 30 * 60_000;

type Phase = 'waiting' | 'running' | 'completed' | 'aborted';

interface ChargeState {
  charge: MaintenanceCharge & { from: number; to: number };
  phase: Phase;
  setpointW: number;
  sentAt: number;
  reportedPct: number | null;
  reportedAt: number;
}

/**
 * The AC battery's maintenance charge ("Onderhoudsmodus AC-batterij"): in the window the platform planned (the
 * cheapest suitable one), the battery charges from the grid to 100 % — within the import limit — and the gateway
 * reports its progress (`maintenance.progress`: started, charging, completed, or aborted with why). The battery is
 * handed back to its own control once full or when the window ends.
 */
export function createMaintenance(settings: MaintenanceSettings): Controller {
  const charges: ChargeState[] = settings.charges.map((c) => ({
    charge: { ...c, from: Date.parse(c.start), to: Date.parse(c.end) },
    phase: 'waiting',
    setpointW: 0,
    sentAt: Number.NEGATIVE_INFINITY,
    reportedPct: null,
    reportedAt: Number.NEGATIVE_INFINITY,
  }));
  const events: EventBody[] = [];

  function progress(
    c: ChargeState,
    phase: 'started' | 'charging' | 'completed' | 'aborted',
    now: number,
    socPct: number | null,
    reason?: string,
  ): void {
    c.reportedPct = socPct;
    c.reportedAt = now;
    events.push({
      type: 'maintenance.progress',
      batteryId: c.charge.batteryId,
      chargeId: c.charge.id,
      phase,
      ...(socPct !== null ? { socPct: Math.max(0, Math.min(100, socPct)) } : {}),
      ...(reason ? { reason: reason.slice(0, 500) } : {}),
    });
  }

  function setpoint(
    b: BatteryState,
    c: ChargeState,
    watts: number,
    now: number,
    reason: string,
    code: string,
    quiet = false,
  ): ControlAction {
    c.setpointW = watts;
    c.sentAt = now;
    return {
      kind: 'battery.setpoint',
      deviceId: b.id,
      watts,
      revertSeconds: MAINTENANCE_REVERT_S,
      reason,
      values: { code, chargeId: c.charge.id, socPct: b.socPct, batteryW: b.w, windowEnd: c.charge.end },
      ...(quiet ? { quiet: true } : {}),
    };
  }

  return {
    name: 'maintenance',
    tick(state: SiteState, now: number): ControlAction[] {
      const actions: ControlAction[] = [];
      for (const c of charges) {
        if (c.phase === 'completed' || c.phase === 'aborted') continue;
        const b = state.batteries.find((x) => x.id === c.charge.batteryId);
        const soc = b?.socPct ?? null;
        if (now >= c.charge.to) {
          const was = c.phase;
          c.phase = 'aborted';
          const reason =
            was === 'waiting'
              ? 'the maintenance window passed without the gateway being able to start it'
              : `the window ended before the battery was full (${soc ?? '?'} %)`;
          progress(c, 'aborted', now, soc, reason);
          if (was === 'running' && b) {
            actions.push({
              kind: 'battery.auto',
              deviceId: b.id,
              reason: `maintenance charge stopped: ${reason}`,
              values: { code: 'mnt.aborted', chargeId: c.charge.id, socPct: soc },
            });
          }
          continue;
        }
        if (now < c.charge.from || !b || !b.online || soc === null) continue;
        if (soc >= c.charge.targetSocPct) {
          const was = c.phase;
          c.phase = 'completed';
          progress(c, 'completed', now, soc, was === 'waiting' ? 'the battery was already full' : undefined);
          if (was === 'running') {
            actions.push({
              kind: 'battery.auto',
              deviceId: b.id,
              reason: `maintenance charge done: battery at ${soc} %; back on its own control`,
              values: { code: 'mnt.completed', chargeId: c.charge.id, socPct: soc },
            });
          }
          continue;
        }
        const eachW = state.grid
          ? gridChargeEachW(state.grid, [b], settings.chargeW, settings.maxImportW)
          : c.setpointW;
        if (c.phase === 'waiting') {
          c.phase = 'running';
          progress(c, 'started', now, soc);
          actions.push(
            setpoint(
              b,
              c,
              eachW,
              now,
              `maintenance charge: the battery has not been full for a long time; charge to ${c.charge.targetSocPct} % (now ${soc} %) at ${settings.maxImportW === undefined ? 'full power' : `${eachW} W, keeping the import under ${settings.maxImportW} W`}`,
              'mnt.start',
            ),
          );
          continue;
        }
        if (
          (c.reportedPct !== null && soc >= c.reportedPct + PROGRESS_STEP_PCT) ||
          now - c.reportedAt >= PROGRESS_EVERY_MS
        ) {
          progress(c, 'charging', now, soc);
        }
        const less = eachW < c.setpointW - STEP_W;
        const more = eachW > c.setpointW + STEP_W && now - c.sentAt >= RAISE_EVERY_MS;
        if (less || more) {
          actions.push(
            setpoint(
              b,
              c,
              eachW,
              now,
              `maintenance charge at ${eachW} W, keeping the import under ${settings.maxImportW ?? '—'} W`,
              'mnt.update',
            ),
          );
        } else if (now - c.sentAt >= REASSERT_MS) {
          actions.push(
            setpoint(b, c, c.setpointW, now, 'maintenance charge: setpoint renewed', 'mnt.update', true),
          );
        }
      }
      return actions;
    },
    takeEvents(): EventBody[] {
      return events.splice(0);
    },
  };
}
