import { type ChargingControllerSettings, chargingControllerSchema } from '@ilumen/mqtt-contract';
import { CHARGE_CURRENT_MAX_A, CHARGE_CURRENT_MIN_A } from '../../devices/ilu/ilu-register-map';
import type { ControlAction, Controller } from '../controller';
import type { ChargerState, SiteState } from '../site-state';

export const chargingSettingsSchema = chargingControllerSchema;
export type ChargingSettings = ChargingControllerSettings;

/** Volts per phase used to turn watts into amps (the grid's nominal voltage). */
export const NOMINAL_VOLTS = 230;
/** What a car takes at most when we have not seen it draw at full current yet: 16 A per phase (a common OBC). */
const ASSUMED_CAR_MAX_A = 16;
/** The guarantee also keeps this much time in hand (clock ms), on top of the margin in per cent. */
const GUARANTEE_SLACK_MS = 10 * 60_000;

/**
 * Solar surplus available to one charger (W): what the site would export if this charger drew nothing and the
 * battery neither charged nor discharged — PV minus the rest of the home. The battery's charging counts as surplus
 * (the car goes before the home battery) and its discharging does not (a battery emptied into the car is not sun).
 * Other chargers' power counts as load. Null without a recent meter reading.
 */
export function solarSurplusW(state: SiteState, charger: Pick<ChargerState, 'id' | 'w'>): number | null {
  if (!state.grid) return null;
  const batteryW = state.batteries.filter((b) => b.online).reduce((s, b) => s + b.w, 0);
  return -state.grid.netW + batteryW + charger.w;
}

/** The amps a power needs on `phases` phases, rounded down. */
export function ampsFor(watts: number, phases: number): number {
  return Math.floor(watts / (NOMINAL_VOLTS * Math.max(1, phases)));
}

interface ChargerMemory {
  sessionId: string;
  /** Since when the wanted current has been above (side 1) or below (−1) the charger's, and how far all along. */
  hold: { side: number; since: number; amps: number } | null;
  /** The highest power seen while the charger offered full current: what this car really takes. */
  fullW: number | null;
  /** A decision was taken for this session (the first one is not held back). */
  decided: boolean;
  /** The guarantee took over: full current until the energy is in (it must not let go when it catches up). */
  forced: boolean;
  /** The last current this controller asked for, and when. */
  asked: { amps: number; at: number } | null;
  lastAppliedAt: number;
}

/** A wish the charger does not show is repeated at most this often (clock ms). */
const REPEAT_MS = 60_000;
/** Give a written limit this long to show in the readings before acting on the same charger again (ms). */
const SETTLE_MS = 10_000;

/**
 * Fast and smart charge sessions.
 *
 * - **Fast**: the charger offers full current (the car takes what it can).
 * - **Smart**: the current follows the solar surplus; the ecological level allows a share of the energy from the
 *   grid: charging at P with surplus S takes P − S from the grid, so P ≤ S / (1 − share) keeps every moment (and so
 *   the session) within that share. Below the 6 A a charger can offer, the session sleeps (status Slaapt). A change
 *   is followed only once it has lasted `holdS` (clouds pass); the first decision of a session is taken at once.
 * - **Guarantee** ("X km by HH:MM"): when what is still missing would take the time left at full power (plus the
 *   margin and ten minutes), the charger offers full current until the energy is in, sun or not. So solar comes
 *   first, and the grid fills in as late as possible.
 */
