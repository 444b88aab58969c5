import type { Kysely } from 'kysely';

// The fleet table filtered on a firmware version and sorted on serial walks this index instead of sorting the
// version's share of the fleet (decision 041). Never edit once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('gateways_firmware_serial_idx')
    .on('gateways')
    .columns(['firmware_version', 'serial'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('gateways_firmware_serial_idx').on('gateways').execute();
}
