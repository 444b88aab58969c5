import type { Database, DeviceType, Transaction } from '@ilumen/db';
import type { MessageKey } from '@ilumen/i18n';
import { grantedModules, readControlSettings } from '../control/settings';

/**
 * Why a device cannot leave its site yet: a part of the gateway's configuration still steers it (decision 071).
 * Removing it anyway would send the gateway a configuration that silently drops what the person set up (a timer that
 * never runs, peak shaving without a battery), so the removal is refused with the reason, in the person's language.
 * Null when nothing depends on it.
 */
export async function deviceInUse(
  trx: Transaction<Database>,
  device: { id: number; site_id: number; type: DeviceType },
): Promise<MessageKey | null> {
  if (device.type !== 'battery' && device.type !== 'charger') return null;
  if (device.type === 'battery') {
    const timer = await trx
      .selectFrom('charge_timers')
      .select('id')
      .where('device_id', '=', device.id)
      .limit(1)
      .executeTakeFirst();
    if (timer) return 'devices.inUse.chargeTimers';
    const running = await trx
      .selectFrom('maintenance_charges')
      .select('id')
      .where('device_id', '=', device.id)
      .where('status', '=', 'running')
      .limit(1)
      .executeTakeFirst();
    if (running) return 'devices.inUse.maintenance';
  }
  // A controller that steers "the batteries" or "the chargers" only loses its device when this is the last one.
  const others = await trx
    .selectFrom('devices')
    .select('id')
    .where('site_id', '=', device.site_id)
    .where('type', '=', device.type)
    .where('id', '!=', device.id)
    .limit(1)
    .executeTakeFirst();
  if (others) return null;
  const [modules, settings] = await Promise.all([
    grantedModules(trx, device.site_id),
    readControlSettings(trx, device.site_id),
  ]);
  if (device.type === 'battery') {
    if (modules.has('peak_shaving') && settings.peakEnabled) return 'devices.inUse.peakShaving';
    if (modules.has('dynamic_charging') && settings.dynamicEnabled) return 'devices.inUse.dynamicCharging';
    return null;
  }
  return modules.has('load_balancing') ? 'devices.inUse.loadBalancing' : null;
}
