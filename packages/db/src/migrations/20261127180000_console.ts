import { type Kysely, sql } from 'kysely';

// The console for installers and the support desk (decisions 040–042): claiming gateways, the commissioning wizard's state per
// site, alarms with comments and digest settings, each gateway's connectivity history, and the indexes the fleet
// tables and the alarm evaluation need at 100,000 gateways. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // Claiming: who took the box onto a site and when its broker login was made; the fleet's open alarms, kept in step
  // by the alarm evaluation so the fleet table can sort on it without counting.
  await db.schema
    .alterTable('gateways')
    .addColumn('claimed_at', sql`datetime(3)`)
    .addColumn('claimed_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('credentials_issued_at', sql`datetime(3)`)
    .addColumn('registered_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('open_alarms', 'smallint', (c) => c.unsigned().notNull().defaultTo(0))
    .execute();
  for (const col of ['firmware_version', 'last_seen_at', 'open_alarms', 'online']) {
    await db.schema.createIndex(`gateways_${col}_idx`).on('gateways').columns([col, 'id']).execute();
    await db.schema
      .createIndex(`gateways_org_${col}_idx`)
      .on('gateways')
      .columns(['organization_id', col, 'id'])
      .execute();
  }
  await db.schema
    .createIndex('gateways_org_serial_idx')
    .on('gateways')
    .columns(['organization_id', 'serial'])
    .execute();
  await db.schema
    .createIndex('gateways_online_changed_idx')
    .on('gateways')
    .columns(['online', 'online_changed_at'])
    .execute();
  await db.schema
    .createIndex('devices_status_idx')
    .on('devices')
    .columns(['status', 'status_changed_at'])
    .execute();
  await db.schema
    .createIndex('devices_type_status_idx')
    .on('devices')
    .columns(['type', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('events_type_received_idx')
    .on('events')
    .columns(['type', 'received_at'])
    .execute();
  await db.schema
    .createIndex('mandates_status_site_idx')
    .on('fluvius_mandates')
    .columns(['status', 'site_id'])
    .execute();

  await db.schema
    .createTable('gateway_connectivity')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('online', 'boolean', (c) => c.notNull())
    // 'will' (the broker's last will), 'silent' (nothing heard: marked by the job), 'shutdown'/'reboot'/'update'
    // (the gateway said goodbye itself), 'connect', 'seen' (a message after an offline mark).
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('firmware_version', 'varchar(40)')
    .execute();
  await db.schema
    .createIndex('gateway_connectivity_gw_idx')
    .on('gateway_connectivity')
    .columns(['gateway_id', 'at'])
    .execute();

  await db.schema
    .createTable('commissionings')
    .addColumn('site_id', 'bigint', (c) =>
      c.unsigned().primaryKey().references('sites.id').onDelete('cascade'),
    )
    .addColumn('organization_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('step', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'json', (c) => c.notNull())
    .addColumn('started_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('started_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('completed_at', sql`datetime(3)`)
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('commissionings_org_idx')
    .on('commissionings')
    .columns(['organization_id', 'completed_at', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('commissionings_open_idx')
    .on('commissionings')
    .columns(['completed_at', 'updated_at'])
    .execute();

  await db.schema
    .createTable('alarms')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    // The condition this alarm is about (kind + subject); set while the alarm is open, NULL once cleared, so at most one
    // open alarm exists per condition (a unique index allows many NULLs).
    .addColumn('open_key', 'varchar(160)')
    .addColumn('subject', 'varchar(120)', (c) => c.notNull())
    .addColumn('severity', sql`enum('critical','warning','info')`, (c) => c.notNull())
    .addColumn('status', sql`enum('open','cleared')`, (c) => c.notNull().defaultTo('open'))
    .addColumn('organization_id', 'bigint', (c) => c.unsigned())
    .addColumn('site_id', 'bigint', (c) => c.unsigned())
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned())
    .addColumn('device_id', 'bigint', (c) => c.unsigned())
    .addColumn('mandate_id', 'bigint', (c) => c.unsigned())
    .addColumn('code', 'varchar(32)')
    .addColumn('details', 'json', (c) => c.notNull())
    // When the condition began (the gateway went offline, the device reported Fout), and when the alarm was raised.
    .addColumn('since', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('raised_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('last_active_at', sql`datetime(3)`, (c) => c.notNull())
    // The condition has been gone since then; the alarm clears once that lasted long enough (hysteresis).
    .addColumn('clear_pending_since', sql`datetime(3)`)
    .addColumn('cleared_at', sql`datetime(3)`)
    .addColumn('acknowledged_at', sql`datetime(3)`)
    .addColumn('acknowledged_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('assigned_to_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('alarms_open_key_uq', ['open_key'])
    .execute();
  await db.schema
    .createIndex('alarms_status_raised_idx')
    .on('alarms')
    .columns(['status', 'raised_at'])
    .execute();
  await db.schema
    .createIndex('alarms_org_status_raised_idx')
    .on('alarms')
    .columns(['organization_id', 'status', 'raised_at'])
    .execute();
  await db.schema.createIndex('alarms_site_idx').on('alarms').columns(['site_id', 'raised_at']).execute();
  await db.schema.createIndex('alarms_gateway_idx').on('alarms').columns(['status', 'gateway_id']).execute();
  await db.schema.createIndex('alarms_raised_idx').on('alarms').columns(['raised_at']).execute();

  await db.schema
    .createTable('alarm_comments')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('alarm_id', 'bigint', (c) =>
      c.unsigned().notNull().references('alarms.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'bigint', (c) => c.unsigned())
    .addColumn('body', 'varchar(2000)', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('alarm_comments_alarm_idx')
    .on('alarm_comments')
    .columns(['alarm_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('alarm_digest_settings')
    .addColumn('user_id', 'bigint', (c) =>
      c.unsigned().primaryKey().references('users.id').onDelete('cascade'),
    )
    .addColumn('frequency', sql`enum('off','hourly','daily')`, (c) => c.notNull())
    .addColumn('min_severity', sql`enum('critical','warning','info')`, (c) => c.notNull())
    .addColumn('last_sent_at', sql`datetime(3)`)
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'alarm_digest_settings',
    'alarm_comments',
    'alarms',
    'commissionings',
    'gateway_connectivity',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema.dropIndex('mandates_status_site_idx').on('fluvius_mandates').execute();
  await db.schema.dropIndex('events_type_received_idx').on('events').execute();
  await db.schema.dropIndex('devices_type_status_idx').on('devices').execute();
  await db.schema.dropIndex('devices_status_idx').on('devices').execute();
  await db.schema.dropIndex('gateways_online_changed_idx').on('gateways').execute();
  await db.schema.dropIndex('gateways_org_serial_idx').on('gateways').execute();
  for (const col of ['firmware_version', 'last_seen_at', 'open_alarms', 'online']) {
    await db.schema.dropIndex(`gateways_org_${col}_idx`).on('gateways').execute();
    await db.schema.dropIndex(`gateways_${col}_idx`).on('gateways').execute();
  }
  await db.schema
    .alterTable('gateways')
    .dropColumn('open_alarms')
    .dropColumn('registered_by_user_id')
    .dropColumn('credentials_issued_at')
    .dropColumn('claimed_by_user_id')
    .dropColumn('claimed_at')
    .execute();
}
