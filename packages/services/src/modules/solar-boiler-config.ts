import type { ConfigContributor } from '../gateways/config';

/**
 * The iLuheat's own controller: the boiler heats on solar surplus (and when the water gets too cold). The gateway
 * runs it only when its configuration says so, and the platform's configuration replaces the gateway's controllers
 * as a whole, so a site with a boiler always carries it (without it, the first setting saved elsewhere switched the
 * boiler's solar heating off).
 */
export const solarBoilerContributor: ConfigContributor = async (deps, siteId) => {
  const boiler = await deps.db
    .selectFrom('devices')
    .select('device_key')
    .where('site_id', '=', siteId)
    .where('type', '=', 'heat')
    .orderBy('id')
    .executeTakeFirst();
  return boiler ? { controllers: { solarBoiler: { enabled: true, heatId: boiler.device_key } } } : {};
};
