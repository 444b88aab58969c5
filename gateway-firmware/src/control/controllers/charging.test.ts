import { describe, expect, it } from 'vitest';
import type { ControlAction } from '../controller';
import type { ChargerSessionPlan, ChargerState, SiteState } from '../site-state';
import { ampsFor, chargingSettingsSchema, createCharging, NOMINAL_VOLTS, solarSurplusW } from './charging';

const t0 = Date.parse('2024-06-12T06:00:00Z'); // 08:00 in Brussels

function charger(over: Partial<ChargerState> = {}): ChargerState {
  return {
    id: 'charger1',
    online: true,
    status: 'Laden',
    w: 0,
    sessionActive: true,
    carConnected: true,
    currentLimitA: 16,
    phases: 3,
    sessionEnergyWh: 0,
    session: { sessionId: 's1', mode: 'smart', gridSharePct: 0, guarantee: null },
    ...over,
  };
}

function site(netW: number, c: ChargerState, batteryW = 0): SiteState {
  return {
    at: 0,
    grid: {
      netW,
      importW: Math.max(0, netW),
      exportW: Math.max(0, -netW),
      quarterAverageW: null,
      monthPeakW: null,
      maxPhaseCurrentA: null,
      at: 0,
    },
    pvW: null,
    batteries: batteryW === 0 ? [] : [{ id: 'bat1', online: true, status: 'Laden', w: batteryW, socPct: 50 }],
    chargers: [c],
    heaters: [],
  };
}

const settings = (over: object = {}) => chargingSettingsSchema.parse({ enabled: true, ...over });
const amps = (a: ControlAction[]) => (a[0]?.kind === 'charger.current' ? a[0].amps : undefined);

describe('solar surplus for a charger', () => {
  it('is what would be exported without this charger, counting battery charging but not discharging as sun', () => {
    const c = charger({ w: 4000 });
    expect(solarSurplusW(site(-1000, c), c)).toBe(5000);
    // battery charging 2 kW from the sun: the car may have it
    expect(solarSurplusW(site(0, c, 2000), c)).toBe(6000);
    // battery emptying 3 kW into the car: not sun
    expect(solarSurplusW(site(0, c, -3000), c)).toBe(1000);
    expect(solarSurplusW({ ...site(0, c), grid: null }, c)).toBeNull();
  });

  it('turns watts into whole amps per phase', () => {
    expect(ampsFor(4140, 3)).toBe(6);
    expect(ampsFor(4139, 3)).toBe(5);
    expect(ampsFor(NOMINAL_VOLTS * 16, 1)).toBe(16);
  });
});

