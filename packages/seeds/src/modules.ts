import { randomUUID } from 'node:crypto';
import { addDays, instantOfLocal, localDate } from '@ilumen/energy';
import { recordChargeSessionEvents, type Services } from '@ilumen/services';
import { demoHistoryQuarters, historyDays } from './history';

type SessionEvents = Array<Parameters<typeof recordChargeSessionEvents>[1][number]>;

/**
 * The module pages' data for a demo home, once: charge sessions of the last two months (the owner's and, on the
 * address shared with an "iLuCharges" user, theirs too) written through the same function the ingest uses, and the
 * battery's state of charge and the boiler's temperature per quarter.
 */
export async function seedModules(
  services: Services,
  siteId: number,
  gatewayId: number,
  devices: { battery: boolean; charger: boolean; heat: boolean },
): Promise<{ sessions: number; quarters: number }> {
  const db = services.deps.db;
  const yesterday = addDays(localDate(services.deps.clock.now()), -1);
  let sessions = 0;
  let quarters = 0;
  const charger = devices.charger
    ? await db
        .selectFrom('devices')
        .select(['id', 'device_key'])
        .where('site_id', '=', siteId)
        .where('type', '=', 'charger')
        .executeTakeFirst()
    : undefined;
  const hasSessions = await db
    .selectFrom('charge_sessions')
    .select('id')
    .where('site_id', '=', siteId)
    .limit(1)
    .executeTakeFirst();
  if (charger && !hasSessions) {
    const members = await db
      .selectFrom('site_members')
      .select(['user_id', 'role', 'scope'])
      .where('site_id', '=', siteId)
      .execute();
    const owner = members.find((m) => m.role === 'owner')?.user_id;
    const chargersUser = members.find((m) => m.scope === 'chargers')?.user_id;
    const events: SessionEvents = [];
    for (let d = 60; d >= 1; d--) {
      if ((d + siteId) % 2 === 1) continue;
      const day = addDays(yesterday, -d + 1);
      const smart = d % 3 === 0;
      const userId = chargersUser && d % 4 === 0 ? chargersUser : owner;
      const start = instantOfLocal(day, smart ? 10 : 18, (d * 7) % 60);
      const energyWh = 5000 + ((d * 2731 + siteId * 977) % 13_000);
      const hours = smart ? 5 : energyWh / 7400 + 0.5;
      const s = {
        sessionId: `demo-${siteId}-${day}`,
        chargerId: charger.device_key,
        mode: smart ? ('smart' as const) : ('fast' as const),
        ...(userId ? { userId: String(userId) } : {}),
        ...(smart ? { gridSharePct: 20 } : {}),
      };
      const solarWh = smart ? Math.round(energyWh * 0.8) : 0;
      events.push(
        {
          siteId,
          gatewayId,
          event: {
            v: 1,
            id: randomUUID(),
            ts: new Date(start).toISOString(),
            type: 'charge.session.start',
            ...s,
          },
        },
        {
          siteId,
          gatewayId,
          event: {
            v: 1,
            id: randomUUID(),
            ts: new Date(start + hours * 3_600_000).toISOString(),
            type: 'charge.session.stop',
            ...s,
            energyWh,
            solarWh,
            reason: 'ev_disconnected',
          },
        },
      );
    }
    sessions = (await recordChargeSessionEvents(db, events)) / 2;
  }
  const hasDeviceQuarters = await db
    .selectFrom('device_qh')
    .select('ts')
    .where('site_id', '=', siteId)
    .limit(1)
    .executeTakeFirst();
  if ((devices.battery || devices.heat) && !hasDeviceQuarters) {
    // The same days as the energy history (a year and today so far), so the iLubat's day chart and the iLuheat's
    // week, month and year views have a state of charge and temperatures wherever they have energy.
    for (const d of historyDays(services.deps.clock.now())) {
      const qs = demoHistoryQuarters(siteId, d, devices);
      let soc = 30;
      let temp = 48;
      const rows = qs.flatMap((q) => {
        soc = Math.max(
          0,
          Math.min(100, soc + ((q.batteryChargeWh ?? 0) - (q.batteryDischargeWh ?? 0)) / 100),
        );
        // the boiler warms while it heats and cools slowly otherwise
        temp = Math.max(35, Math.min(65, temp + ((q.heatWh ?? 0) > 0 ? 1.5 : -0.12)));
        return [
          ...(devices.battery
            ? [
                {
                  site_id: siteId,
                  device_key: 'battery',
                  ts: q.ts,
                  soc_pct: Math.round(soc * 10) / 10,
                  temp_c: null,
                  energy_wh: null,
                },
              ]
            : []),
          ...(devices.heat
            ? [
                {
                  site_id: siteId,
                  device_key: 'heat',
                  ts: q.ts,
                  soc_pct: null,
                  temp_c: Math.round(temp * 10) / 10,
                  energy_wh: q.heatWh,
                },
              ]
            : []),
        ];
      });
      if (rows.length > 0) await db.insertInto('device_qh').values(rows).ignore().execute();
      quarters += rows.length;
    }
  }
  return { sessions, quarters };
}
