import { describe, expect, it } from 'vitest';
import { examplePayloads } from '../examples';
import { statePayloadSchema } from './state';

describe('state payload', () => {
  it('online needs firmware, hardware and uptime', () => {
    expect(statePayloadSchema.safeParse(examplePayloads.state).success).toBe(true);
    const { firmwareVersion: _f, ...missing } = examplePayloads.state;
    expect(statePayloadSchema.safeParse(missing).error?.issues[0]?.path).toEqual(['firmwareVersion']);
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
