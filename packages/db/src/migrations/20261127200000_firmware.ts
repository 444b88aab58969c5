import { type Kysely, sql } from 'kysely';

// Firmware releases and rollouts (decisions 060–062): signed releases, site tags for targeting, rollouts with their waves,
// one row per targeted gateway with its state, and the log of what happened. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;
const TARGET_STATES = sql`enum('pending','sent','downloading','verifying','installing','rebooting','healthy','failed','rolled_back','timed_out','skipped','cancelled')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('firmware_releases')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('version', 'varchar(40)', (c) => c.notNull())
    .addColumn('hardware_revision', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', sql`enum('stable','beta','dev')`, (c) => c.notNull().defaultTo('stable'))
    .addColumn('notes', 'varchar(4000)', (c) => c.notNull().defaultTo(''))
    .addColumn('size_bytes', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('signature', 'varchar(88)', (c) => c.notNull())
    .addColumn('artifact_url', 'varchar(1000)', (c) => c.notNull())
    .addColumn('stored', 'boolean', (c) => c.notNull())
    .addColumn('created_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('retired_at', sql`datetime(3)`)
    .addUniqueConstraint('firmware_releases_version_hw_uq', ['version', 'hardware_revision'])
    .execute();
  await db.schema
    .createIndex('firmware_releases_created_idx')
    .on('firmware_releases')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('firmware_releases_sha_idx')
    .on('firmware_releases')
    .columns(['sha256'])
    .execute();

  await db.schema
    .createTable('site_tags')
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(40)', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('site_tags_pk', ['site_id', 'tag'])
    .execute();
  await db.schema.createIndex('site_tags_tag_idx').on('site_tags').columns(['tag', 'site_id']).execute();

  await db.schema
    .createTable('rollouts')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('release_id', 'bigint', (c) => c.unsigned().notNull().references('firmware_releases.id'))
    .addColumn('status', sql`enum('running','paused','completed','aborted')`, (c) =>
      c.notNull().defaultTo('running'),
    )
    .addColumn('target', 'json', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.unsigned().notNull())
    .addColumn('current_wave', 'smallint', (c) => c.unsigned().notNull().defaultTo(0))
    .addColumn('rate_per_minute', 'integer', (c) => c.unsigned().notNull())
    .addColumn('window', 'json')
    .addColumn('max_failure_pct', 'double precision', (c) => c.notNull())
    .addColumn('online_timeout_s', 'integer', (c) => c.unsigned().notNull())
    .addColumn('step_timeout_s', 'integer', (c) => c.unsigned().notNull())
    .addColumn('pause_reason', 'varchar(1000)')
    .addColumn('paused_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('created_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', sql`datetime(3)`)
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('rollouts_status_idx').on('rollouts').columns(['status', 'id']).execute();
  await db.schema.createIndex('rollouts_created_idx').on('rollouts').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('rollout_waves')
    .addColumn('rollout_id', 'bigint', (c) =>
      c.unsigned().notNull().references('rollouts.id').onDelete('cascade'),
    )
    .addColumn('wave_no', 'smallint', (c) => c.unsigned().notNull())
    .addColumn('pct', 'double precision', (c) => c.notNull())
    .addColumn('soak_s', 'integer', (c) => c.unsigned().notNull())
    .addColumn('target_count', 'integer', (c) => c.unsigned().notNull())
    .addColumn('status', sql`enum('pending','dispatching','soaking','passed','failed')`, (c) =>
      c.notNull().defaultTo('pending'),
    )
    .addColumn('started_at', sql`datetime(3)`)
    .addColumn('soak_until', sql`datetime(3)`)
    .addColumn('gated_at', sql`datetime(3)`)
    .addColumn('health', 'json')
    .addPrimaryKeyConstraint('rollout_waves_pk', ['rollout_id', 'wave_no'])
    .execute();

  await db.schema
    .createTable('rollout_targets')
    .addColumn('rollout_id', 'bigint', (c) =>
      c.unsigned().notNull().references('rollouts.id').onDelete('cascade'),
    )
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('wave_no', 'smallint', (c) => c.unsigned().notNull())
    .addColumn('site_id', 'bigint', (c) => c.unsigned())
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull())
    .addColumn('from_version', 'varchar(40)')
    .addColumn('state', TARGET_STATES, (c) => c.notNull().defaultTo('pending'))
    .addColumn('progress_pct', 'smallint', (c) => c.unsigned())
    .addColumn('sent_at', sql`datetime(3)`)
    .addColumn('last_step_at', sql`datetime(3)`)
    .addColumn('finished_at', sql`datetime(3)`)
    .addColumn('reason', 'varchar(1000)')
    .addColumn('domain_before', 'json')
    .addColumn('domain_after', 'json')
    .addPrimaryKeyConstraint('rollout_targets_pk', ['rollout_id', 'gateway_id'])
    .execute();
  // the dispatcher's "pending of this wave", the counts per wave and state, the rate limit's last minute, and a
  // gateway's rollouts (one open rollout per gateway)
  await db.schema
    .createIndex('rollout_targets_wave_state_idx')
    .on('rollout_targets')
    .columns(['rollout_id', 'wave_no', 'state'])
    .execute();
  await db.schema
    .createIndex('rollout_targets_state_step_idx')
    .on('rollout_targets')
    .columns(['rollout_id', 'state', 'last_step_at'])
    .execute();
  await db.schema
    .createIndex('rollout_targets_sent_idx')
    .on('rollout_targets')
    .columns(['rollout_id', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('rollout_targets_gateway_idx')
    .on('rollout_targets')
    .columns(['gateway_id', 'state'])
    .execute();

  await db.schema
    .createTable('rollout_log')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('rollout_id', 'bigint', (c) =>
      c.unsigned().notNull().references('rollouts.id').onDelete('cascade'),
    )
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned())
    .addColumn('at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('step', 'varchar(24)', (c) => c.notNull())
    .addColumn('detail', 'varchar(1000)')
    .execute();
  await db.schema
    .createIndex('rollout_log_gateway_idx')
    .on('rollout_log')
    .columns(['rollout_id', 'gateway_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'rollout_log',
    'rollout_targets',
    'rollout_waves',
    'rollouts',
    'site_tags',
    'firmware_releases',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
