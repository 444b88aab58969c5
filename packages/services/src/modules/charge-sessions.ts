import { type Database, type Db, sql, type Transaction } from '@ilumen/db';
import {
  bucketIndexOf,
  bucketsOf,
  costOfSession,
  localDate,
  type Period,
  type QuarterRegisters,
} from '@ilumen/energy';
import type { EventPayload } from '@ilumen/mqtt-contract';
import { type SiteBillInputs, siteBillInputs, siteDayAhead, siteQuarters } from '../energy/site-bill';

type SessionEvent = Extract<
  EventPayload,
  { type: 'charge.session.start' | 'charge.session.energy' | 'charge.session.stop' }
>;

export function isChargeSessionEvent(e: EventPayload): e is SessionEvent {
  return (
    e.type === 'charge.session.start' ||
    e.type === 'charge.session.energy' ||
    e.type === 'charge.session.stop'
  );
}

type Conn = Db | Transaction<Database>;

const QUARTER_MS = 15 * 60_000;

/**
 * What the home's meter counted on its day and night registers in each quarter of [from, to), where it told (the
 * gateway's counters or Fluvius' registers, as the bill reads them: decisions 250, 300).
 */
async function homeRegisters(db: Conn, siteId: number, from: Date, to: Date): Promise<QuarterRegisters> {
  const first = Math.floor(from.getTime() / QUARTER_MS) * QUARTER_MS;
  const out = new Map<number, { dayWh: number; nightWh: number }>();
  for (const q of await siteQuarters(db, siteId, first, Math.max(to.getTime(), first + 1))) {
    if (q.importNightWh === undefined || q.importWh <= 0) continue;
    out.set(q.start, { dayWh: q.importWh - q.importNightWh, nightWh: q.importNightWh });
  }
  return out;
}

/**
 * A session's price (decision 180): its energy spread over the quarters it ran in, the grid's part at the real price
 * of each quarter (contract, day/night by the register the home's meter counted on, day-ahead; network costs per kWh,
 * levies and VAT), the sun's part at the injection price it would have earned. `tariff` is the average € per kWh the
 * grid's part cost (the export's column); nulls while a day has no contract or a quarter no day-ahead price.
 */
export async function sessionCost(
  db: Conn,
  siteId: number,
  inputs: SiteBillInputs,
  startedAt: Date,
  endedAt: Date,
  energyWh: number,
  solarWh: number | null,
): Promise<{ tariff: string | null; cost: string | null }> {
  const solar = Math.min(energyWh, Math.max(0, solarWh ?? 0));
  const [dayAhead, registers] = await Promise.all([
    siteDayAhead(db, inputs.contracts, localDate(startedAt), localDate(endedAt)),
    homeRegisters(db, siteId, startedAt, endedAt),
  ]);
  const priced = costOfSession(
    { ...inputs, dayAhead },
    startedAt.getTime(),
    endedAt.getTime(),
    { gridWh: energyWh - solar, solarWh: solar },
    registers,
  );
  if (!priced) return { tariff: null, cost: null };
  return { tariff: priced.importEurPerKwh, cost: priced.costEur };
}

/**
 * Charge sessions from the gateway's events, written in the ingest's event batch (its transaction): one row per
 * gateway session id, whatever order its events arrive in (a replay after an outage repeats them: harmless). The
 * stop fixes the session's cost at the prices of the quarters it ran in (`sessionCost`). Returns how many session events it wrote.
 */
