import { readJson } from '@ilumen/db';
import { addDays, localDate } from '@ilumen/energy';
import {
  dynamicChargingControllerSchema,
  type GatewayConfigBody,
  loadBalancingControllerSchema,
  maintenanceControllerSchema,
  peakShavingControllerSchema,
} from '@ilumen/mqtt-contract';
import type { ConfigContributor } from '../gateways/config';
import type { PlannedHour } from './dynamic-charging-plan';
import { chargeKey } from './maintenance';
import { grantedModules, readControlSettings } from './settings';

const VOLTS = 230;
/** The contract's ceiling for an import limit. */
const MAX_IMPORT_W = 250_000;
const SECTION_SCHEMAS = {
  peakShaving: peakShavingControllerSchema,
  loadBalancing: loadBalancingControllerSchema,
  dynamicCharging: dynamicChargingControllerSchema,
  maintenance: maintenanceControllerSchema,
} as const;

/**
 * The energy-control sections of a site's gateway configuration, from one read of its modules and settings:
 * `peakShaving` (granted, switched on, a battery), `loadBalancing` (granted, a charger), `dynamicCharging` (granted,
 * switched on: today's and tomorrow's planned hours still to come), `maintenance` (planned or running charges). Grid
 * charging never goes above the peak threshold when peak shaving is on, else above the site's import limit.
 */
export const energyControlContributor: ConfigContributor = async (deps, siteId) => {
  const db = deps.db;
  const now = deps.clock.now();
  const today = localDate(now);
  const [modules, settings, site, devices, plans, charges] = await Promise.all([
    grantedModules(db, siteId),
    readControlSettings(db, siteId),
    db
      .selectFrom('sites')
      .select(['grid_phases', 'main_fuse_a'])
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('devices')
      .select(['id', 'type', 'device_key'])
      .where('site_id', '=', siteId)
      .where('type', 'in', ['battery', 'charger'])
      .orderBy('id')
      .execute(),
    db
      .selectFrom('charge_plans')
      .select(['day', 'hours'])
      .where('site_id', '=', siteId)
      .where('day', 'in', [today, addDays(today, 1)])
      .orderBy('day')
      .execute(),
    db
      .selectFrom('maintenance_charges')
      .select(['id', 'device_key', 'window_start', 'window_end'])
      .where('site_id', '=', siteId)
      .where('status', 'in', ['planned', 'running'])
      .where('window_end', '>', now)
      .orderBy('window_start')
      .limit(16)
      .execute(),
  ]);
  // the contract's limits: a site with more devices than a controller steers gets the first ones
  const batteryIds = devices
    .filter((d) => d.type === 'battery')
    .map((d) => d.device_key)
    .slice(0, 8);
  const chargerIds = devices
    .filter((d) => d.type === 'charger')
    .map((d) => d.device_key)
    .slice(0, 16);
  const controllers: NonNullable<GatewayConfigBody['controllers']> = {};

  const peakOn = modules.has('peak_shaving') && settings.peakEnabled && batteryIds.length > 0;
  if (peakOn) {
    controllers.peakShaving = {
      enabled: true,
      thresholdW: settings.peakThresholdW,
      reservePct: settings.peakReservePct,
      batteryIds,
    };
  }
  if (modules.has('load_balancing') && chargerIds.length > 0) {
    const limitA = settings.lbLimitA ?? (settings.lbLimitW === null ? site.main_fuse_a : null);
    controllers.loadBalancing = {
      enabled: true,
      ...(limitA !== null ? { maxPhaseA: limitA } : {}),
      ...(settings.lbLimitW !== null ? { maxImportW: settings.lbLimitW } : {}),
      chargerIds,
    };
  }
  // what grid charging must stay under: the peak threshold, else the import limit, else the main fuse
  const fuseW = (settings.lbLimitA ?? site.main_fuse_a) * VOLTS * site.grid_phases;
  const maxImportW = Math.min(
    MAX_IMPORT_W,
    peakOn ? settings.peakThresholdW : Math.min(settings.lbLimitW ?? Number.POSITIVE_INFINITY, fuseW),
  );

  if (modules.has('dynamic_charging') && settings.dynamicEnabled && batteryIds.length > 0) {
    const hours = plans
      .flatMap((p) => readJson<PlannedHour[]>(p.hours) ?? [])
      .filter((h) => Date.parse(h.end) > now.getTime());
    controllers.dynamicCharging = { enabled: true, hours, maxImportW, batteryIds };
  }
  if (charges.length > 0) {
    controllers.maintenance = {
      enabled: true,
      maxImportW,
      charges: charges.map((c) => ({
        id: chargeKey(c.id),
        batteryId: c.device_key,
        start: c.window_start.toISOString(),
        end: c.window_end.toISOString(),
      })),
    };
  }
  // only what the gateway will accept: a section its schema refuses would make it refuse the whole configuration
  for (const [name, schema] of Object.entries(SECTION_SCHEMAS)) {
    if (controllers[name] !== undefined && !schema.safeParse(controllers[name]).success)
      delete controllers[name];
  }
  return Object.keys(controllers).length > 0 ? { controllers } : {};
};

/** The gateway configuration's parts energy control owns. */
export const CONTROL_CONFIG_CONTRIBUTORS: ConfigContributor[] = [energyControlContributor];
