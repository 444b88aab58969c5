import { describe, expect, it } from 'vitest';
import {
  dynamicChargingControllerSchema,
  loadBalancingControllerSchema,
  maintenanceControllerSchema,
  peakShavingControllerSchema,
} from './energy-control';
import { eventPayloadSchema } from './event';

describe('energy-control controller sections', () => {
  it('peak shaving: threshold and reserve as the manual has them, with defaults for the rest', () => {
    expect(peakShavingControllerSchema.parse({ enabled: true, thresholdW: 2500, reservePct: 20 })).toEqual({
      enabled: true,
      thresholdW: 2500,
      reservePct: 20,
      marginW: 150,
    });
    expect(
      peakShavingControllerSchema.safeParse({ enabled: true, thresholdW: 2500, reservePct: 120 }).success,
    ).toBe(false);
  });

  it('load balancing needs a limit in W or in A', () => {
    expect(loadBalancingControllerSchema.safeParse({ enabled: true }).success).toBe(false);
    expect(loadBalancingControllerSchema.parse({ enabled: true, maxPhaseA: 25 })).toMatchObject({
      marginA: 1,
      raiseHoldS: 10,
    });
  });

  it('planned hours and maintenance windows end after they start', () => {
    const bad = { start: '2025-01-02T03:00:00.000Z', end: '2025-01-02T02:00:00.000Z' };
    expect(dynamicChargingControllerSchema.safeParse({ enabled: true, hours: [bad] }).success).toBe(false);
    expect(
      maintenanceControllerSchema.safeParse({
        enabled: true,
        charges: [{ ...bad, id: 'm1', batteryId: 'bat1' }],
      }).success,
    ).toBe(false);
    expect(dynamicChargingControllerSchema.parse({ enabled: true })).toMatchObject({
      hours: [],
      chargeW: 10_000,
      pvCoverW: 1500,
      targetSocPct: 100,
    });
  });

  it('a maintenance progress event may name its planned charge', () => {
    const e = eventPayloadSchema.parse({
      v: 1,
      id: '5d2c9a8e-1f3b-4e7a-8c6d-9e0f1a2b3c4d',
      ts: '2025-01-02T03:00:00.000Z',
      type: 'maintenance.progress',
      batteryId: 'bat1',
      chargeId: 'mnt-12',
      phase: 'completed',
      socPct: 100,
    });
    expect(e.type === 'maintenance.progress' && e.chargeId).toBe('mnt-12');
  });
});