export async function recordChargeSessionEvents(
  trx: Conn,
  items: ReadonlyArray<{ siteId: number; gatewayId: number; event: EventPayload }>,
  now: () => Date = () => new Date(),
): Promise<number> {
  const devices = new Map<string, number | null>();
  const members = new Map<string, number | null>();
  const stopped = new Set<string>();
  let written = 0;
  for (const { siteId, gatewayId, event } of items) {
    if (!isChargeSessionEvent(event)) continue;
    const deviceKey = `${siteId}:${gatewayId}:${event.chargerId}`;
    if (!devices.has(deviceKey)) {
      // The gateway names the charger by its device key (decision 071).
      const row = await trx
        .selectFrom('devices')
        .select('id')
        .where('site_id', '=', siteId)
        .where('type', '=', 'charger')
        .where('device_key', '=', event.chargerId)
        .executeTakeFirst();
      devices.set(deviceKey, row?.id ?? null);
    }
    // The user id travels through the gateway: keep it only when it is someone of this site.
    let userId: number | null = null;
    if (event.userId && /^\d{1,15}$/.test(event.userId)) {
      const memberKey = `${siteId}:${event.userId}`;
      if (!members.has(memberKey)) {
        const m = await trx
          .selectFrom('site_members')
          .select('user_id')
          .where('site_id', '=', siteId)
          .where('user_id', '=', Number(event.userId))
          .executeTakeFirst();
        members.set(memberKey, m?.user_id ?? null);
      }
      userId = members.get(memberKey) ?? null;
    }
    const ts = new Date(event.ts);
    const stop = event.type === 'charge.session.stop';
    const energy = event.type === 'charge.session.start' ? 0 : event.energyWh;
    const solar = event.type === 'charge.session.start' ? null : (event.solarWh ?? null);
    // While the row is open, the latest event says how it is charged; a late event after the stop changes nothing.
    const live = sql`ended_at IS NULL OR VALUES(ended_at) IS NOT NULL`;
    await trx
      .insertInto('charge_sessions')
      .values({
        site_id: siteId,
        device_id: devices.get(deviceKey) ?? null,
        charger_key: event.chargerId,
        session_uid: event.sessionId,
        user_id: userId,
        mode: event.mode,
        grid_share_pct: event.gridSharePct ?? null,
        target_wh: event.guarantee?.energyWh ?? null,
        target_by: event.guarantee ? new Date(event.guarantee.by) : null,
        started_at: ts,
        ended_at: stop ? ts : null,
        energy_wh: energy,
        solar_wh: solar,
        stop_reason: stop ? (event.reason ?? null) : null,
        updated_at: now(),
      })
      .onDuplicateKeyUpdate({
        // MySQL applies these left to right: the `live` test must come before ended_at changes
        mode: sql`IF(${live}, VALUES(mode), mode)`,
        grid_share_pct: sql`IF(${live}, VALUES(grid_share_pct), grid_share_pct)`,
        target_wh: sql`IF(${live}, VALUES(target_wh), target_wh)`,
        target_by: sql`IF(${live}, VALUES(target_by), target_by)`,
        user_id: sql`COALESCE(user_id, VALUES(user_id))`,
        device_id: sql`COALESCE(device_id, VALUES(device_id))`,
        started_at: sql`LEAST(started_at, VALUES(started_at))`,
        energy_wh: sql`GREATEST(energy_wh, VALUES(energy_wh))`,
        solar_wh: sql`IF(VALUES(solar_wh) IS NULL, solar_wh, GREATEST(COALESCE(solar_wh, 0), VALUES(solar_wh)))`,
        ended_at: sql`COALESCE(VALUES(ended_at), ended_at)`,
        stop_reason: sql`COALESCE(VALUES(stop_reason), stop_reason)`,
        updated_at: sql`VALUES(updated_at)`,
      })
      .execute();
    // A stop prices the session; so does energy arriving for one that already ended (after an `interrupted` end).
    if (stop || event.type === 'charge.session.energy') stopped.add(`${siteId}\u0000${event.sessionId}`);
    if (event.type === 'charge.session.start') {
      // An older session still open on this charger ended unseen (a gateway that lost it): it ends where this begins.
      const ended = await trx
        .selectFrom('charge_sessions')
        .select(['id', 'session_uid'])
        .where('site_id', '=', siteId)
        .where('charger_key', '=', event.chargerId)
        .where('ended_at', 'is', null)
        .where('started_at', '<', ts)
        .where('session_uid', '!=', event.sessionId)
        .execute();
      if (ended.length > 0) {
        await trx
          .updateTable('charge_sessions')
          .set({ ended_at: ts, stop_reason: 'interrupted', updated_at: now() })
          .where(
            'id',
            'in',
            ended.map((e) => e.id),
          )
          .where('ended_at', 'is', null)
          .execute();
        for (const e of ended) stopped.add(`${siteId}\u0000${e.session_uid}`);
      }
    }
    written++;
  }
  const inputsBySite = new Map<number, SiteBillInputs>();
  for (const key of stopped) {
    const [site, uid] = key.split('\u0000') as [string, string];
    const siteId = Number(site);
    const row = await trx
      .selectFrom('charge_sessions')
      .select(['id', 'started_at', 'ended_at', 'energy_wh', 'solar_wh'])
      .where('site_id', '=', siteId)
      .where('session_uid', '=', uid)
      .executeTakeFirst();
    // a session still charging has no price yet
    if (!row || row.ended_at === null) continue;
    let inputs = inputsBySite.get(siteId);
    if (!inputs) {
      inputs = await siteBillInputs(trx, siteId);
      inputsBySite.set(siteId, inputs);
    }
    const { tariff, cost } = await sessionCost(
      trx,
      siteId,
      inputs,
      row.started_at,
      row.ended_at,
      row.energy_wh,
      row.solar_wh,
    );
    await trx
      .updateTable('charge_sessions')
      .set({ tariff_eur_per_kwh: tariff, cost_eur: cost })
      .where('id', '=', row.id)
      .execute();
  }
  return written;
}

