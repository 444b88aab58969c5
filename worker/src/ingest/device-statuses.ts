import type { Database, Db, Transaction } from '@ilumen/db';

export interface DeviceStatusUpdate {
  /** The device's key (decision 071): what the gateway calls it. */
  deviceKey: string;
  status: string;
  error?: { code: string; text: string };
  /** When the device took this status. */
  at: Date;
}

/**
 * A device's status on its row, from a `device.status` event or the statuses in `state`. Only the newer one wins, so
 * the two paths and any replays may arrive in any order.
 */
export async function writeDeviceStatus(
  db: Db | Transaction<Database>,
  siteId: number,
  u: DeviceStatusUpdate,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      status: u.status,
      status_code: u.error?.code ?? null,
      status_text: u.error?.text ?? null,
      status_changed_at: u.at,
    })
    .where('site_id', '=', siteId)
    .where('device_key', '=', u.deviceKey)
    .where((eb) => eb.or([eb('status_changed_at', 'is', null), eb('status_changed_at', '<=', u.at)]))
    .execute();
}
