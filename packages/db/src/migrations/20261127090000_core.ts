import { type Kysely, sql } from 'kysely';

// Core of DESIGN.md §5. Instants are DATETIME(3) in UTC (the pool sets time_zone '+00:00'); local calendar dates are
// DATE; money and prices DECIMAL. JSON columns are plain JSON (an alias for LONGTEXT with a validity check on MariaDB).
// Never edit this file once it has landed: add a new migration instead.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('kind', sql`enum('operator','installer')`, (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('vat_number', 'varchar(20)')
    .addColumn('email', 'varchar(254)')
    .addColumn('phone', 'varchar(40)')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('organizations_name_uq', ['name'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_hash', 'varchar(255)')
    .addColumn('locale', sql`enum('nl','fr','en')`, (c) => c.notNull().defaultTo('nl'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('email_verified_at', sql`datetime(3)`)
    .addColumn('last_login_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('users_email_uq', ['email'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('ip', 'varchar(45)')
    .addColumn('user_agent', 'varchar(255)')
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id']).execute();
  await db.schema.createIndex('sessions_expires_idx').on('sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'bigint', (c) => c.unsigned().notNull().references('organizations.id'))
    .addColumn('role', sql`enum('admin','support','fleet','installer_admin','technician')`, (c) =>
      c.notNull(),
    )
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('memberships_user_org_uq', ['user_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('memberships_org_idx').on('memberships').columns(['organization_id']).execute();

  await db.schema
    .createTable('sites')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('organization_id', 'bigint', (c) => c.unsigned().notNull().references('organizations.id'))
    .addColumn('name', 'varchar(120)')
    .addColumn('street', 'varchar(200)', (c) => c.notNull())
    .addColumn('house_number', 'varchar(20)', (c) => c.notNull())
    .addColumn('postal_code', 'varchar(10)', (c) => c.notNull())
    .addColumn('city', 'varchar(100)', (c) => c.notNull())
    .addColumn('country', 'char(2)', (c) => c.notNull().defaultTo('BE'))
    .addColumn('timezone', 'varchar(64)', (c) => c.notNull().defaultTo('Europe/Brussels'))
    .addColumn('grid_phases', 'smallint', (c) => c.notNull().defaultTo(3))
    .addColumn('main_fuse_a', 'smallint', (c) => c.notNull().defaultTo(40))
    .addColumn('status', sql`enum('draft','active','inactive')`, (c) => c.notNull().defaultTo('active'))
    // Lower-cased address, name and owner e-mail, kept in step by the site service, for the console's search box.
    .addColumn('search_text', 'varchar(600)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  for (const col of ['city', 'postal_code', 'street', 'created_at', 'status']) {
    await db.schema
      .createIndex(`sites_org_${col}_idx`)
      .on('sites')
      .columns(['organization_id', col, 'id'])
      .execute();
    await db.schema.createIndex(`sites_${col}_idx`).on('sites').columns([col, 'id']).execute();
  }

  await db.schema
    .createTable('site_members')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', sql`enum('owner','member')`, (c) => c.notNull())
    .addColumn('scope', sql`enum('all','chargers')`, (c) => c.notNull().defaultTo('all'))
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('site_members_site_user_uq', ['site_id', 'user_id'])
    .execute();
  await db.schema.createIndex('site_members_user_idx').on('site_members').columns(['user_id']).execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)', (c) => c.notNull())
    .addColumn('kind', sql`enum('organization','site')`, (c) => c.notNull())
    .addColumn('organization_id', 'bigint', (c) => c.unsigned().references('organizations.id'))
    .addColumn('role', sql`enum('admin','support','fleet','installer_admin','technician')`)
    .addColumn('site_id', 'bigint', (c) => c.unsigned().references('sites.id').onDelete('cascade'))
    .addColumn('site_role', sql`enum('owner','member')`)
    .addColumn('site_scope', sql`enum('all','chargers')`)
    .addColumn('invited_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('accepted_at', sql`datetime(3)`)
    .addColumn('revoked_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('invitations_token_uq', ['token_hash'])
    .execute();
  await db.schema
    .createIndex('invitations_org_idx')
    .on('invitations')
    .columns(['organization_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('invitations_site_idx')
    .on('invitations')
    .columns(['site_id', 'created_at'])
    .execute();
  await db.schema.createIndex('invitations_email_idx').on('invitations').columns(['email']).execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('used_at', sql`datetime(3)`)
    .addColumn('requested_ip', 'varchar(45)')
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('password_resets_token_uq', ['token_hash'])
    .execute();
  await db.schema
    .createIndex('password_resets_user_idx')
    .on('password_resets')
    .columns(['user_id'])
    .execute();

  await db.schema
    .createTable('meters')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('ean', 'char(18)', (c) => c.notNull())
    .addColumn('energy_type', sql`enum('E','G')`, (c) => c.notNull().defaultTo('E'))
    .addColumn('active_since', 'date', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('meters_ean_uq', ['ean'])
    .execute();
  await db.schema.createIndex('meters_site_idx').on('meters').columns(['site_id']).execute();

  await db.schema
    .createTable('gateways')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('serial', 'varchar(40)', (c) => c.notNull())
    .addColumn('organization_id', 'bigint', (c) => c.unsigned().references('organizations.id'))
    .addColumn('site_id', 'bigint', (c) => c.unsigned().references('sites.id').onDelete('set null'))
    .addColumn('claim_code_hash', 'char(64)')
    .addColumn('mqtt_username', 'varchar(64)')
    .addColumn('firmware_version', 'varchar(40)')
    .addColumn('hardware_revision', 'varchar(40)')
    .addColumn('online', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_seen_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('gateways_serial_uq', ['serial'])
    .execute();
  await db.schema.createIndex('gateways_site_idx').on('gateways').columns(['site_id']).execute();
  await db.schema.createIndex('gateways_org_idx').on('gateways').columns(['organization_id']).execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().references('gateways.id').onDelete('set null'))
    .addColumn('type', sql`enum('meter','inverter','battery','charger','heat')`, (c) => c.notNull())
    .addColumn('manufacturer', 'varchar(100)')
    .addColumn('model', 'varchar(100)', (c) => c.notNull())
    .addColumn('serial', 'varchar(64)', (c) => c.notNull())
    .addColumn('meter_id', 'bigint', (c) => c.unsigned().references('meters.id').onDelete('set null'))
    .addColumn('modbus', 'json')
    .addColumn('status', 'varchar(32)')
    .addColumn('status_code', 'varchar(32)')
    .addColumn('status_text', 'varchar(255)')
    .addColumn('status_changed_at', sql`datetime(3)`)
    .addColumn('active_since', 'date', (c) => c.notNull())
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('devices_type_serial_uq', ['type', 'serial'])
    .execute();
  await db.schema.createIndex('devices_site_idx').on('devices').columns(['site_id', 'type']).execute();
  await db.schema.createIndex('devices_gateway_idx').on('devices').columns(['gateway_id']).execute();

  await db.schema
    .createTable('tariffs')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('import_eur_per_kwh', 'decimal(9, 5)', (c) => c.notNull())
    .addColumn('export_eur_per_kwh', 'decimal(9, 5)', (c) => c.notNull())
    .addColumn('created_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('tariffs_site_from_uq', ['site_id', 'effective_from'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('actor_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('actor_email', 'varchar(254)')
    .addColumn('organization_id', 'bigint', (c) => c.unsigned())
    .addColumn('site_id', 'bigint', (c) => c.unsigned())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('entity_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('entity_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('before', 'json')
    .addColumn('after', 'json')
    .addColumn('ip', 'varchar(45)')
    .addColumn('request_id', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_at_idx').on('audit_log').columns(['at']).execute();
  await db.schema
    .createIndex('audit_org_at_idx')
    .on('audit_log')
    .columns(['organization_id', 'at'])
    .execute();
  await db.schema.createIndex('audit_site_at_idx').on('audit_log').columns(['site_id', 'at']).execute();
  await db.schema
    .createIndex('audit_actor_at_idx')
    .on('audit_log')
    .columns(['actor_user_id', 'at'])
    .execute();
  await db.schema
    .createIndex('audit_entity_idx')
    .on('audit_log')
    .columns(['entity_type', 'entity_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_log',
    'tariffs',
    'devices',
    'gateways',
    'meters',
    'password_resets',
    'invitations',
    'site_members',
    'sites',
    'memberships',
    'sessions',
    'users',
    'organizations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