describe('charging controller', () => {
  it('fast: full current at once', () => {
    const ctl = createCharging(settings());
    const c = charger({ session: { sessionId: 's1', mode: 'fast', gridSharePct: 100, guarantee: null } });
    const a = ctl.tick(site(500, c), t0);
    expect(a).toMatchObject([{ kind: 'charger.current', deviceId: 'charger1', amps: 32 }]);
    expect(ctl.tick(site(500, { ...c, currentLimitA: 32 }), t0 + 20_000)).toEqual([]);
  });

  it('smart at night with solar only: pauses at once, without a minute of grid', () => {
    const ctl = createCharging(settings());
    const a = ctl.tick(site(300, charger()), t0);
    expect(amps(a)).toBe(0);
    expect(a[0]!.reason).toMatch(/below the 6 A minimum/);
  });

  it('smart follows the surplus only after it has lasted the hold, and then as far as the whole hold allows', () => {
    const ctl = createCharging(settings({ holdS: 60 }));
    let c = charger({ currentLimitA: 0, w: 0 });
    expect(amps(ctl.tick(site(-500, c), t0))).toBeUndefined(); // first decision: 500 W is too little, already paused
    // 6 kW surplus, then 5 kW: after a minute the charger goes to what the whole minute allowed (5 kW → 7 A)
    expect(ctl.tick(site(-6000, c), t0 + 20_000)).toEqual([]);
    expect(ctl.tick(site(-5000, c), t0 + 50_000)).toEqual([]);
    const up = ctl.tick(site(-5500, c), t0 + 80_000);
    expect(amps(up)).toBe(ampsFor(5000, 3));
    c = { ...c, currentLimitA: 7, w: 7 * 3 * 230 };
    // a passing cloud shorter than the hold changes nothing
    expect(ctl.tick(site(4000, c), t0 + 100_000)).toEqual([]);
    expect(ctl.tick(site(-200, c), t0 + 130_000)).toEqual([]);
    expect(ctl.tick(site(0, c), t0 + 150_000)).toEqual([]);
  });

  it('pauses only after the longer pause hold, so the contactor does not flap with every cloud', () => {
    const ctl = createCharging(settings({ holdS: 60, pauseHoldS: 180 }));
    const c = charger({ currentLimitA: 8, w: 8 * 3 * 230 });
    ctl.tick(site(-8 * 3 * 230, c), t0); // first decision: 8 A stays
    expect(ctl.tick(site(4000, c), t0 + 20_000)).toEqual([]);
    expect(ctl.tick(site(4000, c), t0 + 120_000)).toEqual([]);
    expect(amps(ctl.tick(site(4000, c), t0 + 200_000))).toBe(0);
  });

  it('lets go of full current once the guaranteed energy is in', () => {
    const ctl = createCharging(settings());
    const plan: ChargerSessionPlan = {
      sessionId: 's1',
      mode: 'smart',
      gridSharePct: 0,
      guarantee: { energyWh: 5000, byMs: t0 + 30 * 60_000 },
    };
    expect(amps(ctl.tick(site(300, charger({ session: plan, sessionEnergyWh: 1000 })), t0))).toBe(32);
    // caught up a lot: still full until it is in
    expect(
      ctl.tick(
        site(300, charger({ session: plan, sessionEnergyWh: 4900, currentLimitA: 32, w: 11_000 })),
        t0 + 60_000,
      ),
    ).toEqual([]);
    const done = ctl.tick(
      site(11_000 - 5000, charger({ session: plan, sessionEnergyWh: 5000, currentLimitA: 32, w: 11_000 })),
      t0 + 120_000,
    );
    expect(amps(done)).toBe(ampsFor(5000, 3));
  });

  it('allows the grid share the ecological level gives: P ≤ S / (1 − share)', () => {
    const c = charger({ currentLimitA: 6, w: 0 });
    const half = createCharging(settings({ holdS: 0 }));
    // 3 kW surplus, half may come from the grid: 6 kW → 8 A on three phases
    expect(amps(half.tick(site(-3000, { ...c, session: { ...c.session!, gridSharePct: 50 } }), t0))).toBe(8);
    const none = createCharging(settings({ holdS: 0 }));
    expect(amps(none.tick(site(-3000, c), t0))).toBe(0); // 3 kW < 6 A × 3 × 230 V
    const all = createCharging(settings({ holdS: 0 }));
    expect(amps(all.tick(site(2000, { ...c, session: { ...c.session!, gridSharePct: 100 } }), t0))).toBe(32);
  });

  it('a smart session on one phase charges from 1.4 kW of surplus', () => {
    const ctl = createCharging(settings());
    expect(amps(ctl.tick(site(-1500, charger({ phases: 1, currentLimitA: 16 })), t0))).toBe(6);
  });

  it('holds still without a meter reading', () => {
    const ctl = createCharging(settings());
    expect(ctl.tick({ ...site(0, charger()), grid: null }, t0)).toEqual([]);
  });

  it('leaves chargers without an open session, or offline, alone', () => {
    const ctl = createCharging(settings());
    expect(ctl.tick(site(-8000, charger({ sessionActive: false, session: null })), t0)).toEqual([]);
    expect(ctl.tick(site(-8000, charger({ online: false })), t0)).toEqual([]);
  });

  /**
   * A day on a model of a home: PV following a clear-sky bell, 400 W of load, a car that takes up to 16 A on three
   * phases. Smart with solar only and 30 kWh guaranteed by 17:00: the sun goes first, the grid fills in late.
   */
  it('over a day: uses the sun first and still meets the guarantee', () => {
    const by = t0 + 9 * 3_600_000; // 17:00 local
    const plan: ChargerSessionPlan = {
      sessionId: 's1',
      mode: 'smart',
      gridSharePct: 0,
      guarantee: { energyWh: 30_000, byMs: by },
    };
    const ctl = createCharging(settings({ holdS: 60 }));
    const pvAt = (ms: number) => {
      const h = (ms - t0) / 3_600_000 + 8; // local hour
      return h < 6 || h > 21 ? 0 : 6000 * Math.sin(((h - 6) / 15) * Math.PI) ** 2;
    };
    let limit = 16;
    let energy = 0;
    let fromGrid = 0;
    let gridBeforeForced = 0;
    let forcedAt: number | null = null;
    let takeovers = 0;
    const stepMs = 10_000;
    for (let t = t0; t < by; t += stepMs) {
      const evW = limit >= 6 ? Math.min(limit, 16) * 3 * 230 : 0;
      const pv = pvAt(t);
      const net = 400 + evW - pv;
      const c = charger({ w: evW, currentLimitA: limit, sessionEnergyWh: Math.floor(energy), session: plan });
      for (const a of ctl.tick(site(net, c), t)) {
        if (a.kind !== 'charger.current') continue;
        limit = a.amps;
        if (a.reason.startsWith('guarantee') && forcedAt === null) forcedAt = t;
        if (a.reason.endsWith('until it is in')) takeovers++;
      }
      const wh = (evW * stepMs) / 3_600_000;
      const gridWh = (Math.max(0, Math.min(evW, net)) * stepMs) / 3_600_000;
      energy += wh;
      fromGrid += gridWh;
      if (forcedAt === null) gridBeforeForced += gridWh;
    }
    expect(energy).toBeGreaterThanOrEqual(30_000);
    expect(forcedAt).not.toBeNull();
    // once the guarantee takes over it holds on until the energy is in (no flapping as it catches up)
    expect(takeovers).toBe(1);
    // the full-power window starts in the afternoon, not in the morning
    expect(forcedAt! - t0).toBeGreaterThan(4 * 3_600_000);
    // before it, the car ran on the sun (a few minutes of holds aside)
    expect(gridBeforeForced).toBeLessThan(0.03 * (energy - fromGrid));
    expect(energy - fromGrid).toBeGreaterThan(10_000);
  });
});
