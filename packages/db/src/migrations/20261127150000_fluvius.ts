import { type Kysely, sql } from 'kysely';

// Fluvius (decisions 020–022): mandates under which we read a meter's quarter-hour data, and uploaded Mijn Fluvius exports
// waiting between their preview and their import. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fluvius_mandates')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    // Our id for the request at Fluvius (letters and digits); it comes back on every mandate Fluvius lists.
    .addColumn('reference_number', 'varchar(64)', (c) => c.notNull())
    .addColumn('origin', sql`enum('home','console')`, (c) => c.notNull())
    // The address the meter is (or will be) linked to; null while a homeowner's request is not linked yet.
    .addColumn('site_id', 'bigint', (c) => c.unsigned().references('sites.id').onDelete('set null'))
    // The homeowner who is told what happens and may link the meter.
    .addColumn('user_id', 'bigint', (c) => c.unsigned().references('users.id').onDelete('set null'))
    .addColumn('requested_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('ean', 'char(18)', (c) => c.notNull())
    .addColumn('energy_type', sql`enum('E','G')`)
    .addColumn('data_service_type', 'varchar(20)', (c) => c.notNull().defaultTo('VH_kwartier_uur'))
    .addColumn(
      'status',
      sql`enum('pending','requested','approved','rejected','gas','expired','revoked','cancelled')`,
      (c) => c.notNull().defaultTo('pending'),
    )
    // What Fluvius last said, as it said it (Requested, Approved, Rejected, Finished; ToBeRenewed, …).
    .addColumn('fluvius_status', 'varchar(20)')
    .addColumn('renewal_status', 'varchar(20)')
    .addColumn('data_period_from', sql`datetime(3)`)
    .addColumn('data_period_to', sql`datetime(3)`)
    .addColumn('expires_at', sql`datetime(3)`)
    .addColumn('consent_url', 'varchar(500)')
    .addColumn('consent_valid_to', sql`datetime(3)`)
    .addColumn('returned_at', sql`datetime(3)`)
    .addColumn('return_result', sql`enum('success','failed')`)
    .addColumn('decided_at', sql`datetime(3)`)
    .addColumn('meter_id', 'bigint', (c) => c.unsigned().references('meters.id').onDelete('set null'))
    .addColumn('linked_at', sql`datetime(3)`)
    .addColumn('linked_by_user_id', 'bigint', (c) => c.unsigned().references('users.id').onDelete('set null'))
    // Sync bookkeeping, in Brussels days: the forward sync has every day up to `synced_through`; the backfill has every
    // day from `backfill_before` up to the link and goes back to `history_from`.
    .addColumn('synced_through', 'date')
    .addColumn('backfill_before', 'date')
    .addColumn('history_from', 'date')
    .addColumn('backfill_done_at', sql`datetime(3)`)
    .addColumn('last_polled_at', sql`datetime(3)`)
    .addColumn('last_sync_at', sql`datetime(3)`)
    .addColumn('last_error', 'varchar(500)')
    .addColumn('last_error_at', sql`datetime(3)`)
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    // The last thing the owner was told (approved, rejected, renewal, …), so a repeated poll tells them once.
    .addColumn('notified', 'varchar(40)')
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('fluvius_mandates_reference_uq', ['reference_number'])
    .execute();
  await db.schema
    .createIndex('fluvius_mandates_status_idx')
    .on('fluvius_mandates')
    .columns(['status', 'last_polled_at'])
    .execute();
  await db.schema
    .createIndex('fluvius_mandates_site_idx')
    .on('fluvius_mandates')
    .columns(['site_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('fluvius_mandates_user_idx')
    .on('fluvius_mandates')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('fluvius_mandates_ean_idx').on('fluvius_mandates').columns(['ean']).execute();

  // An uploaded export between preview and import: the file itself (gzip), so the import reads exactly what was
  // previewed, and what the preview found.
  await db.schema
    .createTable('fluvius_csv_uploads')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.unsigned().references('users.id').onDelete('set null'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.unsigned().notNull())
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('content_gz', sql`longblob`, (c) => c.notNull())
    .addColumn('ean', 'char(18)', (c) => c.notNull())
    .addColumn('summary', 'json', (c) => c.notNull())
    .addColumn('status', sql`enum('previewed','imported')`, (c) => c.notNull().defaultTo('previewed'))
    .addColumn('imported_at', sql`datetime(3)`)
    .addColumn('imported_days', 'integer')
    .addColumn('imported_quarters', 'integer')
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('fluvius_csv_uploads_site_idx')
    .on('fluvius_csv_uploads')
    .columns(['site_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fluvius_csv_uploads').ifExists().execute();
  await db.schema.dropTable('fluvius_mandates').ifExists().execute();
}
