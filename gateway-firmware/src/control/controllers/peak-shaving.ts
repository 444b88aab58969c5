import { type PeakShavingSettings, peakShavingControllerSchema, QUARTER_MS } from '@ilumen/mqtt-contract';
import type { EventBody } from '../../runtime/event-sink';
import type { ControlAction, Controller } from '../controller';
import type { BatteryState, GridState, SiteState } from '../site-state';
import { QuarterTracker } from './peak-shaving-quarter';

export const peakShavingSettingsSchema = peakShavingControllerSchema;
export type { PeakShavingSettings };

/** A shaving setpoint falls back to the battery's own control this long after the gateway's last write (s). */
export const SHAVE_REVERT_S = 120;
/** …so it is renewed this often while it holds (clock ms), without publishing a decision each time. */
const REASSERT_MS = 60_000;
/** Start shaving when the import is this much over the target (W)… */
const ENGAGE_OVER_W = 100;
/** …discharge more when the target asks at least this much more (W; at once)… */
const DEADBAND_W = 200;
/** …and ease off only for this much less (W), at most this often (clock ms). */
const EASE_BAND_W = 400;
const EASE_EVERY_MS = 60_000;
/** Let go when the batteries stay this far under the ceiling… */
const RELEASE_MARGIN_W = 300;
/** …for this long (clock ms). */
const RELEASE_AFTER_MS = 30_000;
/** A battery that delivers this much less than asked for this long is at its limit. */
const SHORTFALL_W = 300;
const SHORTFALL_MS = 5_000;
/** While holding the reserve, follow the solar surplus in steps of this much, at most this often. */
const SOLAR_BAND_W = 300;
const SOLAR_EVERY_MS = 60_000;
/** Leave the reserve hold this far above the reserve (hysteresis, %). */
const RESERVE_HYSTERESIS_PCT = 2;
/** Under this SoC a battery counts as empty (its own minimum lies around 5 %). */
const EMPTY_PCT = 6;

type Mode = 'idle' | 'shave' | 'hold';

interface BatteryMemory {
  mode: Mode;
  setpointW: number;
  sentAt: number;
  /** Since when the battery delivers less than asked, or null. */
  shortSince: number | null;
}

interface QuarterNotes {
  /** Highest prediction of the quarter's average, W. */
  predictedW: number;
  shaved: boolean;
  /** The batteries could not give what was asked (at their maximum power or empty). */
  limited: boolean;
  empty: boolean;
  lowestSocPct: number | null;
  /** Most the batteries delivered together while shaving, W (discharge positive). */
  deliveredW: number;
  noBattery: boolean;
}

const kw = (w: number) => `${(w / 1000).toFixed(2)} kW`;
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * Peak shaving for the capacity tariff ("Piektarief", manual "Peakshaving"): keeps every quarter-hour's average
 * import at or under `thresholdW` by discharging the battery.
 *
 * Each cycle it knows the energy imported so far this quarter (the meter's running average `1-0:1.4.0` and its own
 * integration of the telegrams, whichever is higher), predicts where the quarter ends if the import stays as it is
 * now, and — when that is over the threshold minus a margin — asks the battery for exactly the power that brings the
 * rest of the quarter on budget: setpoint = target import − (import without the battery). It lets go once the home
 * stays comfortably under that target without the battery.
 *
 * Below `reservePct` the battery is kept for peaks: when it discharges there on its own (self-consumption), a
 * `fallback` request holds it (charging from solar surplus only) — fallback, so a timer or a cheap-hour charge still
 * wins. A quarter that ends over the threshold anyway is reported with why (a `control.decision` notice).
 */
