import { type Kysely, sql } from 'kysely';

// The console's sites table at 100,000 sites (decision 003): the search column holds lower-cased, accent-folded text
// compared byte for byte (a LIKE scan is about twice as fast as with the accent-insensitive collation), and a status
// filter combined with any sort column has an index of its own.
const SORTS = ['street', 'city', 'postal_code', 'created_at'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE sites MODIFY search_text VARCHAR(600) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL DEFAULT ''`.execute(
    db,
  );
  for (const col of SORTS) {
    await db.schema
      .createIndex(`sites_status_${col}_idx`)
      .on('sites')
      .columns(['status', col, 'id'])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const col of SORTS) await db.schema.dropIndex(`sites_status_${col}_idx`).on('sites').execute();
  await sql`ALTER TABLE sites MODIFY search_text VARCHAR(600) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL DEFAULT ''`.execute(
    db,
  );
}
