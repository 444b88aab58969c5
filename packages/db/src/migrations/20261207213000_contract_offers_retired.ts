import { type Kysely, sql } from 'kysely';

// A contract offer staff retired (decision 303): no longer compared, kept for the audit log's sake and to be saved
// again under its name. Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contract_offers').addColumn('retired_at', sql`datetime(3)`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contract_offers').dropColumn('retired_at').execute();
}
