import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations/index';
import { createMigrator } from './migrator';
import { createTestDb, type TestDb } from './testing';

/** The devices table as it was before the device-key migration. */
interface DevicesBefore {
  site_id: number;
  type: string;
  model: string;
  serial: string;
  active_since: string;
  gateway_device_key: string | null;
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('migrations');
});
afterAll(async () => {
  await t.drop();
});

describe('migrations', () => {
  it('bring an empty database to the latest schema', async () => {
    const pending = (await createMigrator(t.db).getMigrations()).filter((m) => !m.executedAt);
    expect(pending).toEqual([]);
    const tables = await t.db.introspection.getTables();
    const names = tables.map((x) => x.name);
    for (const table of [
      'organizations',
      'users',
      'sessions',
      'memberships',
      'sites',
      'site_members',
      'invitations',
      'password_resets',
      'meters',
      'gateways',
      'devices',
      'tariffs',
      'audit_log',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('store instants in UTC, dates as text, money as exact decimals, flags as booleans', async () => {
    const org = await t.db
      .insertInto('organizations')
      .values({ kind: 'installer', name: 'Zon BV' })
      .executeTakeFirstOrThrow();
    const site = await t.db
      .insertInto('sites')
      .values({
        organization_id: Number(org.insertId),
        street: 'Kerkstraat',
        house_number: '1',
        postal_code: '9000',
        city: 'Gent',
      })
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('tariffs')
      .values({
        site_id: Number(site.insertId),
        effective_from: '2026-03-30',
        import_eur_per_kwh: '0.31234',
        export_eur_per_kwh: '0.04',
      })
      .execute();
    const tariff = await t.db.selectFrom('tariffs').selectAll().executeTakeFirstOrThrow();
    expect(tariff.effective_from).toBe('2026-03-30');
    expect(tariff.import_eur_per_kwh).toBe('0.31234');
    expect(tariff.export_eur_per_kwh).toBe('0.04000');

    const stamp = new Date('2026-10-25T01:30:00.123Z');
    await t.db.updateTable('organizations').set({ updated_at: stamp }).execute();
    const back = await t.db
      .selectFrom('organizations')
      .select(['updated_at', 'active'])
      .executeTakeFirstOrThrow();
    expect(back.updated_at.toISOString()).toBe(stamp.toISOString());
    expect(back.active).toBe(true);
  });

  it('can be reverted and re-applied', async () => {
    const migrator = createMigrator(t.db);
    const all = await migrator.getMigrations();
    for (let i = 0; i < all.length; i++) {
      const r = await migrator.migrateDown();
      expect(r.error).toBeUndefined();
    }
    expect(
      (await t.db.introspection.getTables()).map((x) => x.name).filter((n) => !n.startsWith('kysely_')),
    ).toEqual([]);
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
  }, 60_000);

  it('catch up a database that applied later migrations before an earlier-stamped one landed', async () => {
    const migrator = createMigrator(t.db);
    for (let i = 0; i < Object.keys(migrations).length; i++) await migrator.migrateDown();
    // A migration no later one builds on (modules was the real case, but the company car's sessions now alter its
    // charge_sessions): applied last, after every later-stamped one.
    const late = '20261207193000_alarm_resolution';
    const { [late]: _, ...without } = migrations;
    const before = new Migrator({
      db: t.db,
      provider: { getMigrations: async () => without },
      migrationTableName: 'kysely_migration',
      migrationLockTableName: 'kysely_migration_lock',
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    const caughtUp = await migrator.migrateToLatest();
    expect(caughtUp.error).toBeUndefined();
    expect(caughtUp.results?.map((r) => `${r.migrationName} ${r.status}`)).toEqual([`${late} Success`]);
    expect((await migrator.getMigrations()).filter((m) => !m.executedAt)).toEqual([]);
  }, 60_000);

  it('give every existing device one key, unique in its site, keeping the keys gateways already know', async () => {
    const migrator = createMigrator(t.db);
    expect((await migrator.migrateTo('20261127200000_firmware')).error).toBeUndefined();
    const org = await t.db
      .insertInto('organizations')
      .values({ kind: 'installer', name: 'Sleutel BV' })
      .executeTakeFirstOrThrow();
    const site = async () =>
      Number(
        (
          await t.db
            .insertInto('sites')
            .values({
              organization_id: Number(org.insertId),
              street: 'Dorp',
              house_number: '1',
              postal_code: '9000',
              city: 'Gent',
            })
            .executeTakeFirstOrThrow()
        ).insertId,
      );
    const [a, b] = [await site(), await site()];
    // before: a key only where a configuration had been sent (the seeds' bat1, a commissioned "7"), else none
    const device = async (siteId: number, type: string, serial: string, key: string | null) =>
      Number(
        (
          await (t.db as unknown as Kysely<{ devices: DevicesBefore }>)
            .insertInto('devices')
            .values({
              site_id: siteId,
              type,
              model: 'M',
              serial,
              active_since: '2026-01-01',
              gateway_device_key: key,
            })
            .executeTakeFirstOrThrow()
        ).insertId,
      );
    await device(a, 'meter', 'M-A', null);
    await device(a, 'battery', 'B-A1', 'bat1');
    await device(a, 'battery', 'B-A2', null);
    await device(a, 'charger', 'C-A', '7');
    await device(a, 'inverter', 'I-A', null);
    await device(b, 'battery', 'B-B', null);
    await device(b, 'meter', 'M-B1', null);
    await device(b, 'meter', 'M-B2', null);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const keys = await t.db
      .selectFrom('devices')
      .select(['site_id', 'serial', 'device_key'])
      .orderBy('id')
      .execute();
    expect(keys.map((k) => [k.site_id === a ? 'a' : 'b', k.serial, k.device_key])).toEqual([
      ['a', 'M-A', 'p1'],
      ['a', 'B-A1', 'bat1'],
      ['a', 'B-A2', 'bat2'],
      ['a', 'C-A', '7'],
      ['a', 'I-A', 'inv1'],
      ['b', 'B-B', 'bat1'],
      ['b', 'M-B1', 'p1'],
      ['b', 'M-B2', 'meter1'],
    ]);
    // one key per device and site: a second bat1 on site a is refused by the database itself
    await expect(
      t.db
        .insertInto('devices')
        .values({
          site_id: a,
          type: 'battery',
          model: 'M',
          serial: 'B-A3',
          active_since: '2026-01-01',
          device_key: 'bat1',
        })
        .execute(),
    ).rejects.toThrow(/Duplicate entry/);
  }, 60_000);
});
