import { type Kysely, sql } from 'kysely';

// A company car's sessions, not only a whole charger (decision 304): which sessions of a company-car charger its
// statement counts ('all' but those marked private, or only those marked), and each session's own mark (NULL: none).
// Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('company_cars')
    .addColumn('sessions', sql`enum('all','marked')`, (c) => c.notNull().defaultTo('all'))
    .execute();
  await db.schema.alterTable('charge_sessions').addColumn('company_car', 'boolean').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('charge_sessions').dropColumn('company_car').execute();
  await db.schema.alterTable('company_cars').dropColumn('sessions').execute();
}
