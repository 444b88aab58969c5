import { CHARGE_CURRENT_MAX_A, CHARGE_CURRENT_MIN_A } from '../../devices/ilu/ilu-register-map';

const VOLTS = 230;

export interface ShareCharger {
  id: string;
  /** What it draws now on each of the meter's phases, A. */
  phaseA: number[];
  /** Phases in use as the charger reports them (for a session that draws nothing yet). */
  phases: number | null;
  /** The limit it has now, A (0 = paused). */
  limitA: number | null;
  w: number;
}

export interface ShareInput {
  /** The meter's current per phase, A, + import / − export. */
  meterPhaseA: number[];
  /** The meter's net import, W. */
  netW: number;
  maxPhaseA?: number;
  maxImportW?: number;
  marginA: number;
  /** The charging sessions, in the order they keep when someone must pause (the last pauses first). */
  chargers: ShareCharger[];
}

export interface SharePlan {
  /** Ceiling per charger, A: 0 (pause) or 6–32. */
  caps: Map<string, number>;
  /** Chargers whose car takes less than it is offered: their ceiling is what they take (+2 A). */
  takesLess: Set<string>;
  /** The home's own load on its most loaded phase, A (the meter minus the chargers). */
  homeHighestA: number;
  /** The home's own net import, W. */
  homeW: number;
}

/**
 * Shares the room under the limits between charging sessions. The home's own load is the meter minus what the
 * chargers draw; the room per phase is the limit (less the margin) minus that. Water-filling: each session gets an
 * equal share of the phases it uses; a car that takes clearly less than it is offered keeps what it takes (+2 A)
 * and leaves the rest to the others. A share under 6 A cannot be offered: then the last session pauses and the
 * others share again.
 */
export function shareHeadroom(input: ShareInput): SharePlan {
  const n = input.meterPhaseA.length;
  const room = input.meterPhaseA.map((meter, i) => {
    const home = meter - input.chargers.reduce((s, c) => s + (c.phaseA[i] ?? 0), 0);
    return {
      home,
      free: input.maxPhaseA === undefined ? Number.POSITIVE_INFINITY : input.maxPhaseA - input.marginA - home,
    };
  });
  const homeW = input.netW - input.chargers.reduce((s, c) => s + c.w, 0);
  let freeW =
    input.maxImportW === undefined
      ? Number.POSITIVE_INFINITY
      : input.maxImportW - input.marginA * VOLTS * n - homeW;

  const sessions = input.chargers.map((c) => {
    let uses = c.phaseA.flatMap((a, i) => (a > 0.5 ? [i] : []));
    if (uses.length === 0)
      uses = Array.from({ length: Math.max(1, Math.min(n, c.phases ?? 1)) }, (_, i) => i);
    const drawA = Math.max(0, ...c.phaseA);
    // a car that leaves at least 1.5 A of its limit unused takes what it takes: it keeps that (+2 A, so the next
    // cycle sees the same) and the rest goes to the others
    const takesLess =
      c.limitA !== null && c.limitA >= CHARGE_CURRENT_MIN_A && drawA > 0.5 && drawA <= c.limitA - 1.5;
    return {
      c,
      uses,
      demand: takesLess
        ? Math.max(CHARGE_CURRENT_MIN_A, Math.min(CHARGE_CURRENT_MAX_A, Math.ceil(drawA) + 2))
        : CHARGE_CURRENT_MAX_A,
    };
  });
  const caps = new Map<string, number>();
  const takesLess = new Set<string>();
  const fair = (list: typeof sessions): number => {
    let a = Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const users = list.filter((s) => s.uses.includes(i)).length;
      if (users > 0) a = Math.min(a, room[i]!.free / users);
    }
    const wPerA = list.reduce((s, x) => s + VOLTS * x.uses.length, 0);
    if (wPerA > 0) a = Math.min(a, freeW / wPerA);
    return a;
  };
  let rest = [...sessions];
  for (;;) {
    const a = fair(rest);
    const satisfied = rest.filter((s) => s.demand <= a);
    if (satisfied.length === 0) break;
    for (const s of satisfied) {
      caps.set(s.c.id, s.demand);
      if (s.demand < CHARGE_CURRENT_MAX_A) takesLess.add(s.c.id);
      for (const i of s.uses) room[i]!.free -= s.demand;
      freeW -= s.demand * VOLTS * s.uses.length;
    }
    rest = rest.filter((s) => !satisfied.includes(s));
  }
  while (rest.length > 0) {
    const a = Math.floor(fair(rest));
    if (a >= CHARGE_CURRENT_MIN_A || rest.length === 1) {
      for (const s of rest)
        caps.set(s.c.id, a >= CHARGE_CURRENT_MIN_A ? Math.min(CHARGE_CURRENT_MAX_A, a) : 0);
      break;
    }
    caps.set(rest.pop()!.c.id, 0);
  }
  const homeHighestA = room.length > 0 ? Math.max(...room.map((r) => r.home)) : 0;
  return { caps, takesLess, homeHighestA, homeW };
}