export function createPeakShaving(settings: PeakShavingSettings): Controller {
  const memory = new Map<string, BatteryMemory>();
  const quarter = new QuarterTracker();
  const events: EventBody[] = [];
  let notes = freshNotes();
  let notesQuarter = Number.NaN;
  let calmSince: number | null = null;
  const budgetW = settings.thresholdW - settings.marginW;

  function usable(state: SiteState): BatteryState[] {
    return state.batteries.filter(
      (b) =>
        b.online &&
        b.socPct !== null &&
        (settings.batteryIds === undefined || settings.batteryIds.includes(b.id)),
    );
  }

  function mem(id: string): BatteryMemory {
    let m = memory.get(id);
    if (!m) {
      m = { mode: 'idle', setpointW: 0, sentAt: Number.NEGATIVE_INFINITY, shortSince: null };
      memory.set(id, m);
    }
    return m;
  }

  function closeQuarter(start: number, averageW: number | null, covered: boolean): void {
    if (averageW === null || averageW <= settings.thresholdW) return;
    let cause: string;
    let why: string;
    if (!covered) {
      cause = 'no-meter';
      why = 'the gateway did not see the whole quarter (no meter readings for part of it)';
    } else if (notes.noBattery) {
      cause = 'no-battery';
      why = 'no battery was available';
    } else if (notes.empty) {
      cause = 'battery-empty';
      why = `the battery was empty (${notes.lowestSocPct ?? '?'} %)`;
    } else if (notes.limited) {
      cause = 'battery-limit';
      why = `the battery gave all it could (${Math.round(notes.deliveredW)} W)`;
    } else if (!notes.shaved) {
      cause = 'too-late';
      why = 'the import rose too late in the quarter to correct';
    } else {
      cause = 'too-late';
      why = 'the battery could not make up for the last minutes';
    }
    events.push({
      type: 'control.decision',
      controller: 'peakShaving',
      action: 'peak.exceeded',
      reason: `quarter ${hhmm(start)}–${hhmm(start + QUARTER_MS)} UTC ended at ${kw(averageW)}, over the ${kw(settings.thresholdW)} threshold: ${why}`,
      values: {
        code: 'peak.exceeded',
        cause,
        quarterStart: new Date(start).toISOString(),
        averageW: Math.round(averageW),
        thresholdW: settings.thresholdW,
        lowestSocPct: notes.lowestSocPct,
        deliveredW: Math.round(notes.deliveredW),
      },
    });
  }

  function send(
    b: BatteryState,
    m: BatteryMemory,
    watts: number,
    now: number,
    reason: string,
    values: Record<string, number | string | null>,
    options: { fallback?: boolean; quiet?: boolean; ceiling?: boolean } = {},
  ): ControlAction {
    m.setpointW = watts;
    m.sentAt = now;
    return {
      kind: 'battery.setpoint',
      deviceId: b.id,
      watts,
      revertSeconds: SHAVE_REVERT_S,
      reason,
      values: { ...values, socPct: b.socPct, batteryW: b.w },
      ...(options.fallback ? { fallback: true } : {}),
      ...(options.ceiling ? { ceiling: true } : {}),
      ...(options.quiet ? { quiet: true } : {}),
    };
  }

  function release(b: BatteryState, m: BatteryMemory, reason: string, code: string): ControlAction {
    m.mode = 'idle';
    m.shortSince = null;
    return {
      kind: 'battery.auto',
      deviceId: b.id,
      reason,
      values: { code, socPct: b.socPct, batteryW: b.w, thresholdW: settings.thresholdW },
    };
  }

  function shave(grid: GridState, batteries: BatteryState[], now: number): ControlAction[] {
    const q = quarter.at(grid);
    const actions: ControlAction[] = [];
    const batteryW = batteries.reduce((s, b) => s + b.w, 0);
    // what the home takes from (or gives to) the grid without the battery
    const homeW = grid.netW - batteryW;
    const remainingMs = Math.max(1000, q.end - grid.at);
    // the energy the rest of the quarter may still take, spread over the time left: the import to aim for
    const budgetWh = (budgetW * QUARTER_MS) / 3_600_000;
    const targetW = Math.max(0, (budgetWh - q.energyWh) / (remainingMs / 3_600_000));
    const homePredictedW = (q.energyWh + (Math.max(0, homeW) * remainingMs) / 3_600_000) * 4;
    notes.predictedW = Math.max(notes.predictedW, homePredictedW);
    for (const b of batteries) notes.lowestSocPct = minOrNull(notes.lowestSocPct, b.socPct);
    const shaving = batteries.filter((b) => mem(b.id).mode === 'shave');
    const values = {
      predictedW: Math.round(homePredictedW),
      targetW: Math.round(targetW),
      thresholdW: settings.thresholdW,
      quarterEnergyWh: Math.round(q.energyWh),
      homeW: Math.round(homeW),
    };

    if (shaving.length === 0) {
      // engage: at the present import the quarter would end over budget
      if (grid.importW <= targetW + ENGAGE_OVER_W) return actions;
      if (batteries.length === 0) {
        notes.noBattery = true;
        return actions;
      }
      notes.shaved = true;
      calmSince = null;
      const each = Math.round((targetW - homeW) / batteries.length);
      for (const b of batteries) {
        const m = mem(b.id);
        m.mode = 'shave';
        m.shortSince = null;
        actions.push(
          send(
            b,
            m,
            each,
            now,
            `the home takes ${kw(homeW)} and the quarter is heading for ${kw(homePredictedW)}, over the ${kw(settings.thresholdW)} threshold: ${each < 0 ? `discharge at least ${-each} W` : `charge at most ${each} W`}`,
            { ...values, code: 'peak.shave' },
            { ceiling: true },
          ),
        );
      }
      return actions;
    }

    // shaving: follow the target; let go once the home stays well under it without the battery
    notes.shaved = true;
    notes.deliveredW = Math.max(notes.deliveredW, -shaving.reduce((s, b) => s + b.w, 0));
    // calm: the ceiling no longer binds — every shaving battery stays well under it (on its own or for another
    // controller), so letting go changes nothing
    const each = Math.round((targetW - homeW) / shaving.length);
    if (shaving.every((b) => b.w <= Math.min(each, mem(b.id).setpointW) - RELEASE_MARGIN_W))
      calmSince ??= now;
    else calmSince = null;
    for (const b of shaving) {
      const m = mem(b.id);
      trackShortfall(b, m, now);
      if (calmSince !== null && now - calmSince >= RELEASE_AFTER_MS) {
        if (b.socPct !== null && b.socPct <= settings.reservePct) {
          m.mode = 'hold';
          actions.push(
            send(
              b,
              m,
              0,
              now,
              `peak over; the battery (${b.socPct} %) stays at the ${settings.reservePct} % reserve kept for peaks`,
              { code: 'peak.reserve', reservePct: settings.reservePct },
              { fallback: true },
            ),
          );
        } else {
          actions.push(
            release(
              b,
              m,
              `quarter back under the ${kw(settings.thresholdW)} threshold without the battery: back to its own control`,
              'peak.release',
            ),
          );
        }
        continue;
      }
      const text = `keeping the quarter under ${kw(settings.thresholdW)} (the home takes ${kw(homeW)}): ${each < 0 ? `discharge at least ${-each} W` : `charge at most ${each} W`}`;
      if (
        each < m.setpointW - DEADBAND_W ||
        (each > m.setpointW + EASE_BAND_W && now - m.sentAt >= EASE_EVERY_MS)
      ) {
        actions.push(send(b, m, each, now, text, { ...values, code: 'peak.update' }, { ceiling: true }));
      } else if (now - m.sentAt >= REASSERT_MS) {
        actions.push(
          send(
            b,
            m,
            m.setpointW,
            now,
            'peak shaving: setpoint renewed',
            { ...values, code: 'peak.update' },
            { quiet: true, ceiling: true },
          ),
        );
      }
    }
    return actions;
  }

  function trackShortfall(b: BatteryState, m: BatteryMemory, now: number): void {
    if (b.socPct !== null && b.socPct <= EMPTY_PCT && m.setpointW < 0) notes.empty = true;
    if (m.mode === 'shave' && b.w > m.setpointW + SHORTFALL_W) {
      m.shortSince ??= now;
      if (now - m.shortSince >= SHORTFALL_MS) notes.limited = true;
    } else {
      m.shortSince = null;
    }
  }

  function reserve(batteries: BatteryState[], grid: GridState | null, now: number): ControlAction[] {
    const actions: ControlAction[] = [];
    for (const b of batteries) {
      const m = mem(b.id);
      if (m.mode === 'shave' || b.socPct === null) continue;
      if (m.mode === 'idle' && b.socPct <= settings.reservePct && b.w < -50) {
        m.mode = 'hold';
        actions.push(
          send(
            b,
            m,
            0,
            now,
            `battery at ${b.socPct} %, the ${settings.reservePct} % reserve kept for peaks: no more discharging for the home`,
            { code: 'peak.reserve', reservePct: settings.reservePct },
            { fallback: true },
          ),
        );
      } else if (m.mode === 'hold') {
        if (b.socPct >= settings.reservePct + RESERVE_HYSTERESIS_PCT) {
          actions.push(
            release(
              b,
              m,
              `battery back at ${b.socPct} %, above the ${settings.reservePct} % reserve: back to its own control`,
              'peak.reserveRelease',
            ),
          );
          continue;
        }
        // held: soak up solar surplus, never discharge
        const surplusW = grid ? Math.max(0, Math.round(b.w - grid.netW)) : 0;
        if (Math.abs(surplusW - m.setpointW) >= SOLAR_BAND_W && now - m.sentAt >= SOLAR_EVERY_MS) {
          actions.push(
            send(
              b,
              m,
              surplusW,
              now,
              `reserve kept for peaks: charge with the solar surplus only (${surplusW} W)`,
              { code: 'peak.reserveSolar', reservePct: settings.reservePct },
              { fallback: true },
            ),
          );
        } else if (now - m.sentAt >= REASSERT_MS) {
          actions.push(
            send(
              b,
              m,
              m.setpointW,
              now,
              'reserve kept for peaks: setpoint renewed',
              { code: 'peak.reserve' },
              { fallback: true, quiet: true },
            ),
          );
        }
      }
    }
    return actions;
  }

  return {
    name: 'peakShaving',
    tick(state: SiteState, now: number): ControlAction[] {
      const batteries = usable(state);
      for (const b of state.batteries) {
        // a battery that went away (offline, no SoC) is the battery's own business again; its memory restarts
        if (!batteries.includes(b)) memory.delete(b.id);
      }
      const grid = state.grid;
      if (!grid) return reserve(batteries, null, now);
      const closed = quarter.observe(grid);
      if (closed) closeQuarter(closed.start, closed.averageW, closed.covered);
      const q = quarter.at(grid);
      if (q.start !== notesQuarter) {
        notesQuarter = q.start;
        notes = freshNotes();
        if (batteries.length === 0) notes.noBattery = true;
      }
      return [...shave(grid, batteries, now), ...reserve(batteries, grid, now)];
    },
    takeEvents(): EventBody[] {
      return events.splice(0);
    },
  };
}

function freshNotes(): QuarterNotes {
  return {
    predictedW: 0,
    shaved: false,
    limited: false,
    empty: false,
    lowestSocPct: null,
    deliveredW: 0,
    noBattery: false,
  };
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
