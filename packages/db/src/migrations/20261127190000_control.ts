import { type Kysely, sql } from 'kysely';

// Energy control (decisions 050–055): iLuStore modules per site, each site's peak-shaving / dynamic-charging / load-balancing
// settings, capacity rates per grid operator, day-ahead prices, the planned cheap hours per site and day, and
// battery maintenance charges. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_modules')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('module', sql`enum('peak_shaving','dynamic_charging','load_balancing')`, (c) => c.notNull())
    .addColumn('granted_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('granted_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addPrimaryKeyConstraint('site_modules_pk', ['site_id', 'module'])
    .execute();
  // the planning job walks the sites that have a module
  await db.schema
    .createIndex('site_modules_module_idx')
    .on('site_modules')
    .columns(['module', 'site_id'])
    .execute();

  await db.schema
    .createTable('site_control_settings')
    .addColumn('site_id', 'bigint', (c) =>
      c.unsigned().primaryKey().references('sites.id').onDelete('cascade'),
    )
    .addColumn('peak_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('peak_threshold_w', 'integer', (c) => c.unsigned().notNull().defaultTo(4000))
    .addColumn('peak_reserve_pct', sql`tinyint unsigned`, (c) => c.notNull().defaultTo(20))
    .addColumn('dynamic_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('dynamic_hours', sql`tinyint unsigned`, (c) => c.notNull().defaultTo(3))
    .addColumn('lb_limit_w', 'integer', (c) => c.unsigned())
    .addColumn('lb_limit_a', 'smallint', (c) => c.unsigned())
    .addColumn('capacity_rate_code', 'varchar(40)')
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('capacity_rates')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('eur_per_kw_year', 'decimal(11, 5)', (c) => c.notNull())
    .addColumn('updated_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('day_ahead_prices')
    .addColumn('zone', 'varchar(8)', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('minutes', sql`tinyint unsigned`, (c) => c.notNull())
    .addColumn('slots', 'json', (c) => c.notNull())
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('fetched_at', sql`datetime(3)`, (c) => c.notNull())
    .addPrimaryKeyConstraint('day_ahead_prices_pk', ['zone', 'day'])
    .execute();

  await db.schema
    .createTable('charge_plans')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('hours', 'json', (c) => c.notNull())
    .addColumn('requested', sql`tinyint unsigned`, (c) => c.notNull())
    .addColumn('mean_eur_per_mwh', 'decimal(10, 2)')
    .addColumn('planned_at', sql`datetime(3)`, (c) => c.notNull())
    .addPrimaryKeyConstraint('charge_plans_pk', ['site_id', 'day'])
    .execute();

  await db.schema
    .createTable('maintenance_charges')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('device_id', 'bigint', (c) =>
      c.unsigned().notNull().references('devices.id').onDelete('cascade'),
    )
    .addColumn('device_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', sql`enum('planned','running','completed','aborted','missed','cancelled')`, (c) =>
      c.notNull().defaultTo('planned'),
    )
    .addColumn('last_full_at', sql`datetime(3)`)
    .addColumn('window_start', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('window_end', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('mean_eur_per_mwh', 'decimal(10, 2)')
    .addColumn('announced_at', sql`datetime(3)`)
    .addColumn('started_at', sql`datetime(3)`)
    .addColumn('finished_at', sql`datetime(3)`)
    .addColumn('final_soc_pct', 'decimal(4, 1)')
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('maintenance_charges_window_uq', ['device_id', 'window_start'])
    .execute();
  await db.schema
    .createIndex('maintenance_charges_site_idx')
    .on('maintenance_charges')
    .columns(['site_id', 'window_start'])
    .execute();
  await db.schema
    .createIndex('maintenance_charges_open_idx')
    .on('maintenance_charges')
    .columns(['status', 'window_end'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'maintenance_charges',
    'charge_plans',
    'day_ahead_prices',
    'capacity_rates',
    'site_control_settings',
    'site_modules',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
