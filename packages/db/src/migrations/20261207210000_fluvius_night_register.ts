import type { Kysely } from 'kysely';

// What the meter's night register counted of a Fluvius quarter's import ("Afname Nacht"), beside the day and night
// sum in fl_import_wh (decision 300): a home whose quarters come only from Fluvius is split by its own registers, not
// by the clock. NULL where Fluvius gave one total register (an AMR meter) or no value. Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('energy_qh').addColumn('fl_import_night_wh', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('energy_qh').dropColumn('fl_import_night_wh').execute();
}
