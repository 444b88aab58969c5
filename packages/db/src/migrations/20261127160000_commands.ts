import { type Kysely, sql } from 'kysely';

// Commands to gateways and their results (cmd/req, cmd/res), and the desired configuration per gateway with the
// version the gateway last acknowledged (config, config/ack).
const now = sql`CURRENT_TIMESTAMP(3)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commands')
    .addColumn('id', 'char(36)', (c) => c.primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().notNull())
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('args', 'json', (c) => c.notNull())
    .addColumn('issued_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('issued_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('expires_at', sql`datetime(3)`, (c) => c.notNull())
    .addColumn('status', sql`enum('sent','succeeded','failed','expired')`, (c) =>
      c.notNull().defaultTo('sent'),
    )
    .addColumn('result', 'json')
    .addColumn('error_code', 'varchar(32)')
    .addColumn('error_message', 'varchar(1000)')
    .addColumn('finished_at', sql`datetime(3)`)
    .execute();
  await db.schema.createIndex('commands_site_idx').on('commands').columns(['site_id', 'issued_at']).execute();
  await db.schema
    .createIndex('commands_gateway_idx')
    .on('commands')
    .columns(['gateway_id', 'issued_at'])
    .execute();
  await db.schema.createIndex('commands_open_idx').on('commands').columns(['status', 'expires_at']).execute();

  await db.schema
    .createTable('gateway_configs')
    .addColumn('gateway_id', 'bigint', (c) => c.unsigned().primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('config', 'json', (c) => c.notNull())
    .addColumn('issued_at', sql`datetime(3)`, (c) => c.notNull().defaultTo(now))
    .addColumn('acked_version', 'integer')
    .addColumn('acked_at', sql`datetime(3)`)
    .addColumn('ack_ok', 'boolean')
    .addColumn('ack_error', 'varchar(1000)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('gateway_configs').ifExists().execute();
  await db.schema.dropTable('commands').ifExists().execute();
}
