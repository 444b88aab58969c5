import { type ConfigPayload, decode, type PayloadInput, topics } from '@ilumen/mqtt-contract';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../runtime/logger';
import { ConfigSync } from './config-sync';

const serial = 'ILS-CFGTEST01';
const message = (version: number, config: object) => {
  const raw = Buffer.from(JSON.stringify({ v: 1, version, issuedAt: '2024-05-01T09:00:00.000Z', config }));
  return [decode(topics.config(serial), raw), raw] as const;
};

function setup(appliedVersion?: number) {
  const acks: PayloadInput<'configAck'>[] = [];
  const applied: ConfigPayload[] = [];
  const sync = new ConfigSync({
    appliedVersion,
    apply: async (p) => {
      if ((p.config.liveIntervalS ?? 5) > 60)
        return { ok: false, error: 'liveIntervalS: too slow for this site' };
      applied.push(p);
      return { ok: true };
    },
    ack: (a) => acks.push(a),
    now: () => Date.parse('2024-05-01T09:00:01Z'),
    logger: silentLogger(),
  });
  return { sync, acks, applied };
}

describe('ConfigSync', () => {
  it('applies a new version and acknowledges it; the same version again is acknowledged, not reapplied', async () => {
    const { sync, acks, applied } = setup();
    await sync.handle(...message(3, { liveIntervalS: 10 }));
    await sync.handle(...message(3, { liveIntervalS: 10 }));
    expect(applied).toHaveLength(1);
    expect(acks).toEqual([
      { v: 1, version: 3, ok: true, ts: '2024-05-01T09:00:01.000Z' },
      { v: 1, version: 3, ok: true, ts: '2024-05-01T09:00:01.000Z' },
    ]);
    expect(sync.appliedVersion).toBe(3);
  });

  it('refuses a config the gateway cannot use, with the reason, and keeps the applied version', async () => {
    const { sync, acks, applied } = setup(3);
    await sync.handle(...message(4, { liveIntervalS: 600 }));
    expect(applied).toHaveLength(0);
    expect(acks).toMatchObject([{ version: 4, ok: false, error: 'liveIntervalS: too slow for this site' }]);
    expect(sync.appliedVersion).toBe(3);
  });

  it('refuses an older version and a message that breaks the contract, acknowledging the version it can read', async () => {
    const { sync, acks } = setup(5);
    await sync.handle(...message(4, {}));
    await sync.handle(...message(6, { liveIntervalS: 'fast' }));
    await sync.handle(decode(topics.config(serial), Buffer.alloc(0)), Buffer.alloc(0));
    expect(acks).toMatchObject([
      { version: 4, ok: false, error: 'version 4 is older than the applied version 5' },
      { version: 6, ok: false },
    ]);
    expect(acks[1]?.error).toMatch(/liveIntervalS/);
  });
});
