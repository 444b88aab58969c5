import { describe, expect, it } from 'vitest';
import type { BatteryReading, ChargerReading, HeatReading } from '../readings';
import { ERROR_CODES } from './error-codes';
import {
  createBatteryStatusTracker,
  createChargerStatusTracker,
  createHeatStatusTracker,
} from './status-tracker';

let clock = new Date('2025-06-21T12:00:00Z');
const now = () => clock;

function battery(powerW: number | null, extra: Partial<BatteryReading> = {}): BatteryReading {
  return {
    kind: 'battery',
    powerW,
    socPct: 50,
    capacityWh: 10_000,
    chargeState: 'holding',
    energyChargedWh: 0,
    energyDischargedWh: 0,
    fault: false,
    errorCode: null,
    ...extra,
  };
}

function charger(extra: Partial<ChargerReading>): ChargerReading {
  return {
    kind: 'charger',
    deviceState: 'operational',
    errorCode: null,
    cpState: 'A',
    sessionActive: false,
    enabled: false,
    powerW: 0,
    currentsA: [0, 0, 0],
    currentLimitA: 16,
    offeredCurrentA: 0,
    phases: 3,
    sessionEnergyWh: 0,
    energyTotalWh: 0,
    ...extra,
  };
}

function heat(extra: Partial<HeatReading>): HeatReading {
  return {
    kind: 'heat',
    deviceState: 'operational',
    errorCode: null,
    enabled: true,
    powerW: 0,
    waterTempC: 50,
    targetTempC: 60,
    energyTotalWh: 0,
    ...extra,
  };
}

describe('iLubat status', () => {
  it('reaches Standby, Laden, Ontladen and Fout from readings', () => {
    const t = createBatteryStatusTracker({ deviceId: 'bat-1', now });
    expect(t.update(battery(0))).toEqual([
      { deviceId: 'bat-1', deviceType: 'battery', from: null, to: 'Standby', at: '2025-06-21T12:00:00.000Z' },
    ]);
    clock = new Date('2025-06-21T12:00:05Z');
    expect(t.update(battery(2500)).map((c) => [c.from, c.to, c.at])).toEqual([
      ['Standby', 'Laden', '2025-06-21T12:00:05.000Z'],
    ]);
    expect(t.update(battery(-1800)).map((c) => c.to)).toEqual(['Ontladen']);
    const f = t.update(battery(0, { fault: true, errorCode: 105 }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      from: 'Ontladen',
      to: 'Fout',
      error: { code: 105, text: ERROR_CODES[105] },
    });
    expect(t.update(battery(0)).map((c) => c.to)).toEqual(['Standby']);
  });

  it('does not flap around the threshold (hysteresis)', () => {
    const t = createBatteryStatusTracker({ deviceId: 'bat-1', now, hysteresis: { enterW: 100, exitW: 40 } });
    const powers = [0, 60, 95, 110, 70, 45, 90, 120, 50, 41, 39, 80, 99, 30, -35, -90, -60, -101, -45, -39];
    const changes = powers.flatMap((p) => t.update(battery(p))).map((c) => c.to);
    expect(changes).toEqual(['Standby', 'Laden', 'Standby', 'Ontladen', 'Standby']);
  });

  it('uses the charge state when the battery reports no power (SunSpec 124)', () => {
    const t = createBatteryStatusTracker({ deviceId: 'b', now });
    expect(t.update(battery(null, { chargeState: 'charging' })).map((c) => c.to)).toEqual(['Laden']);
    expect(t.update(battery(null, { chargeState: 'discharging' })).map((c) => c.to)).toEqual(['Ontladen']);
  });

  it('gives Fout with code 903 for a fault the device gives no code for', () => {
    const t = createBatteryStatusTracker({ deviceId: 'b', now });
    expect(t.update(battery(0, { fault: true }))[0]?.error).toEqual({ code: 903, text: ERROR_CODES[903] });
  });

  it('goes to Fout (901) when communication is lost, and back when readings return', () => {
    const t = createBatteryStatusTracker({ deviceId: 'b', now });
    t.update(battery(3000));
    expect(t.communicationLost()).toMatchObject([
      { from: 'Laden', to: 'Fout', error: { code: 901, text: 'Geen communicatie met het toestel (Modbus)' } },
    ]);
    expect(t.communicationLost()).toEqual([]);
    expect(t.update(battery(3000)).map((c) => `${c.from}→${c.to}`)).toEqual([
      'Fout→Standby',
      'Standby→Laden',
    ]);
  });
});

