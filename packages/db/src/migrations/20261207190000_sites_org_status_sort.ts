import type { Kysely } from 'kysely';

// An installer's sites table filtered on a status (issue 17): with only (organization_id, col, id) and (status, col,
// id) to choose from, the optimizer walked the whole fleet's sort index and skipped other organizations' rows (100 ms
// where the organization's own index takes 4). One index per sort column with both filters first. Never edit once
// landed.
const SORTS = ['street', 'city', 'postal_code', 'created_at'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const col of SORTS)
    await db.schema
      .createIndex(`sites_org_status_${col}_idx`)
      .on('sites')
      .columns(['organization_id', 'status', col, 'id'])
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const col of SORTS) await db.schema.dropIndex(`sites_org_status_${col}_idx`).on('sites').execute();
}
