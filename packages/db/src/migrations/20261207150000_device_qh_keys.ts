import { type Kysely, sql } from 'kysely';

// Device history under the devices' own keys (decision 071, decision 140): the ingest kept a site's battery and boiler
// quarters under the fixed names `battery` and `heat` and its chargers' under `charger:<key>`, while the pages and the
// maintenance charge look them up by the device's key (`bat1`, `heat1`, `charger1`). Existing rows move to the key of
// the site's first device of that type (the one the ingest now writes for); rows of a site without one stay as they
// are. Never edit once landed.

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, type] of [
    ['battery', 'battery'],
    ['heat', 'heat'],
  ] as const) {
    await sql`
      UPDATE IGNORE device_qh q
      JOIN (SELECT site_id, MIN(id) AS id FROM devices WHERE type = ${type} GROUP BY site_id) f ON f.site_id = q.site_id
      JOIN devices d ON d.id = f.id
      SET q.device_key = d.device_key
      WHERE q.device_key = ${name}`.execute(db);
  }
  await sql`UPDATE IGNORE device_qh SET device_key = SUBSTRING(device_key, 9) WHERE device_key LIKE 'charger:%'`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  // the old names carried nothing the new keys do not
}
