import { type Kysely, sql } from 'kysely';

// Energy history (DESIGN.md §5, decision 005). Every large table is keyed by site first, so a site's reads are one range of
// the primary key and the tables can later be sharded or partitioned on site_id.
// Quarter starts are DATETIME (UTC, whole seconds); local days are DATE (Europe/Brussels); energy in integer Wh.
const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // Cumulative counters as the gateway sent them at each quarter boundary: what quarter values are derived from.
  await db.schema
    .createTable('energy_counters')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('ts', 'datetime', (c) => c.notNull())
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('seq', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('counters', 'json', (c) => c.notNull())
    .addColumn('received_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('energy_counters_pk', ['site_id', 'ts'])
    .execute();

  // One row per site and quarter. Import/export keep both sources; the effective value follows the precedence rule
  // (decision 005). The other columns come from the gateway's device counters only.
  await db.schema
    .createTable('energy_qh')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('ts', 'datetime', (c) => c.notNull())
    .addColumn('import_wh', 'integer')
    .addColumn('export_wh', 'integer')
    .addColumn('grid_source', sql`enum('gateway','fluvius')`)
    .addColumn('grid_quality', sql`enum('measured','read','validated','estimated','not_validated')`)
    .addColumn('gw_import_wh', 'integer')
    .addColumn('gw_export_wh', 'integer')
    .addColumn('fl_import_wh', 'integer')
    .addColumn('fl_export_wh', 'integer')
    .addColumn('fl_state', sql`enum('READ','VAL','EST','NVAL')`)
    .addColumn('production_wh', 'integer')
    .addColumn('battery_charge_wh', 'integer')
    .addColumn('battery_discharge_wh', 'integer')
    .addColumn('ev_wh', 'integer')
    .addColumn('heat_wh', 'integer')
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('energy_qh_pk', ['site_id', 'ts'])
    .execute();

  await db.schema
    .createTable('energy_day')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('import_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('export_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('production_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('battery_charge_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('battery_discharge_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ev_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('heat_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('grid_quarters', 'smallint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('energy_day_pk', ['site_id', 'day'])
    .execute();

  await db.schema
    .createTable('energy_month')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('import_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('export_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('production_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('battery_charge_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('battery_discharge_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('ev_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('heat_wh', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('grid_quarters', 'integer', (c) => c.notNull().defaultTo(0))
    // The capacity tariff's monthly peak: the highest quarter-hour average import, from our quarters...
    .addColumn('qh_peak_w', 'integer')
    .addColumn('qh_peak_at', 'datetime')
    // ...and as the meter itself reports it (P1 1-0:1.6.0), when it does.
    .addColumn('meter_peak_w', 'integer')
    .addColumn('meter_peak_at', 'datetime')
    .addPrimaryKeyConstraint('energy_month_pk', ['site_id', 'month'])
    .execute();

  // Per device and quarter: battery state of charge and boiler temperature at the quarter's end, device energy in it.
  await db.schema
    .createTable('device_qh')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('device_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('ts', 'datetime', (c) => c.notNull())
    .addColumn('soc_pct', 'decimal(4, 1)')
    .addColumn('temp_c', 'decimal(5, 1)')
    .addColumn('energy_wh', 'integer')
    .addPrimaryKeyConstraint('device_qh_pk', ['site_id', 'device_key', 'ts'])
    .execute();

  // The site timeline: device status changes, errors, charge sessions, control decisions.
  await db.schema
    .createTable('events')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned())
    .addColumn('uid', 'char(36)', (c) => c.notNull())
    .addColumn('ts', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('device_key', 'varchar(64)')
    .addColumn('payload', 'json', (c) => c.notNull())
    .addColumn('received_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('events_uid_uq', ['uid'])
    .execute();
  await db.schema.createIndex('events_site_ts_idx').on('events').columns(['site_id', 'ts']).execute();

  // Which gateway device a device row is (the id in the gateway's config), and the gateway's latest state.
  await db.schema.alterTable('devices').addColumn('gateway_device_key', 'varchar(64)').execute();
  await db.schema
    .createIndex('devices_gateway_key_idx')
    .on('devices')
    .columns(['gateway_id', 'gateway_device_key'])
    .execute();
  await db.schema.alterTable('gateways').addColumn('uptime_s', 'integer').execute();
  await db.schema.alterTable('gateways').addColumn('online_changed_at', sql`datetime(3)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('gateways').dropColumn('online_changed_at').execute();
  await db.schema.alterTable('gateways').dropColumn('uptime_s').execute();
  await db.schema.dropIndex('devices_gateway_key_idx').on('devices').execute();
  await db.schema.alterTable('devices').dropColumn('gateway_device_key').execute();
  for (const t of ['events', 'device_qh', 'energy_month', 'energy_day', 'energy_qh', 'energy_counters']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
