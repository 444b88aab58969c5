import { type Kysely, sql } from 'kysely';

// An alarm resolved by hand (issue 14): who closed it and the note they left, beside the pass's own clearing (which
// leaves both empty). Never edit once landed. (Its foreign key is named, so that `down` can drop it before the column:
// MariaDB refuses to drop the column, or the index, of a foreign key still there.)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alarms')
    .addColumn('resolved_by_user_id', 'bigint', (c) => c.unsigned())
    .addColumn('resolution', 'text')
    .execute();
  await db.schema
    .alterTable('alarms')
    .addForeignKeyConstraint('alarms_resolved_by_fk', ['resolved_by_user_id'], 'users', ['id'], (c) =>
      c.onDelete('set null'),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE alarms DROP FOREIGN KEY alarms_resolved_by_fk`.execute(db);
  // dropping the column drops its index too (MySQL 8 and MariaDB alike)
  await db.schema.alterTable('alarms').dropColumn('resolution').dropColumn('resolved_by_user_id').execute();
}
