import type { Kysely } from 'kysely';

// An alarm resolved by hand (issue 14): who closed it and the note they left, beside the pass's own clearing (which
// leaves both empty). Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alarms')
    .addColumn('resolved_by_user_id', 'bigint', (c) =>
      c.unsigned().references('users.id').onDelete('set null'),
    )
    .addColumn('resolution', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('alarms').dropColumn('resolution').dropColumn('resolved_by_user_id').execute();
}
