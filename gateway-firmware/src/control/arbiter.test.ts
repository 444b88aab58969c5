import { describe, expect, it } from 'vitest';
import { controllerRank, DeviceArbiter, type Submission } from './arbiter';
import type { ControlAction } from './controller';
import type { ChargerState, SiteState } from './site-state';

const setpoint = (watts: number, extra: Partial<ControlAction> = {}): ControlAction =>
  ({ kind: 'battery.setpoint', deviceId: 'bat1', watts, reason: `set ${watts}`, ...extra }) as ControlAction;
const auto = (reason = 'let go'): ControlAction => ({ kind: 'battery.auto', deviceId: 'bat1', reason });
const amps = (a: number, extra: Partial<ControlAction> = {}): ControlAction =>
  ({
    kind: 'charger.current',
    deviceId: 'charger1',
    amps: a,
    reason: `to ${a} A`,
    ...extra,
  }) as ControlAction;

function charger(currentLimitA: number, sessionActive = true): ChargerState {
  return {
    id: 'charger1',
    online: true,
    status: 'Laden',
    w: 0,
    sessionActive,
    carConnected: true,
    currentLimitA,
    phases: 1,
    sessionEnergyWh: 0,
    session: null,
  };
}

function site(chargers: ChargerState[] = []): SiteState {
  return { at: 0, grid: null, pvW: null, batteries: [], chargers, heaters: [] };
}

const sub = (controller: string, action: ControlAction): Submission => ({ controller, action });
const watts = (w: { action: ControlAction }) =>
  w.action.kind === 'battery.setpoint' ? w.action.watts : w.action.kind;

describe('DeviceArbiter: batteries', () => {
  it('passes a lone controller through, renewals applied but not published', () => {
    const a = new DeviceArbiter();
    const w1 = a.resolve([sub('chargeTimers', setpoint(2000))], site());
    expect(w1).toMatchObject([{ controller: 'chargeTimers', publish: true }]);
    const w2 = a.resolve([sub('chargeTimers', setpoint(2000, { quiet: true }))], site());
    expect(w2).toMatchObject([{ controller: 'chargeTimers', publish: false }]);
    const w3 = a.resolve([sub('chargeTimers', auto())], site());
    expect(w3.map(watts)).toEqual(['battery.auto']);
    expect(a.holders().size).toBe(0);
  });

  it('ranks wishes: maintenance over timers over dynamic charging, and resumes the next when one lets go', () => {
    expect(controllerRank('maintenance')).toBeGreaterThan(controllerRank('chargeTimers'));
    expect(controllerRank('chargeTimers')).toBeGreaterThan(controllerRank('dynamicCharging'));
    const a = new DeviceArbiter();
    a.resolve([sub('dynamicCharging', setpoint(3000))], site());
    const w = a.resolve([sub('maintenance', setpoint(5000))], site());
    expect(w.map((x) => [x.controller, watts(x)])).toEqual([['maintenance', 5000]]);
    // dynamic charging changes its mind while maintenance holds: nothing reaches the battery
    expect(a.resolve([sub('dynamicCharging', setpoint(2500))], site())).toEqual([]);
    const back = a.resolve([sub('maintenance', auto('maintenance done'))], site());
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ controller: 'dynamicCharging', publish: true });
    expect(watts(back[0]!)).toBe(2500);
    expect(back[0]!.action.reason).toContain('resumed — maintenance: maintenance done');
  });

  it("applies peak shaving's ceiling on top of a charge, and lifts it without waiting for the charge to repeat", () => {
    const a = new DeviceArbiter();
    a.resolve([sub('dynamicCharging', setpoint(3500))], site());
    const cut = a.resolve(
      [sub('peakShaving', setpoint(1200, { ceiling: true, reason: 'quarter heading over' }))],
      site(),
    );
    expect(cut.map((x) => [x.controller, watts(x)])).toEqual([['peakShaving', 1200]]);
    expect(cut[0]!.action.reason).toContain('dynamicCharging asked 3500 W');
    // a looser ceiling still under the wish: the battery follows it
    expect(a.resolve([sub('peakShaving', setpoint(2000, { ceiling: true }))], site()).map(watts)).toEqual([
      2000,
    ]);
    // a ceiling above the wish no longer binds: the wish applies again
    expect(
      a
        .resolve([sub('peakShaving', setpoint(4000, { ceiling: true }))], site())
        .map((x) => [x.controller, watts(x)]),
    ).toEqual([['dynamicCharging', 3500]]);
  });

  it('makes an idle battery discharge for a negative ceiling, and hands it back when the ceiling is not needed', () => {
    const a = new DeviceArbiter();
    expect(a.resolve([sub('peakShaving', setpoint(-2500, { ceiling: true }))], site()).map(watts)).toEqual([
      -2500,
    ]);
    expect(a.holders().get('bat1')).toBe('peakShaving');
    const loose = a.resolve(
      [sub('peakShaving', setpoint(300, { ceiling: true, values: { code: 'peak.update' } }))],
      site(),
    );
    expect(loose.map(watts)).toEqual(['battery.auto']);
    expect(loose[0]!.action.values?.code).toBe('peak.update');
    // its explicit release afterwards adds nothing
    expect(a.resolve([sub('peakShaving', auto())], site())).toEqual([]);
  });

  it('lets a fallback request hold only while nobody else steers the battery', () => {
    const a = new DeviceArbiter();
    a.resolve([sub('peakShaving', setpoint(0, { fallback: true, reason: 'reserve kept' }))], site());
    const timer = a.resolve([sub('chargeTimers', setpoint(1500))], site());
    expect(timer.map((x) => [x.controller, watts(x)])).toEqual([['chargeTimers', 1500]]);
    const after = a.resolve([sub('chargeTimers', auto('timer ended'))], site());
    expect(after.map((x) => [x.controller, watts(x)])).toEqual([['peakShaving', 0]]);
  });

  it('hands a battery back after a reconfiguration unless a controller claims it again', () => {
    const a = new DeviceArbiter();
    a.resolve([sub('dynamicCharging', setpoint(3000))], site());
    a.reset();
    const w = a.resolve([], site());
    expect(w.map((x) => [x.controller, watts(x)])).toEqual([['dynamicCharging', 'battery.auto']]);

    const b = new DeviceArbiter();
    b.resolve([sub('dynamicCharging', setpoint(3000))], site());
    b.reset();
    // the rebuilt controller asks again in the first cycle: no hand-back in between
    expect(b.resolve([sub('dynamicCharging', setpoint(3000))], site()).map(watts)).toEqual([3000]);
  });
});

