import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from './migrations/index';
import { createMigrator } from './migrator';
import { createTestDb, type TestDb } from './testing';

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
    const late = '20261127170000_modules';
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
});