describe('iLuheat status', () => {
  it('reaches Inactief/standby, Laden and Fout', () => {
    const t = createHeatStatusTracker({ deviceId: 'boiler', now });
    expect(t.update(heat({ powerW: 0 })).map((c) => c.to)).toEqual(['Inactief/standby']);
    expect(t.update(heat({ powerW: 2400 })).map((c) => c.to)).toEqual(['Laden']);
    expect(t.update(heat({ powerW: 0, enabled: false })).map((c) => c.to)).toEqual(['Inactief/standby']);
    expect(t.update(heat({ deviceState: 'fault', errorCode: 303 }))[0]).toMatchObject({
      to: 'Fout',
      error: { code: 303, text: 'Droogkookbeveiliging: geen water in de boiler' },
    });
    expect(t.update(heat({ powerW: 2400 })).map((c) => c.to)).toEqual(['Inactief/standby', 'Laden']);
  });

  it('counts a booting boiler as Inactief/standby', () => {
    const t = createHeatStatusTracker({ deviceId: 'boiler', now });
    expect(t.update(heat({ deviceState: 'starting', powerW: 2400 })).map((c) => c.to)).toEqual([
      'Inactief/standby',
    ]);
  });
});

describe('iLucharge status', () => {
  it('reaches Start, Standby, EV geconnecteerd, Laden, Slaapt and Fout through a session', () => {
    const t = createChargerStatusTracker({ deviceId: 'ev-1', now });
    const seq = [
      charger({ deviceState: 'starting' }),
      charger({ cpState: 'A' }),
      charger({ cpState: 'B' }),
      charger({ cpState: 'C', sessionActive: true, powerW: 11_040 }),
      charger({ cpState: 'B', sessionActive: true, powerW: 0 }),
      charger({ cpState: 'C', sessionActive: true, powerW: 4140 }),
      charger({ cpState: 'B', sessionActive: false }),
      charger({ cpState: 'A' }),
      charger({ deviceState: 'fault', errorCode: 205, cpState: 'E' }),
    ];
    const changes = seq.flatMap((r) => t.update(r));
    expect(changes.map((c) => c.to)).toEqual([
      'Start',
      'Standby',
      'EV geconnecteerd',
      'Laden',
      'Slaapt',
      'Laden',
      'EV geconnecteerd',
      'Standby',
      'Fout',
    ]);
    expect(changes.at(-1)?.error).toEqual({ code: 205, text: 'Kabelvergrendeling defect' });
  });

  it('fills in EV geconnecteerd when a car plugged in and started charging between two polls', () => {
    const t = createChargerStatusTracker({ deviceId: 'ev-1', now });
    t.update(charger({ cpState: 'A' }));
    const changes = t.update(charger({ cpState: 'C', sessionActive: true, powerW: 7000 }));
    expect(changes.map((c) => `${c.from}→${c.to}`)).toEqual([
      'Standby→EV geconnecteerd',
      'EV geconnecteerd→Laden',
    ]);
  });

  it('treats a pilot error (E/F) as Fout 202 even without a device code', () => {
    const t = createChargerStatusTracker({ deviceId: 'ev-1', now });
    expect(t.update(charger({ cpState: 'F' }))[0]?.error).toEqual({ code: 202, text: ERROR_CODES[202] });
  });

  it('does not flap between Laden and Slaapt as a tapering car crosses the threshold', () => {
    const t = createChargerStatusTracker({ deviceId: 'ev-1', now });
    const powers = [5000, 90, 60, 110, 45, 35, 80, 99, 100];
    const changes = powers.flatMap((p) =>
      t.update(charger({ cpState: 'C', sessionActive: true, powerW: p })),
    );
    expect(changes.map((c) => c.to)).toEqual(['Laden', 'Slaapt', 'Laden']);
  });

  it('ignores a reading with an unknown pilot state', () => {
    const t = createChargerStatusTracker({ deviceId: 'ev-1', now });
    t.update(charger({ cpState: 'B' }));
    expect(t.update(charger({ cpState: 'unknown' }))).toEqual([]);
    expect(t.status).toBe('EV geconnecteerd');
  });
});
