import { type Kysely, sql } from 'kysely';

// The homeowner view (decisions 010–013): session kinds (embed sessions scoped to one site), notifications, every tariff change,
// e-mail changes, sign-in with Google/Apple/Facebook, and single-use embed links. Never edit once landed.

const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  // An embed session belongs to one site (policy.ts keeps it there); a normal session has no site.
  await db.schema
    .alterTable('sessions')
    .addColumn('kind', sql`enum('user','embed')`, (c) => c.notNull().defaultTo('user'))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('site_id', 'bigint', (c) => c.unsigned())
    .execute();
  await db.schema
    .alterTable('sessions')
    .addForeignKeyConstraint('sessions_site_fk', ['site_id'], 'sites', ['id'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.unsigned().references('sites.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    // Message keys and their parameters: each reader sees the notification in their own language.
    .addColumn('title_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('body_key', 'varchar(100)', (c) => c.notNull())
    .addColumn('params', 'json')
    .addColumn('read_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notifications_user_unread_idx')
    .on('notifications')
    .columns(['user_id', 'read_at'])
    .execute();

  // `tariffs` keeps the tariff in force per day (one row per day it starts); this keeps every save, so the
  // history shows a change even when a later save on the same day replaced it.
  await db.schema
    .createTable('tariff_changes')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('import_eur_per_kwh', 'decimal(9, 5)', (c) => c.notNull())
    .addColumn('export_eur_per_kwh', 'decimal(9, 5)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().references('users.id').onDelete('set null'))
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('tariff_changes_site_idx')
    .on('tariff_changes')
    .columns(['site_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('email_changes')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('old_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('new_email', 'varchar(254)', (c) => c.notNull())
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('used_at', sql`datetime(3)`)
    .addColumn('revoked_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('email_changes_token_uq', ['token_hash'])
    .execute();
  await db.schema.createIndex('email_changes_user_idx').on('email_changes').columns(['user_id']).execute();

  await db.schema
    .createTable('oauth_accounts')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'varchar(20)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('last_login_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('oauth_accounts_provider_subject_uq', ['provider', 'subject'])
    .execute();
  await db.schema.createIndex('oauth_accounts_user_idx').on('oauth_accounts').columns(['user_id']).execute();

  await db.schema
    .createTable('embed_links')
    .addColumn('id', 'bigint', (c) => c.unsigned().autoIncrement().primaryKey())
    .addColumn('token_hash', 'char(64)', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.unsigned().notNull().references('users.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull().references('sites.id').onDelete('cascade'))
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('used_at', sql`datetime(3)`)
    .addColumn('created_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('embed_links_token_uq', ['token_hash'])
    .execute();
  await db.schema
    .createIndex('embed_links_user_idx')
    .on('embed_links')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['embed_links', 'oauth_accounts', 'email_changes', 'tariff_changes', 'notifications']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await db.schema
    .alterTable('sessions')
    .dropConstraint('sessions_site_fk')
    .execute()
    .catch(async () => {
      // MariaDB names the statement DROP FOREIGN KEY.
      await sql`ALTER TABLE sessions DROP FOREIGN KEY sessions_site_fk`.execute(db);
    });
  await sql`ALTER TABLE sessions DROP INDEX IF EXISTS sessions_site_fk`.execute(db);
  await db.schema.alterTable('sessions').dropColumn('site_id').execute();
  await db.schema.alterTable('sessions').dropColumn('kind').execute();
}
