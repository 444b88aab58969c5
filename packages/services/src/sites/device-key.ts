import type { Database, DeviceType, Transaction } from '@ilumen/db';

/**
 * A device's one name (decision 071): what the gateway's configuration, its messages, commands, live values, events
 * and every page call it. Given once, when the device is added to its site, and never changed. The site's first meter
 * is the meter on the gateway's P1 port, which the gateway calls `p1`.
 */
const PREFIX: Record<DeviceType, string> = {
  inverter: 'inv',
  battery: 'bat',
  charger: 'charger',
  heat: 'heat',
  meter: 'meter',
};

/**
 * The next free key for a new device of `type` on the site: `<prefix><n>` with the smallest n that no device of the
 * site has and no stored history names (a new charger does not inherit a removed one's quarters). Locks the site row,
 * so two devices added at once do not pick the same key.
 */
export async function nextDeviceKey(
  trx: Transaction<Database>,
  siteId: number,
  type: DeviceType,
): Promise<string> {
  await trx.selectFrom('sites').select('id').where('id', '=', siteId).forUpdate().executeTakeFirst();
  const [devices, history] = await Promise.all([
    trx.selectFrom('devices').select('device_key').where('site_id', '=', siteId).execute(),
    trx
      .selectFrom('device_qh')
      .select('device_key')
      .distinct()
      .where('site_id', '=', siteId)
      .where('device_key', 'like', `${PREFIX[type]}%`)
      .execute(),
  ]);
  const used = new Set([...devices, ...history].map((d) => d.device_key));
  if (type === 'meter' && !used.has('p1')) return 'p1';
  for (let n = 1; ; n++) {
    const key = `${PREFIX[type]}${n}`;
    if (!used.has(key)) return key;
  }
}
