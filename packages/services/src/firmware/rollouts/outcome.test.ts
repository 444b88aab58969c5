import { describe, expect, it } from 'vitest';
import { waitReason, waveOutcome } from './outcome';

const running = { status: 'running' as const, currentWave: 0, window: { from: '01:00', to: '05:00' } };
const target = { state: 'pending', waveNo: 0, online: true, timezone: 'Europe/Brussels' };

describe('why a gateway waits', () => {
  it('names the maintenance window in the site’s own time', () => {
    expect(waitReason(running, target, new Date('2026-12-01T12:00:00Z'))).toBe('outside_window');
    expect(waitReason(running, target, new Date('2026-12-02T00:30:00Z'))).toBe('rate_limit');
  });
  it('says nothing for a gateway that got its instruction', () => {
    expect(waitReason(running, { ...target, state: 'sent' }, new Date())).toBeNull();
  });
  it('puts a paused or finished rollout before anything about the gateway', () => {
    const offline = { ...target, online: false };
    expect(waitReason({ ...running, status: 'paused' }, offline, new Date())).toBe('rollout_paused');
    expect(waitReason({ ...running, status: 'aborted' }, offline, new Date())).toBe('rollout_stopped');
  });
});

describe('a wave as read', () => {
  it('is passed only when every gateway in it updated or was left out on purpose', () => {
    expect(waveOutcome('passed', { healthy: 3, skipped: 1 })).toBe('passed');
    expect(waveOutcome('passed', { healthy: 1, timed_out: 1 })).toBe('passed_with_failures');
    expect(waveOutcome('passed', { pending: 1 })).toBe('passed_waiting');
    expect(waveOutcome('soaking', { pending: 1 })).toBe('soaking');
  });
});
