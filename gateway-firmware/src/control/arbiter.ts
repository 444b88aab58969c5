import { CHARGE_CURRENT_MAX_A } from '../devices/ilu/ilu-register-map';
import type { ControlAction } from './controller';
import type { SiteState } from './site-state';

/**
 * Who wins a device when several controllers want it (decision 050).
 *
 * A request is a **wish** (set the battery to P W, the charger to A amps) or a **ceiling** (`ceiling: true`: at
 * most P W / A amps). Of the wishes, the highest-priority controller's counts:
 *
 * 1. `maintenance` — the battery's health (a full charge at least every 14 days);
 * 2. `chargeTimers` — the owner's own timers;
 * 3. `dynamicCharging` — the cheapest hours;
 * 4. `charging` (fast and smart sessions), `solarBoiler`, then controllers this list does not name;
 * 5. requests marked `fallback` (peak shaving keeping its reserve when nobody else steers the battery);
 * 6. nothing: the battery's own self-consumption control (`battery.auto`).
 *
 * Ceilings apply on top of whichever wish wins: `peakShaving` caps the battery's power (a charge is cut, or the
 * battery made to discharge, so the quarter-hour stays under the threshold — whatever else was planned), and
 * `loadBalancing` caps each charger's current. When a ceiling is lifted, the wish under it applies again at once.
 * Boiler switching and charger start/stop are not contended and pass through.
 */
export const CONTROLLER_PRIORITY: readonly string[] = [
  'peakShaving',
  'maintenance',
  'chargeTimers',
  'dynamicCharging',
  'charging',
  'solarBoiler',
];

const FALLBACK_RANK = -1;

export function controllerRank(controller: string): number {
  const i = CONTROLLER_PRIORITY.indexOf(controller);
  return i < 0 ? 0 : CONTROLLER_PRIORITY.length - i;
}

export interface Submission {
  controller: string;
  action: ControlAction;
}

/** What the loop writes to a device, on whose behalf, and whether it is published as a decision. */
export interface Write extends Submission {
  publish: boolean;
}

type Setpoint = Extract<ControlAction, { kind: 'battery.setpoint' }>;
type Current = Extract<ControlAction, { kind: 'charger.current' }>;

interface Standing<A> {
  rank: number;
  seq: number;
  action: A;
}

interface Requests<A> {
  wishes: Map<string, Standing<A>>;
  ceilings: Map<string, A>;
}

function top<A>(wishes: Map<string, Standing<A>>): [string, Standing<A>] | null {
  let best: [string, Standing<A>] | null = null;
  for (const entry of wishes) {
    const r = entry[1];
    // equal ranks (controllers the list does not name): the later request wins, as the loop did before
    if (!best || r.rank > best[1].rank || (r.rank === best[1].rank && r.seq > best[1].seq)) best = entry;
  }
  return best;
}

function lowest<A extends { watts: number } | { amps: number }>(
  ceilings: Map<string, A>,
): [string, A] | null {
  let best: [string, A] | null = null;
  const v = (a: A) => ('watts' in a ? a.watts : a.amps);
  for (const entry of ceilings) if (!best || v(entry[1]) < v(best[1])) best = entry;
  return best;
}

/**
 * Decides, per device and per cycle, what reaches the device. Controllers send actions only when they change
 * their mind, so the arbiter keeps each controller's standing request: when a ceiling lifts or a higher wish lets
 * go, the request underneath applies again without waiting for its controller to repeat itself.
 */
export class DeviceArbiter {
  private readonly battery = new Map<string, Requests<Setpoint>>();
  /** What the battery was last set to (null: its own control) and on whose behalf. */
  private readonly batteryState = new Map<string, { watts: number | null; controller: string }>();
  private readonly charger = new Map<string, Requests<Current>>();
  /** The limit a charger had before a ceiling first bound it with nobody asking otherwise: restored after. */
  private readonly uncapped = new Map<string, number>();
  private readonly dirty = new Set<string>();
  private seq = 0;

