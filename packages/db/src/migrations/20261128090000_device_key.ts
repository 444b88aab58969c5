import { type Kysely, sql } from 'kysely';

// One identity per device (decision 071): `devices.device_key` is the name the gateway's configuration, its MQTT
// messages, commands, live values, events and every page use for the device, unique within its site and never empty.
// It was `gateway_device_key`, set only once a configuration had been sent, with the row id as a stand-in elsewhere.
// Never edit once landed.

/** The key prefix per device type, as it stood when this migration was written (frozen here on purpose). */
const PREFIX: Record<string, string> = {
  inverter: 'inv',
  battery: 'bat',
  charger: 'charger',
  heat: 'heat',
  meter: 'meter',
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE devices RENAME COLUMN gateway_device_key TO device_key`.execute(db);
  // A device without a key was never in a configuration, so no gateway knows it yet: give it the name new devices
  // get (the site's first meter is the gateway's P1 port, `p1`; others `<type prefix><n>`, the smallest n free).
  const rows = (await db
    .selectFrom('devices')
    .select(['id', 'site_id', 'type', 'device_key'])
    .orderBy('site_id')
    .orderBy('id')
    .execute()) as Array<{ id: number; site_id: number; type: string; device_key: string | null }>;
  const taken = new Map<number, Set<string>>();
  for (const r of rows) {
    if (!taken.has(r.site_id)) taken.set(r.site_id, new Set());
    if (r.device_key) taken.get(r.site_id)!.add(r.device_key);
  }
  for (const r of rows) {
    if (r.device_key) continue;
    const used = taken.get(r.site_id)!;
    let key = r.type === 'meter' && !used.has('p1') ? 'p1' : '';
    for (let n = 1; !key; n++) if (!used.has(`${PREFIX[r.type]}${n}`)) key = `${PREFIX[r.type]}${n}`;
    used.add(key);
    await db.updateTable('devices').set({ device_key: key }).where('id', '=', r.id).execute();
  }
  await sql`ALTER TABLE devices MODIFY device_key varchar(64) NOT NULL`.execute(db);
  await db.schema.dropIndex('devices_gateway_key_idx').on('devices').execute();
  await db.schema
    .createIndex('devices_site_key_uq')
    .on('devices')
    .columns(['site_id', 'device_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('devices_site_key_uq').on('devices').execute();
  await sql`ALTER TABLE devices MODIFY device_key varchar(64) NULL`.execute(db);
  await sql`ALTER TABLE devices RENAME COLUMN device_key TO gateway_device_key`.execute(db);
  await db.schema
    .createIndex('devices_gateway_key_idx')
    .on('devices')
    .columns(['gateway_id', 'gateway_device_key'])
    .execute();
}
