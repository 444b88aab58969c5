import { describe, expect, it } from 'vitest';
import { examplePayloads } from '../examples';
import { statePayloadSchema } from './state';

describe('state payload', () => {
  it('online needs firmware, hardware and uptime', () => {
    expect(statePayloadSchema.safeParse(examplePayloads.state).success).toBe(true);
    const { firmwareVersion: _f, ...missing } = examplePayloads.state;
    expect(statePayloadSchema.safeParse(missing).error?.issues[0]?.path).toEqual(['firmwareVersion']);
  });

  it('online carries each device status, checked against its type, with the error exactly when Fout', () => {
    const withDevices = (devices: unknown[]) =>
      statePayloadSchema.safeParse({ ...examplePayloads.state, devices });
    const since = '2024-05-01T10:00:00.000Z';
    expect(
      withDevices([
        { id: 'p1', type: 'meter', status: 'OK', since },
        { id: 'charger1', type: 'charger', status: 'Standby', since },
        { id: 'bat1', type: 'battery', status: 'Fout', since, error: { code: '101', text: 'Te warm' } },
      ]).success,
    ).toBe(true);
    expect(withDevices([{ id: 'bat1', type: 'battery', status: 'EV geconnecteerd', since }]).success).toBe(
      false,
    );
    expect(withDevices([{ id: 'bat1', type: 'battery', status: 'Fout', since }]).success).toBe(false);
  });

  it('offline may be bare (the last will) or say why', () => {
    expect(statePayloadSchema.safeParse({ v: 1, online: false }).success).toBe(true);
    expect(
      statePayloadSchema.safeParse({ v: 1, online: false, reason: 'shutdown', ts: '2024-05-01T10:00:00Z' })
        .success,
    ).toBe(true);
    expect(statePayloadSchema.safeParse({ v: 1, online: false, reason: 'bored' }).success).toBe(false);
  });
});
