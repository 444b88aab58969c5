import { describe, expect, it } from 'vitest';
import { decideBoot } from './boot-guard';
import { baselineOf, describeVerdict, type HealthSnapshot, judgeHealth } from './health-check';
import type { OtaState } from './ota-state';

const BOOT = 1_000_000;
const snap = (s: Partial<HealthSnapshot> = {}): HealthSnapshot => ({
  at: BOOT + 60_000,
  mqttConnected: true,
  p1LastGoodAt: BOOT + 59_000,
  p1MaxAgeMs: 60_000,
  devicesOnline: ['bat1', 'inv1'],
  controlCycles: 60,
  controlOverruns: 0,
  ...s,
});

describe("the new version's health check", () => {
  const baseline = baselineOf(snap({ at: BOOT - 1000, p1LastGoodAt: BOOT - 2000 }));

  it('passes when the home is as well off as before the update', () => {
    expect(baseline).toEqual({ p1Flowing: true, devicesOnline: ['bat1', 'inv1'], controlRunning: true });
    expect(judgeHealth(baseline, snap(), BOOT)).toEqual({ ok: true, problems: {} });
  });

  it('fails on each thing that is worse, and says what', () => {
    const v = judgeHealth(
      baseline,
      snap({ mqttConnected: false, p1LastGoodAt: BOOT - 2000, devicesOnline: ['inv1'], controlCycles: 2 }),
      BOOT,
    );
    expect(v.ok).toBe(false);
    expect(Object.keys(v.problems).sort()).toEqual(['control', 'modbus', 'mqtt', 'p1']);
    expect(describeVerdict(v)).toMatch(/Modbus devices not answering: bat1/);
    expect(
      judgeHealth(baseline, snap({ controlCycles: 10, controlOverruns: 6 }), BOOT).problems.control,
    ).toMatch(/6 skipped/);
  });

  it('does not blame the update for what was broken before it', () => {
    const broken = baselineOf(snap({ at: BOOT - 1000, p1LastGoodAt: null, devicesOnline: [] }));
    expect(judgeHealth(broken, snap({ p1LastGoodAt: null, devicesOnline: [] }), BOOT).ok).toBe(true);
  });

  it('fails a drill fault on purpose', () => {
    expect(judgeHealth(baseline, snap(), BOOT, 'p1').problems).toEqual({
      p1: 'no P1 telegram since the start',
    });
    expect(judgeHealth(baseline, snap(), BOOT, 'control').ok).toBe(false);
  });
});

describe("the launcher's boot guard", () => {
  const trial = {
    rolloutId: '7',
    version: '1.5.0',
    fromVersion: '1.4.0',
    fromSlot: 'a' as const,
    toSlot: 'b' as const,
    switchedAt: 0,
    boots: 0,
    launches: 0,
    baseline: { p1Flowing: true, devicesOnline: [], controlRunning: true },
  };
  const state: OtaState = { v: 1, trial, pending: null, last: null, seen: [] };

  it('gives a new version its starts, counting them', () => {
    const d = decideBoot(state, 'b', 60_000);
    expect(d.slot).toBe('b');
    expect(d.state.trial?.launches).toBe(1);
    expect(d.rolledBack).toBeUndefined();
  });

  it('rolls back a version that keeps failing to start, or runs out of time, and leaves the report to the old one', () => {
    const many = decideBoot({ ...state, trial: { ...trial, launches: 5 } }, 'b', 60_000);
    expect(many).toMatchObject({
      slot: 'a',
      state: { trial: null, pending: { rolloutId: '7', version: '1.5.0', step: 'rolled-back' } },
    });
    expect(many.rolledBack).toMatch(/started 5 times/);
    const late = decideBoot(state, 'b', 31 * 60_000);
    expect(late.rolledBack).toMatch(/in time; rolled back to 1.4.0/);
    expect(decideBoot({ ...state, trial: { ...trial, fromSlot: null } }, 'b', 31 * 60_000).slot).toBeNull();
  });

  it('leaves everything alone when no version is on trial in the active slot', () => {
    expect(decideBoot({ ...state, trial: null }, 'a', 0)).toEqual({
      state: { ...state, trial: null },
      slot: 'a',
    });
    expect(decideBoot(state, 'a', 99 * 60_000).slot).toBe('a');
  });
});
