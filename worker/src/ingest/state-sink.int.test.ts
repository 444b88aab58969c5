import { type TestDb, createTestDb } from '@ilumen/db/testing';
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
    const rows = await t.db.selectFrom('gateways').select(['serial', 'online', 'online_changed_at']).orderBy('serial').execute();
    expect(rows).toEqual([
      { serial: 'ILS-A00001', online: true, online_changed_at: null },
      { serial: 'ILS-A00002', online: false, online_changed_at: now },
      { serial: 'ILS-A00003', online: false, online_changed_at: null },
    ]);
  });
});