export function createCharging(settings: ChargingSettings): Controller {
  const memory = new Map<string, ChargerMemory>();
  const holdMs = settings.holdS * 1000;

  function fullPowerW(c: ChargerState, m: ChargerMemory): number {
    const phases = c.phases && c.phases > 0 ? c.phases : 1;
    return m.fullW ?? ASSUMED_CAR_MAX_A * NOMINAL_VOLTS * phases;
  }

  function kmOf(c: ChargerState, wh: number): number | null {
    const perKm = settings.chargers[c.id]?.whPerKm;
    return perKm ? Math.round(wh / perKm) : null;
  }
  function kmText(c: ChargerState, wh: number): string {
    const km = kmOf(c, wh);
    return km === null ? '' : ` (${km} km)`;
  }

  return {
    name: 'charging',
    tick(state: SiteState, now: number): ControlAction[] {
      const actions: ControlAction[] = [];
      const seen = new Set<string>();
      for (const c of state.chargers) {
        seen.add(c.id);
        const plan = c.session;
        if (!c.online || !c.sessionActive || !plan || c.currentLimitA === null) {
          memory.delete(c.id);
          continue;
        }
        let m = memory.get(c.id);
        if (!m || m.sessionId !== plan.sessionId) {
          m = {
            sessionId: plan.sessionId,
            hold: null,
            fullW: null,
            decided: false,
            forced: false,
            asked: null,
            lastAppliedAt: Number.NEGATIVE_INFINITY,
          };
          memory.set(c.id, m);
        }
        if (c.currentLimitA >= CHARGE_CURRENT_MAX_A && c.w > 0) m.fullW = Math.max(m.fullW ?? 0, c.w);
        if (now - m.lastAppliedAt < SETTLE_MS) continue;

        const action = decide(c, plan, m, state, now);
        m.decided = true;
        if (!action) continue;
        m.hold = null;
        m.lastAppliedAt = now;
        actions.push(action);
      }
      for (const id of memory.keys()) if (!seen.has(id)) memory.delete(id);
      return actions;
    },
  };

  function decide(
    c: ChargerState,
    plan: NonNullable<ChargerState['session']>,
    m: ChargerMemory,
    state: SiteState,
    now: number,
  ): ControlAction | null {
    const limit = c.currentLimitA!;
    const set = (
      amps: number,
      reason: string,
      values: Record<string, number | string | null> = {},
    ): ControlAction | null => {
      if (amps === limit) return null;
      // Asked already and not there (another controller caps it, see arbiter.ts): ask again only once a minute.
      if (m.asked?.amps === amps && now - m.asked.at < REPEAT_MS) return null;
      m.asked = { amps, at: now };
      return {
        kind: 'charger.current',
        deviceId: c.id,
        amps,
        reason,
        values: { sessionId: plan.sessionId, mode: plan.mode, ...values },
      };
    };

    if (plan.mode === 'fast')
      return set(CHARGE_CURRENT_MAX_A, 'fast charging: full current', { code: 'chg.fast' });

    const energyWh = c.sessionEnergyWh ?? 0;
    const g = plan.guarantee;
    if (g && energyWh < g.energyWh) {
      const missingWh = g.energyWh - energyWh;
      const fullW = fullPowerW(c, m);
      const needMs =
        (missingWh / fullW) * 3_600_000 * (1 + settings.guaranteeMarginPct / 100) + GUARANTEE_SLACK_MS;
      if (m.forced || now + needMs >= g.byMs) {
        const first = !m.forced;
        m.forced = true;
        return set(
          CHARGE_CURRENT_MAX_A,
          first
            ? `guarantee: ${Math.round(missingWh)} Wh${kmText(c, missingWh)} still missing by ${new Date(g.byMs).toISOString()}, about ${Math.round(needMs / 60_000)} min at full power: charge at full current until it is in`
            : `guarantee: ${Math.round(missingWh)} Wh${kmText(c, missingWh)} still missing: full current`,
          {
            code: first ? 'chg.guarantee' : 'chg.guaranteeHold',
            missingWh: Math.round(missingWh),
            km: kmOf(c, missingWh),
            fullW: Math.round(fullW),
            byMs: g.byMs,
            needMin: Math.round(needMs / 60_000),
          },
        );
      }
    } else if (m.forced) {
      // the guaranteed energy is in: back to the sun (at once, not after a hold)
      m.forced = false;
      m.decided = false;
    }

    const surplus = solarSurplusW(state, c);
    if (surplus === null) return null; // no meter reading: hold what we have
    const share = plan.gridSharePct / 100;
    const allowedW = share >= 1 ? Number.POSITIVE_INFINITY : Math.max(0, surplus) / (1 - share);
    const phases = c.phases && c.phases > 0 ? c.phases : 1;
    const raw = ampsFor(Math.min(allowedW, CHARGE_CURRENT_MAX_A * NOMINAL_VOLTS * phases), phases);
    const desired = raw >= CHARGE_CURRENT_MIN_A ? Math.min(raw, CHARGE_CURRENT_MAX_A) : 0;
    const values = { surplusW: Math.round(surplus), gridSharePct: plan.gridSharePct, desiredA: desired };
    const reasonFor = (amps: number) =>
      amps === 0
        ? `smart: solar surplus ${Math.round(surplus)} W is below the ${CHARGE_CURRENT_MIN_A} A minimum with ${plan.gridSharePct} % from the grid allowed: pause`
        : `smart: solar surplus ${Math.round(surplus)} W with ${plan.gridSharePct} % from the grid allowed: ${amps} A`;

    // The first decision of a session is taken at once (a smart start at night must not draw a minute of grid).
    const codeFor = (amps: number) => ({ ...values, code: amps === 0 ? 'chg.pause' : 'chg.smart' });
    if (!m.decided) return set(desired, reasonFor(desired), codeFor(desired));

    // Every change waits for its hold: changing the current by an amp is harmless, pausing less so (pauseHoldS).
    const side = Math.sign(desired - limit);
    if (side === 0) {
      m.hold = null;
      return null;
    }
    if (!m.hold || m.hold.side !== side) m.hold = { side, since: now, amps: desired };
    // Going down, go only as far as the whole hold requires; going up, only as far as the whole hold allows.
    else m.hold.amps = side < 0 ? Math.max(m.hold.amps, desired) : Math.min(m.hold.amps, desired);
    const wait = m.hold.amps === 0 ? settings.pauseHoldS * 1000 : holdMs;
    if (now - m.hold.since < wait) return null;
    return set(m.hold.amps, reasonFor(m.hold.amps), codeFor(m.hold.amps));
  }
}