export interface SessionView {
  id: number;
  startedAt: string;
  endedAt: string | null;
  energyWh: number;
  solarWh: number | null;
  mode: 'fast' | 'smart';
  gridSharePct: number | null;
  target: { energyWh: number; by: string } | null;
  costEur: string | null;
  stopReason: string | null;
  mine: boolean;
}

/** A charger's sessions, newest first; `userId` keeps to that person's own (a chargers-only member). */
export async function chargerSessions(
  db: Db,
  deviceId: number,
  options: { userId?: number; viewer?: number; limit: number },
): Promise<SessionView[]> {
  let q = db
    .selectFrom('charge_sessions')
    .select([
      'id',
      'started_at',
      'ended_at',
      'energy_wh',
      'solar_wh',
      'mode',
      'grid_share_pct',
      'target_wh',
      'target_by',
      'cost_eur',
      'stop_reason',
      'user_id',
    ])
    .where('device_id', '=', deviceId);
  if (options.userId !== undefined) q = q.where('user_id', '=', options.userId);
  const rows = await q.orderBy('started_at', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.started_at.toISOString(),
    endedAt: r.ended_at?.toISOString() ?? null,
    energyWh: r.energy_wh,
    solarWh: r.solar_wh,
    mode: r.mode,
    gridSharePct: r.grid_share_pct,
    target:
      r.target_wh !== null && r.target_by ? { energyWh: r.target_wh, by: r.target_by.toISOString() } : null,
    costEur: r.cost_eur,
    stopReason: r.stop_reason,
    mine: options.viewer !== undefined && r.user_id === options.viewer,
  }));
}

/** Energy charged per chart bucket of a period, each session counted on its start (one short query per chart). */
export async function chargedPerBucket(db: Db, deviceId: number, period: Period, userId?: number) {
  let q = db
    .selectFrom('charge_sessions')
    .select(['started_at', 'energy_wh', 'solar_wh'])
    .where('device_id', '=', deviceId)
    .where('started_at', '>=', new Date(period.start))
    .where('started_at', '<', new Date(period.end));
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  const rows = await q.execute();
  const buckets = bucketsOf(period);
  const out = buckets.map((b) => ({
    start: new Date(b.start).toISOString(),
    label: b.label,
    energyWh: 0,
    solarWh: 0,
    sessions: 0,
  }));
  for (const r of rows) {
    const i = bucketIndexOf(buckets, r.started_at.getTime());
    const b = out[i];
    if (!b) continue;
    b.energyWh += r.energy_wh;
    b.solarWh += r.solar_wh ?? 0;
    b.sessions++;
  }
  return out;
}
