import { randomUUID } from 'node:crypto';
import { addDays, instantOfLocal, localDate } from '@ilumen/energy';
import { recordChargeSessionEvents, type Services } from '@ilumen/services';
import { type DemoHome, demoHistory } from './history';

type SessionEvents = Array<Parameters<typeof recordChargeSessionEvents>[1][number]>;

/**
 * The module pages' data for a demo home, once: the charge sessions of the last two months (the owner's and, on the
 * address shared with an "iLuCharges" user, some of theirs) as the history's quarters have them, written through the
 * same function the ingest uses, and the battery's state of charge and the boiler's temperature per quarter.
 */
export async function seedModules(
  services: Services,
  siteId: number,
  gatewayId: number,
  home: DemoHome,
): Promise<{ sessions: number; quarters: number }> {
  const db = services.deps.db;
  const now = services.deps.clock.now();
  const history = demoHistory(siteId, home, now);
  const since = instantOfLocal(addDays(localDate(now), -60), 0, 0);
  let sessions = 0;
  let quarters = 0;
  const charger = home.charger
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
    for (const [d, day] of history.entries()) {
      for (const session of day.sessions) {
        if (session.start < since) continue;
        const userId = chargersUser && d % 4 === 0 ? chargersUser : owner;
        const smart = session.mode === 'smart';
        const s = {
          sessionId: `demo-${siteId}-${day.day}`,
          chargerId: charger.device_key,
          mode: session.mode,
          ...(userId ? { userId: String(userId) } : {}),
          ...(smart
            ? { gridSharePct: Math.round((100 * (session.energyWh - session.solarWh)) / session.energyWh) }
            : {}),
        };
        events.push(
          {
            siteId,
            gatewayId,
            event: {
              v: 1,
              id: randomUUID(),
              ts: new Date(session.start).toISOString(),
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
              ts: new Date(session.end).toISOString(),
              type: 'charge.session.stop',
              ...s,
              energyWh: session.energyWh,
              solarWh: session.solarWh,
              reason: 'ev_disconnected',
            },
          },
        );
      }
    }
    sessions = (await recordChargeSessionEvents(db, events)) / 2;
  }
  const hasDeviceQuarters = await db
    .selectFrom('device_qh')
    .select('ts')
    .where('site_id', '=', siteId)
    .limit(1)
    .executeTakeFirst();
  // under the devices' own keys, as the ingest keeps them (decision 071)
  const keyOf = async (type: 'battery' | 'heat') =>
    (
      await db
        .selectFrom('devices')
        .select('device_key')
        .where('site_id', '=', siteId)
        .where('type', '=', type)
        .orderBy('id')
        .executeTakeFirst()
    )?.device_key;
  const batteryKey = home.battery ? await keyOf('battery') : undefined;
  const heatKey = home.heat ? await keyOf('heat') : undefined;
  if ((batteryKey || heatKey) && !hasDeviceQuarters) {
    // The same quarters as the energy history (a year and today so far), so the iLubat's day chart and the iLuheat's
    // week, month and year views have a state of charge and temperatures wherever they have energy.
    for (const day of history) {
      const rows = day.quarters.flatMap((q) => [
        ...(q.socPct !== null && batteryKey
          ? [
              {
                site_id: siteId,
                device_key: batteryKey,
                ts: q.ts,
                soc_pct: q.socPct,
                temp_c: null,
                energy_wh: null,
              },
            ]
          : []),
        ...(q.tempC !== null && heatKey
          ? [
              {
                site_id: siteId,
                device_key: heatKey,
                ts: q.ts,
                soc_pct: null,
                temp_c: q.tempC,
                energy_wh: q.heatWh,
              },
            ]
          : []),
      ]);
      if (rows.length > 0) await db.insertInto('device_qh').values(rows).ignore().execute();
      quarters += rows.length;
    }
  }
  return { sessions, quarters };
}
