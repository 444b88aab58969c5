import { type Kysely, sql } from 'kysely';

// Product modules (decisions 030–034): charge sessions from the gateways' events, each charger's settings (the car's average
// consumption), battery charge timers, and charge-session exports mailed as CSV. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // One row per session the gateway reported (start, energy, stop events), keyed by the gateway's session id.
  await db.schema
    .createTable('charge_sessions')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('device_id', 'bigint', (c) => c.unsigned().references('devices.id').onDelete('set null'))
    .addColumn('charger_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('session_uid', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().references('users.id').onDelete('set null'))
    .addColumn('mode', sql`enum('fast','smart')`, (c) => c.notNull())
    .addColumn('grid_share_pct', sql`tinyint unsigned`)
    .addColumn('target_wh', 'integer', (c) => c.unsigned())
    .addColumn('target_by', sql`datetime(3)`)
    .addColumn('started_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('ended_at', sql`datetime(3)`)
    .addColumn('energy_wh', 'integer', (c) => c.unsigned().notNull().defaultTo(0))
    .addColumn('solar_wh', 'integer', (c) => c.unsigned())
    .addColumn('stop_reason', 'varchar(20)')
    // The import tariff of the session's (Brussels) start day, and the cost at it, fixed when the session ends.
    .addColumn('tariff_eur_per_kwh', 'decimal(9, 5)')
    .addColumn('cost_eur', 'decimal(10, 2)')
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('charge_sessions_uid_uq', ['site_id', 'session_uid'])
    .execute();
  await db.schema
    .createIndex('charge_sessions_site_idx')
    .on('charge_sessions')
    .columns(['site_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('charge_sessions_device_idx')
    .on('charge_sessions')
    .columns(['device_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('charge_sessions_user_idx')
    .on('charge_sessions')
    .columns(['user_id', 'started_at'])
    .execute();

  // The tandwiel on a charger's page: the car's average consumption, for km/h and km charged.
  await db.schema
    .createTable('charger_settings')
    .addColumn('device_id', 'bigint', (c) =>
      c.unsigned().primaryKey().references('devices.id').onDelete('cascade'),
    )
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('consumption_kwh_per_100km', 'decimal(4, 1)', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();

  // "Stel oplaadtimers in": charge a battery at a power between two local hours.
  await db.schema
    .createTable('charge_timers')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('device_id', 'bigint', (c) =>
      c.unsigned().notNull().references('devices.id').onDelete('cascade'),
    )
    .addColumn('start_hour', sql`tinyint unsigned`, (c) => c.notNull())
    .addColumn('end_hour', sql`tinyint unsigned`, (c) => c.notNull())
    .addColumn('power_w', 'integer', (c) => c.unsigned().notNull())
    .addColumn('created_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('charge_timers_site_idx')
    .on('charge_timers')
    .columns(['site_id', 'device_id'])
    .execute();

  // Each CSV export asked for: what, for whom, and whether the mail went.
  await db.schema
    .createTable('charge_exports')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('scope', sql`enum('charger','site','owner')`, (c) => c.notNull())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().references('sites.id').onDelete('cascade'))
    .addColumn('device_id', 'bigint', (c) => c.unsigned().references('devices.id').onDelete('cascade'))
    // A chargers-only user exports their own sessions only.
    .addColumn('own_only', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('from_day', 'date', (c) => c.notNull())
    .addColumn('to_day', 'date', (c) => c.notNull())
    .addColumn('locale', sql`enum('nl','fr','en')`, (c) => c.notNull())
    .addColumn('status', sql`enum('queued','sent','failed')`, (c) => c.notNull().defaultTo('queued'))
    .addColumn('row_count', 'integer', (c) => c.unsigned())
    .addColumn('error', 'varchar(500)')
    .addColumn('requested_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', sql`datetime(3)`)
    .execute();
  await db.schema
    .createIndex('charge_exports_user_idx')
    .on('charge_exports')
    .columns(['user_id', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['charge_exports', 'charge_timers', 'charger_settings', 'charge_sessions']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