describe('DeviceArbiter: chargers', () => {
  it("keeps the session controller's wish under load balancing's ceiling and raises to it again", () => {
    const a = new DeviceArbiter();
    expect(a.resolve([sub('charging', amps(32))], site([charger(16)])).map((w) => w.action)).toMatchObject([
      { amps: 32 },
    ]);
    const low = a.resolve(
      [sub('loadBalancing', amps(10, { ceiling: true, reason: 'L1 at 26 A' }))],
      site([charger(32)]),
    );
    expect(low).toMatchObject([{ controller: 'loadBalancing', action: { amps: 10 } }]);
    expect(low[0]!.action.reason).toContain('charging asks 32 A');
    // the session controller insists on 32 A: it stays at 10 A, silently
    expect(a.resolve([sub('charging', amps(32))], site([charger(10)]))).toEqual([]);
    const up = a.resolve([sub('loadBalancing', amps(32, { ceiling: true }))], site([charger(10)]));
    expect(up).toMatchObject([{ controller: 'loadBalancing', action: { amps: 32 } }]);
    expect(up[0]!.action.reason).toContain('back to the 32 A charging asks');
  });

  it('restores the limit a charger had before the ceiling when nobody else asks anything', () => {
    const a = new DeviceArbiter();
    expect(
      a.resolve([sub('loadBalancing', amps(8, { ceiling: true }))], site([charger(16)])).map((w) => w.action),
    ).toMatchObject([{ amps: 8 }]);
    expect(
      a.resolve([sub('loadBalancing', amps(32, { ceiling: true }))], site([charger(8)])).map((w) => w.action),
    ).toMatchObject([{ amps: 16 }]);
  });

  it("forgets a session's wish when the session ends", () => {
    const a = new DeviceArbiter();
    a.resolve([sub('charging', amps(0))], site([charger(16)]));
    a.resolve([], site([charger(0, false)]));
    // a new session: the ceiling alone decides until the session controller speaks
    expect(
      a
        .resolve([sub('loadBalancing', amps(12, { ceiling: true }))], site([charger(16)]))
        .map((w) => w.action),
    ).toMatchObject([{ amps: 12 }]);
  });
});
