import { type Kysely, sql } from 'kysely';

// Gateway broker logins (decision 018): the platform keeps the hash of each gateway's password (a clustered broker
// authenticates through the portal with it) and when, by whom and why staff revoked it. Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('gateways')
    .addColumn('mqtt_password_hash', 'varchar(160)')
    .addColumn('mqtt_revoked_at', sql`datetime(3)`)
    .addColumn('mqtt_revoked_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('mqtt_revoked_reason', 'varchar(16)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('gateways')
    .dropColumn('mqtt_password_hash')
    .dropColumn('mqtt_revoked_at')
    .dropColumn('mqtt_revoked_by_user_id')
    .dropColumn('mqtt_revoked_reason')
    .execute();
}
