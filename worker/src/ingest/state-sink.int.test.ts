import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markSilentGatewaysOffline } from './state-sink';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('state_sink');
});
afterAll(async () => {
  await t.drop();
});

describe('silent gateways', () => {
  it('are marked offline after the configured silence, even without a last will', async () => {
    const now = new Date('2026-11-27T12:00:00Z');
    await t.db
      .insertInto('gateways')
      .values([
        { serial: 'ILS-A00001', online: true, last_seen_at: new Date('2026-11-27T11:59:30Z') },
        { serial: 'ILS-A00002', online: true, last_seen_at: new Date('2026-11-27T11:50:00Z') },
        { serial: 'ILS-A00003', online: false, last_seen_at: new Date('2026-11-27T10:00:00Z') },
      ])
      .execute();
    expect(await markSilentGatewaysOffline(t.db, now, 180_000)).toBe(1);
    const rows = await t.db
      .selectFrom('gateways')
      .select(['serial', 'online', 'online_changed_at'])
      .orderBy('serial')
      .execute();
    expect(rows).toEqual([
      { serial: 'ILS-A00001', online: true, online_changed_at: null },
      { serial: 'ILS-A00002', online: false, online_changed_at: now },
      { serial: 'ILS-A00003', online: false, online_changed_at: null },
    ]);
    // The troubleshooting page's connectivity history says why: nothing heard.
    const history = await t.db
      .selectFrom('gateway_connectivity as c')
      .innerJoin('gateways as g', 'g.id', 'c.gateway_id')
      .select(['g.serial', 'c.online', 'c.reason', 'c.at'])
      .execute();
    expect(history).toEqual([{ serial: 'ILS-A00002', online: false, reason: 'silent', at: now }]);
  });

  it('records connects, goodbyes and firmware changes from state messages, once each', async () => {
    const { StateSink } = await import('./state-sink');
    const { createLogger } = await import('@ilumen/logger');
    let clock = new Date('2026-11-27T13:00:00Z');
    const sink = new StateSink(
      { db: t.db, logger: createLogger({ name: 't', level: 'silent' }), now: () => clock },
      60_000,
    );
    const id = Number(
      (await t.db.insertInto('gateways').values({ serial: 'ILS-A00009' }).executeTakeFirstOrThrow()).insertId,
    );
    const online = (fw: string) => ({
      v: 1 as const,
      online: true as const,
      ts: clock.toISOString(),
      firmwareVersion: fw,
      hardwareRevision: 'B',
      uptimeS: 5,
    });
    await sink.state(id, online('1.5.0'));
    await sink.state(id, online('1.5.0'));
    clock = new Date('2026-11-27T13:05:00Z');
    await sink.state(id, { v: 1, online: false, reason: 'update' });
    clock = new Date('2026-11-27T13:06:00Z');
    await sink.state(id, online('1.6.0'));
    // since when it is online or offline, for the alarms and the console
    const changedAt = async () =>
      (
        await t.db
          .selectFrom('gateways')
          .select('online_changed_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).online_changed_at;
    expect(await changedAt()).toEqual(new Date('2026-11-27T13:06:00Z'));
    clock = new Date('2026-11-27T13:30:00Z');
    await sink.state(id, { v: 1, online: false });
    expect(await changedAt()).toEqual(new Date('2026-11-27T13:30:00Z'));
    await sink.state(id, { v: 1, online: false });
    expect(await changedAt()).toEqual(new Date('2026-11-27T13:30:00Z'));
    await sink.stop();
    const rows = await t.db
      .selectFrom('gateway_connectivity')
      .select(['online', 'reason', 'firmware_version'])
      .where('gateway_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { online: true, reason: 'connect', firmware_version: '1.5.0' },
      { online: false, reason: 'update', firmware_version: '1.5.0' },
      { online: true, reason: 'connect', firmware_version: '1.6.0' },
      { online: false, reason: 'will', firmware_version: '1.6.0' },
    ]);
  });

  it("records a fresh gateway's first minute as one connect, however many state messages it sends at once", async () => {
    const { StateSink } = await import('./state-sink');
    const { createLogger } = await import('@ilumen/logger');
    const clock = new Date('2026-11-27T14:00:00Z');
    const sink = new StateSink(
      { db: t.db, logger: createLogger({ name: 't', level: 'silent' }), now: () => clock },
      60_000,
    );
    // a claimed box that has not spoken yet: offline, no firmware reported
    const id = Number(
      (await t.db.insertInto('gateways').values({ serial: 'ILS-A00010' }).executeTakeFirstOrThrow()).insertId,
    );
    const online = {
      v: 1 as const,
      online: true as const,
      ts: clock.toISOString(),
      firmwareVersion: '0.1.0',
      hardwareRevision: 'SIM',
      uptimeS: 1,
    };
    // its connect, a status for each device and the applied config: retained states the ingest handles side by side,
    // with its live values marking it seen
    sink.touch(id);
    // (the pool's connections open, as in a running ingest)
    await Promise.all(Array.from({ length: 5 }, () => t.db.selectFrom('gateways').select('id').execute()));
    await Promise.all([
      sink.state(id, online),
      sink.state(id, online),
      sink.flushSeen(),
      sink.state(id, online),
      sink.state(id, online),
    ]);
    await sink.stop();
    const rows = await t.db
      .selectFrom('gateway_connectivity')
      .select(['online', 'firmware_version'])
      .where('gateway_id', '=', id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.online).toBe(true);
    const gateway = await t.db
      .selectFrom('gateways')
      .select('online_changed_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(gateway.online_changed_at).toEqual(clock);
  });
});