  constructor(private readonly rankOf: (controller: string) => number = controllerRank) {}

  /** The controllers were rebuilt: their requests go; a battery one of them held is handed back unless claimed again. */
  reset(): void {
    for (const [d, s] of this.batteryState) if (s.watts !== null) this.dirty.add(d);
    this.battery.clear();
    this.charger.clear();
  }

  /** Who steers each battery now (absent: its own control), for support and tests. */
  holders(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [d, s] of this.batteryState) if (s.watts !== null) out.set(d, s.controller);
    return out;
  }

  /** The writes for one cycle's submissions: batteries, chargers, then the rest as submitted. */
  resolve(submissions: readonly Submission[], state: SiteState): Write[] {
    const writes: Write[] = [];
    const battery = new Map<string, Submission[]>();
    const charger = new Map<string, Submission[]>();
    const passThrough: Submission[] = [];
    for (const s of submissions) {
      const k = s.action.kind;
      if (k === 'battery.setpoint' || k === 'battery.auto') push(battery, s.action.deviceId, s);
      else if (k === 'charger.current') push(charger, s.action.deviceId, s);
      else passThrough.push(s);
    }
    for (const d of this.dirty) if (!battery.has(d)) battery.set(d, []);
    this.dirty.clear();
    for (const [deviceId, subs] of battery) this.resolveBattery(deviceId, subs, writes);

    for (const c of state.chargers) {
      if (c.sessionActive) continue;
      // a wish belongs to a session: the next session's controller decides afresh
      this.charger.get(c.id)?.wishes.clear();
      this.uncapped.delete(c.id);
    }
    for (const [deviceId, subs] of charger) {
      const present = state.chargers.find((c) => c.id === deviceId)?.currentLimitA ?? null;
      this.resolveCharger(deviceId, subs, present, writes);
    }
    for (const s of passThrough) writes.push({ ...s, publish: !s.action.quiet });
    return writes;
  }

  private requests<A>(map: Map<string, Requests<A>>, deviceId: string): Requests<A> {
    let r = map.get(deviceId);
    if (!r) {
      r = { wishes: new Map(), ceilings: new Map() };
      map.set(deviceId, r);
    }
    return r;
  }

  private resolveBattery(deviceId: string, subs: Submission[], writes: Write[]): void {
    const req = this.requests(this.battery, deviceId);
    const released: Submission[] = [];
    for (const s of subs) {
      req.wishes.delete(s.controller);
      req.ceilings.delete(s.controller);
      if (s.action.kind !== 'battery.setpoint') {
        released.push(s);
        continue;
      }
      if (s.action.ceiling) req.ceilings.set(s.controller, s.action);
      else {
        const rank = s.action.fallback ? FALLBACK_RANK : this.rankOf(s.controller);
        req.wishes.set(s.controller, { rank, seq: this.seq++, action: s.action });
      }
    }
    const wish = top(req.wishes);
    const ceiling = lowest(req.ceilings);
    const last = this.batteryState.get(deviceId) ?? { watts: null, controller: '' };

    // what the battery should do now, and on whose behalf
    let watts: number | null;
    let by: string;
    let action: ControlAction;
    if (wish && (!ceiling || wish[1].action.watts <= ceiling[1].watts)) {
      [by, { action }] = wish;
      watts = wish[1].action.watts;
    } else if (ceiling && (wish || ceiling[1].watts < 0)) {
      [by, action] = ceiling;
      watts = ceiling[1].watts;
      if (wish)
        action = {
          ...ceiling[1],
          reason: `${ceiling[1].reason} (${wish[0]} asked ${wish[1].action.watts} W)`,
        };
    } else {
      // nobody wants the battery (or only a ceiling it keeps under on its own): its own control
      watts = null;
      const release = released.find((s) => s.controller === last.controller) ?? released.at(-1);
      if (last.watts === null) {
        // already on its own control: a release passes through as it always did (a timer that ended), unless it
        // is the one that put it there
        if (release && release.controller !== last.controller)
          writes.push({ ...release, publish: !release.action.quiet });
        if (release) this.batteryState.set(deviceId, { watts: null, controller: release.controller });
        return;
      }
      if (release) {
        by = release.controller;
        action = release.action;
      } else if (ceiling) {
        by = ceiling[0];
        action = {
          kind: 'battery.auto',
          deviceId,
          reason: `${ceiling[1].reason}: the battery stays under that on its own control`,
          ...(ceiling[1].values ? { values: ceiling[1].values } : {}),
        };
      } else {
        by = last.controller;
        action = {
          kind: 'battery.auto',
          deviceId,
          reason: `${last.controller} no longer steers the battery: back on its own control`,
        };
      }
    }
    const own = subs.some(
      (s) => s.controller === by && s.action.kind === (watts === null ? 'battery.auto' : 'battery.setpoint'),
    );
    const changed = watts !== last.watts;
    if (!changed && !own) return;
    this.batteryState.set(deviceId, { watts, controller: by });
    if (watts !== null && action.kind === 'battery.setpoint') {
      const resumed = !own && changed;
      const why =
        released.length > 0
          ? `${released.at(-1)!.controller}: ${released.at(-1)!.action.reason}`
          : 'a request above it changed';
      writes.push({
        controller: by,
        action: {
          ...action,
          watts,
          ...(resumed ? { reason: `${action.reason} (resumed — ${why})`, quiet: false } : {}),
        },
        publish: resumed || !action.quiet,
      });
      return;
    }
    writes.push({ controller: by, action, publish: !action.quiet });
  }

  private resolveCharger(
    deviceId: string,
    subs: Submission[],
    present: number | null,
    writes: Write[],
  ): void {
    const req = this.requests(this.charger, deviceId);
    for (const s of subs) {
      const a = s.action as Current;
      if (a.ceiling) req.ceilings.set(s.controller, a);
      else req.wishes.set(s.controller, { rank: this.rankOf(s.controller), seq: this.seq++, action: a });
    }
    const cap = lowest(req.ceilings);
    const wish = top(req.wishes);
    if (cap && !wish && present !== null && cap[1].amps < present && !this.uncapped.has(deviceId)) {
      this.uncapped.set(deviceId, present);
    }
    const base = wish?.[1].action.amps ?? this.uncapped.get(deviceId) ?? present ?? CHARGE_CURRENT_MAX_A;
    if (!cap || cap[1].amps >= base) this.uncapped.delete(deviceId);
    const effective = cap ? Math.min(base, cap[1].amps) : base;
    if (effective === present) return;

    if (cap && cap[1].amps < base) {
      const [name, action] = cap;
      const asked = wish ? `; ${wish[0]} asks ${wish[1].action.amps} A` : '';
      writes.push({
        controller: name,
        action: { ...action, amps: effective, reason: `${action.reason}${asked}` },
        publish: true,
      });
      return;
    }
    if (wish) {
      const [name, standing] = wish;
      const own = subs.filter((s) => s.controller === name).at(-1);
      if (own) {
        writes.push({ controller: name, action: own.action, publish: !own.action.quiet });
        return;
      }
      writes.push({
        controller: cap?.[0] ?? name,
        action: {
          ...standing.action,
          amps: effective,
          reason: `room again under the limit: back to the ${effective} A ${name} asks`,
          quiet: false,
        },
        publish: true,
      });
      return;
    }
    const last = cap?.[1] ?? (subs.at(-1)?.action as Current | undefined);
    if (!last) return;
    writes.push({
      controller: cap?.[0] ?? subs.at(-1)!.controller,
      action: { ...last, amps: effective, reason: `room again under the limit: back to ${effective} A` },
      publish: true,
    });
  }
}

function push(map: Map<string, Submission[]>, key: string, s: Submission): void {
  const list = map.get(key);
  if (list) list.push(s);
  else map.set(key, [s]);
}
