import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../energy/live';
import { liveCheckPassed, runLiveCheck } from './live-check';

const now = new Date('2026-11-27T12:00:00Z');
function snap(live: Partial<LiveSnapshot['live']>, ageS = 5): LiveSnapshot {
  return {
    siteId: 1,
    gatewaySerial: 'ILS-T00001',
    receivedAt: new Date(now.getTime() - ageS * 1000).toISOString(),
    live: { v: 1, ts: now.toISOString(), ...live },
  };
}
const phase = (v: number, a: number) => ({ voltageV: v, currentA: a });
const grid3 = {
  importW: 1200,
  exportW: 0,
  phases: { l1: phase(231, 2), l2: phase(229, 1.5), l3: phase(232, 1) },
};

describe('the live check of a commissioning', () => {
  it('passes a three-phase home whose devices all report plausible values', () => {
    const checks = runLiveCheck({
      snapshot: snap({
        grid: grid3,
        pv: { w: 2400 },
        battery: { w: -800, socPct: 55, status: 'Ontladen' },
        chargers: [{ id: '7', w: 0, status: 'Standby' }],
        heat: { w: 0, tempC: 52, status: 'Inactief/standby' },
      }),
      now,
      gridPhases: 3,
      mainFuseA: 25,
      devices: [{ type: 'inverter' }, { type: 'battery' }, { type: 'charger' }, { type: 'heat' }],
      p1Errors: [],
    });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.map((c) => c.id)).toEqual([
      'live',
      'p1',
      'phases',
      'voltage.l1',
      'current.l1',
      'voltage.l2',
      'current.l2',
      'voltage.l3',
      'current.l3',
      'pv',
      'battery',
      'charger',
      'heat',
    ]);
    expect(checks.find((c) => c.id === 'voltage.l2')).toMatchObject({
      value: '229.0 V',
      messageKey: 'commissioning.check.voltage.ok',
    });
    expect(liveCheckPassed(checks)).toBe(true);
  });

  it("explains each failure: stale data, no P1 with the gateway's reason, wrong phases, voltage, current, missing devices, a fault", () => {
    expect(
      runLiveCheck({ snapshot: null, now, gridPhases: 3, mainFuseA: 25, devices: [], p1Errors: [] }),
    ).toEqual([
      expect.objectContaining({ id: 'live', ok: false, messageKey: 'commissioning.check.live.none' }),
    ]);
    expect(
      runLiveCheck({
        snapshot: snap({ grid: grid3 }, 300),
        now,
        gridPhases: 3,
        mainFuseA: 25,
        devices: [],
        p1Errors: [],
      })[0],
    ).toMatchObject({ ok: false, messageKey: 'commissioning.check.live.old', params: { seconds: 300 } });
    const noP1 = runLiveCheck({
      snapshot: snap({}),
      now,
      gridPhases: 1,
      mainFuseA: 40,
      devices: [],
      p1Errors: [{ code: 'crc_mismatch', message: 'CRC mismatch' }],
    });
    expect(noP1.find((c) => c.id === 'p1')).toMatchObject({
      ok: false,
      messageKey: 'commissioning.check.p1.error',
      params: { code: 'crc_mismatch' },
    });
    const bad = runLiveCheck({
      snapshot: snap({
        grid: { importW: 9000, exportW: 0, phases: { l1: phase(198, 45) } },
        battery: { w: 0, socPct: 10, status: 'Fout' },
      }),
      now,
      gridPhases: 3,
      mainFuseA: 40,
      devices: [{ type: 'inverter' }, { type: 'battery' }],
      p1Errors: [],
    });
    const failed = Object.fromEntries(bad.filter((c) => !c.ok).map((c) => [c.id, c.messageKey]));
    expect(failed).toEqual({
      phases: 'commissioning.check.phases.mismatch',
      'voltage.l1': 'commissioning.check.voltage.out',
      'current.l1': 'commissioning.check.current.over',
      pv: 'commissioning.check.pv.missing',
      battery: 'commissioning.check.device.fault',
    });
    expect(liveCheckPassed(bad)).toBe(false);
  });
});

describe('the EAN the installer typed against the one the meter reports', () => {
  const check = (meterEan: string | undefined) =>
    runLiveCheck({
      snapshot: snap({ grid: { ...grid3, ...(meterEan ? { meterEan } : {}) } }),
      now,
      gridPhases: 3,
      mainFuseA: 25,
      ean: '541448820050050053',
      devices: [],
      p1Errors: [],
    });
  it('passes when they are the same', () => {
    const checks = check('541448820050050053');
    expect(checks.find((c) => c.id === 'ean')).toMatchObject({ ok: true, value: '541448820050050053' });
    expect(liveCheckPassed(checks)).toBe(true);
  });
  it('fails, naming both, when they differ', () => {
    const checks = check('541448820098765438');
    expect(checks.find((c) => c.id === 'ean')).toMatchObject({
      ok: false,
      severity: 'error',
      messageKey: 'commissioning.check.ean.mismatch',
      params: { typed: '541448820050050053', meter: '541448820098765438' },
    });
    expect(liveCheckPassed(checks)).toBe(false);
  });
  it('says nothing when the meter does not report one (older than e-MUCS 2.1.1)', () => {
    expect(check(undefined).some((c) => c.id === 'ean')).toBe(false);
  });
});
