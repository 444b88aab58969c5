import { type LoadBalancingSettings, loadBalancingControllerSchema } from '@ilumen/mqtt-contract';
import { CHARGE_CURRENT_MIN_A } from '../../devices/ilu/ilu-register-map';
import type { ControlAction, Controller } from '../controller';
import type { ChargerState, SiteState } from '../site-state';
import { shareHeadroom } from './load-balancing-share';

export const loadBalancingSettingsSchema = loadBalancingControllerSchema;
export type { LoadBalancingSettings };

const VOLTS = 230;
const RAISE_STEP_A = 2;

interface Memory {
  capA: number;
  /** Since when a higher cap has been possible, and the lowest of those caps since then. */
  raiseSince: number | null;
  raiseTo: number;
}

/**
 * Load balancing ("Loadbalancing"): keeps the site under its import limit — per phase in A (the main fuse) and/or in
 * total W — by lowering the chargers' current, never below 6 A (then the session pauses), and raising it again when
 * there is room. The room is measured, not guessed: the meter's per-phase currents minus what the chargers draw
 * themselves is the home's own load; the limit minus that is shared between the charging sessions (water-filling:
 * a car that takes less than its share leaves the rest to the others). Lowering is immediate, raising waits until
 * the room has lasted `raiseHoldS`. Its `charger.current` is a ceiling: the session controller's own wish (fast,
 * smart) is kept under it (arbiter.ts).
 */
export function createLoadBalancing(settings: LoadBalancingSettings): Controller {
  const memory = new Map<string, Memory>();
  const holdMs = settings.raiseHoldS * 1000;

  return {
    name: 'loadBalancing',
    tick(state: SiteState, now: number): ControlAction[] {
      const grid = state.grid;
      // without a meter reading there is nothing to balance against: keep the ceilings as they are
      if (!grid) return [];
      const chargers = state.chargers.filter(
        (c) =>
          c.online &&
          c.sessionActive &&
          (settings.chargerIds === undefined || settings.chargerIds.includes(c.id)),
      );
      for (const id of memory.keys()) if (!chargers.some((c) => c.id === id)) memory.delete(id);
      if (chargers.length === 0) return [];

      const meter =
        grid.phaseCurrentsA && grid.phaseCurrentsA.length > 0 ? grid.phaseCurrentsA : [grid.netW / VOLTS];
      const plan = shareHeadroom({
        meterPhaseA: meter,
        netW: grid.netW,
        maxPhaseA: settings.maxPhaseA,
        maxImportW: settings.maxImportW,
        marginA: settings.marginA,
        chargers: chargers.map((c) => ({
          id: c.id,
          phaseA: chargerPhaseA(c, meter.length),
          phases: c.phases,
          limitA: c.currentLimitA,
          w: c.w,
        })),
      });

      const actions: ControlAction[] = [];
      for (const c of chargers) {
        const cap = plan.caps.get(c.id) ?? 0;
        const m = memory.get(c.id);
        const present = c.currentLimitA;
        const values = {
          code: cap === 0 ? 'lb.pause' : 'lb.set',
          capA: cap,
          limitA: settings.maxPhaseA ?? null,
          limitW: settings.maxImportW ?? null,
          highestPhaseA: round1(Math.max(...meter)),
          homeA: round1(plan.homeHighestA),
          homeW: Math.round(plan.homeW),
          sessions: chargers.length,
        };
        const over = describeLimit(settings, meter, grid.netW);
        if (!m) {
          memory.set(c.id, { capA: cap, raiseSince: null, raiseTo: cap });
          actions.push(
            ceiling(c, cap, `${over}: ${c.id} may take at most ${cap} A${share(chargers.length)}`, values),
          );
          continue;
        }
        if (cap < m.capA || (present !== null && cap < present)) {
          m.capA = cap;
          m.raiseSince = null;
          const reason =
            cap === 0
              ? `${over}: not enough room for ${CHARGE_CURRENT_MIN_A} A on ${c.id}, the session pauses${share(chargers.length)}`
              : plan.takesLess.has(c.id)
                ? `the car on ${c.id} takes less than it is offered: it keeps ${cap} A, the rest of the room goes to the others (${over})`
                : `${over}: lower ${c.id} to ${cap} A${share(chargers.length)}`;
          actions.push(ceiling(c, cap, reason, { ...values, code: cap === 0 ? 'lb.pause' : 'lb.lower' }));
          continue;
        }
        // raising waits for real room: 2 A more than now, lasting the hold (meter noise must not make it flap)
        if (cap >= m.capA + RAISE_STEP_A || (cap > m.capA && m.capA === 0 && cap >= CHARGE_CURRENT_MIN_A)) {
          if (m.raiseSince === null) {
            m.raiseSince = now;
            m.raiseTo = cap;
          } else {
            m.raiseTo = Math.min(m.raiseTo, cap);
          }
          if (now - m.raiseSince >= holdMs) {
            const to = m.raiseTo;
            m.capA = to;
            m.raiseSince = null;
            actions.push(
              ceiling(
                c,
                to,
                `room under the import limit again (${over}): ${c.id} may take up to ${to} A${share(chargers.length)}`,
                { ...values, capA: to, code: 'lb.raise' },
              ),
            );
          }
          continue;
        }
        m.raiseSince = null;
      }
      return actions;
    },
  };
}

function ceiling(
  c: ChargerState,
  amps: number,
  reason: string,
  values: Record<string, number | string | null>,
): ControlAction {
  return {
    kind: 'charger.current',
    deviceId: c.id,
    amps,
    reason,
    ceiling: true,
    values: { ...values, chargerW: c.w },
  };
}

/** The charger's current on each of the meter's phases (L1…), A; its own per-phase readings, else its power spread. */
export function chargerPhaseA(c: ChargerState, meterPhases: number): number[] {
  const out = new Array<number>(meterPhases).fill(0);
  const own = c.phaseCurrentsA;
  if (own?.some((a) => a !== null)) {
    own.forEach((a, i) => {
      if (a !== null && i < meterPhases) out[i]! += a;
      else if (a !== null) out[meterPhases - 1]! += a;
    });
    return out;
  }
  const phases = Math.max(1, Math.min(meterPhases, c.phases ?? 1));
  for (let i = 0; i < phases; i++) out[i] = c.w / VOLTS / phases;
  return out;
}

function describeLimit(s: LoadBalancingSettings, meter: number[], netW: number): string {
  const parts: string[] = [];
  if (s.maxPhaseA !== undefined) {
    const hi = Math.max(...meter);
    const i = meter.indexOf(hi);
    parts.push(`L${i + 1} at ${round1(hi)} A (limit ${s.maxPhaseA} A)`);
  }
  if (s.maxImportW !== undefined) parts.push(`import ${Math.round(netW)} W (limit ${s.maxImportW} W)`);
  return parts.join(', ');
}

const share = (n: number) => (n > 1 ? `, the room shared by ${n} charging sessions` : '');
const round1 = (x: number) => Math.round(x * 10) / 10;
