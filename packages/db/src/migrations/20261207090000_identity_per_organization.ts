import { type Kysely, sql } from 'kysely';

// A device serial and a meter EAN are unique within an organization, no longer across the platform (decision 083):
// a refusal for a serial or EAN that another tenant holds told an installer that it exists there. Each row keeps its
// site's organization, copied by the database on every write (a site never changes organization), so the unique keys
// hold per organization. Never edit once landed.

const copies = [
  ['devices', 'devices_org'],
  ['meters', 'meters_org'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table] of copies) {
    await db.schema
      .alterTable(table)
      .addColumn('organization_id', 'bigint', (c) => c.unsigned().notNull().defaultTo(0))
      .execute();
    await sql`UPDATE ${sql.table(table)} t JOIN sites s ON s.id = t.site_id SET t.organization_id = s.organization_id`.execute(
      db,
    );
  }
  for (const [table, name] of copies) {
    for (const [event, suffix] of [
      ['INSERT', 'bi'],
      ['UPDATE', 'bu'],
    ] as const) {
      await sql
        .raw(
          `CREATE TRIGGER ${name}_${suffix} BEFORE ${event} ON ${table} FOR EACH ROW ` +
            'SET NEW.organization_id = (SELECT s.organization_id FROM sites s WHERE s.id = NEW.site_id)',
        )
        .execute(db);
    }
  }
  await db.schema
    .alterTable('devices')
    .addUniqueConstraint('devices_org_type_serial_uq', ['organization_id', 'type', 'serial'])
    .execute();
  await db.schema.alterTable('devices').dropConstraint('devices_type_serial_uq').execute();
  await db.schema
    .alterTable('meters')
    .addUniqueConstraint('meters_org_ean_uq', ['organization_id', 'ean'])
    .execute();
  await db.schema.alterTable('meters').dropConstraint('meters_ean_uq').execute();
  // Lookups by EAN or serial alone (mandates, search, seeds) keep an index of their own.
  await db.schema.createIndex('meters_ean_idx').on('meters').column('ean').execute();
  await db.schema.createIndex('devices_serial_idx').on('devices').columns(['serial']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('devices_serial_idx').on('devices').execute();
  await db.schema.dropIndex('meters_ean_idx').on('meters').execute();
  await db.schema.alterTable('meters').addUniqueConstraint('meters_ean_uq', ['ean']).execute();
  await db.schema.alterTable('meters').dropConstraint('meters_org_ean_uq').execute();
  await db.schema
    .alterTable('devices')
    .addUniqueConstraint('devices_type_serial_uq', ['type', 'serial'])
    .execute();
  await db.schema.alterTable('devices').dropConstraint('devices_org_type_serial_uq').execute();
  for (const [table, name] of copies) {
    await sql.raw(`DROP TRIGGER IF EXISTS ${name}_bi`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS ${name}_bu`).execute(db);
    await db.schema.alterTable(table).dropColumn('organization_id').execute();
  }
}
