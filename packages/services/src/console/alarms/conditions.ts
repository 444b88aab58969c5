import { type Db, sql } from '@ilumen/db';
import type { Redis } from 'ioredis';
import { IMPLAUSIBLE_EVENT } from '../../energy/anomalies';
import { gatewayKeys, type RefusedMessage } from '../../gateways/keys';
import type { AlarmCondition, AlarmRules } from './rules';

interface Ctx {
  db: Db;
  redis: Redis;
  prefix: string;
  rules: AlarmRules;
  now: Date;
}

const ms = (s: number) => s * 1000;
const later = (a: Date, b: Date | null | undefined) => (b && b > a ? b : a);

/** Every condition that holds right now, over all gateways of active sites: one query or Redis read per kind. */
export async function collectConditions(ctx: Ctx): Promise<AlarmCondition[]> {
  const parts = await Promise.all([
    offlineAndStale(ctx),
    deviceFaults(ctx),
    modbusErrors(ctx),
    endedMandates(ctx),
    refusedMessages(ctx),
    implausibleData(ctx),
  ]);
  return parts.flat();
}

async function zscores(redis: Redis, key: string): Promise<Map<number, number>> {
  const flat = await redis.zrange(key, '0', '-1', 'WITHSCORES');
  const out = new Map<number, number>();
  for (let i = 0; i < flat.length; i += 2) out.set(Number(flat[i]), Number(flat[i + 1]));
  return out;
}

/** Gateways of active sites that are offline, and online ones whose live values (or their P1 part) stopped. */
async function offlineAndStale({ db, redis, prefix, rules, now }: Ctx): Promise<AlarmCondition[]> {
  const keys = gatewayKeys(prefix);
  const [rows, liveSeen, p1Seen] = await Promise.all([
    db
      .selectFrom('gateways as g')
      .innerJoin('sites as s', 's.id', 'g.site_id')
      .select([
        'g.id',
        'g.serial',
        'g.site_id',
        'g.online',
        'g.online_changed_at',
        'g.last_seen_at',
        'g.claimed_at',
        'g.created_at',
        's.organization_id',
      ])
      .where('s.status', '=', 'active')
      .execute(),
    zscores(redis, keys.liveSeen),
    zscores(redis, keys.p1Seen),
  ]);
  const out: AlarmCondition[] = [];
  const staleMs = ms(rules.staleAfterS);
  for (const g of rows) {
    const base = {
      siteId: g.site_id,
      organizationId: g.organization_id,
      gatewayId: g.id,
      deviceId: null,
      mandateId: null,
      subject: `gw:${g.id}`,
    };
    if (!g.online) {
      const since = g.online_changed_at ?? g.last_seen_at ?? g.claimed_at ?? g.created_at;
      out.push({
        ...base,
        kind: 'gateway_offline',
        code: null,
        details: { serial: g.serial },
        since,
        raise: now.getTime() - since.getTime() >= ms(rules.gatewayOfflineAfterS),
      });
      continue;
    }
    const onlineSince = g.online_changed_at ?? g.last_seen_at ?? now;
    const live = liveSeen.get(g.site_id!);
    const p1 = p1Seen.get(g.site_id!);
    let code: 'no_live' | 'no_p1' | null = null;
    let since = onlineSince;
    if (live === undefined || now.getTime() - live > staleMs) {
      code = 'no_live';
      since = later(onlineSince, live === undefined ? null : new Date(live));
    } else if (p1 === undefined || now.getTime() - p1 > staleMs) {
      code = 'no_p1';
      since = later(onlineSince, p1 === undefined ? null : new Date(p1));
    }
    if (code)
      out.push({
        ...base,
        kind: 'data_stale',
        code,
        details: { serial: g.serial, code, minutes: Math.round(rules.staleAfterS / 60) },
        since,
        raise: now.getTime() - since.getTime() >= staleMs,
      });
  }
  return out;
}

/** Devices whose last status is "Fout", with the code and text the gateway reported (decision 007). */
async function deviceFaults({ db, rules, now }: Ctx): Promise<AlarmCondition[]> {
  const rows = await db
    .selectFrom('devices as d')
    .innerJoin('sites as s', 's.id', 'd.site_id')
    .select([
      'd.id',
      'd.site_id',
      'd.gateway_id',
      'd.type',
      'd.model',
      'd.serial',
      'd.status_code',
      'd.status_text',
      'd.status_changed_at',
      'd.updated_at',
      's.organization_id',
    ])
    .where('d.status', '=', 'Fout')
    .where('s.status', '=', 'active')
    .execute();
  return rows.map((d) => {
    const since = d.status_changed_at ?? d.updated_at;
    return {
      kind: 'device_fault' as const,
      subject: `dev:${d.id}`,
      siteId: d.site_id,
      organizationId: d.organization_id,
      gatewayId: d.gateway_id,
      deviceId: d.id,
      mandateId: null,
      code: d.status_code,
      details: {
        deviceType: d.type,
        model: d.model,
        serial: d.serial,
        code: d.status_code ?? '—',
        text: d.status_text ?? '',
      },
      since,
      raise: now.getTime() - since.getTime() >= ms(rules.deviceFaultAfterS),
    };
  });
}

/** Modbus read errors the gateways reported in the window, per device (or per gateway when no device was named). */
async function modbusErrors({ db, rules, now }: Ctx): Promise<AlarmCondition[]> {
  const from = new Date(now.getTime() - ms(rules.modbusWindowS));
  const groups = await db
    .selectFrom('events as e')
    .select([
      'e.site_id',
      'e.gateway_id',
      'e.device_key',
      sql<number>`count(*)`.as('n'),
      sql<Date>`min(e.received_at)`.as('first_at'),
      sql<string | null>`max(json_unquote(json_extract(e.payload, '$.code')))`.as('code'),
      sql<string | null>`max(json_unquote(json_extract(e.payload, '$.message')))`.as('message'),
    ])
    .where('e.type', '=', 'modbus.error')
    .where('e.received_at', '>=', from)
    .groupBy(['e.site_id', 'e.gateway_id', 'e.device_key'])
    .execute();
  if (groups.length === 0) return [];
  const siteIds = [...new Set(groups.map((g) => g.site_id))];
  const [sites, devices] = await Promise.all([
    db
      .selectFrom('sites')
      .select(['id', 'organization_id'])
      .where('id', 'in', siteIds)
      .where('status', '=', 'active')
      .execute(),
    db
      .selectFrom('devices')
      .select(['id', 'site_id', 'device_key', 'type', 'serial'])
      .where('site_id', 'in', siteIds)
      .execute(),
  ]);
  const orgOf = new Map(sites.map((s) => [s.id, s.organization_id]));
  const out: AlarmCondition[] = [];
  for (const g of groups) {
    const organizationId = orgOf.get(g.site_id);
    if (organizationId === undefined) continue;
    const device = g.device_key
      ? devices.find((d) => d.site_id === g.site_id && d.device_key === g.device_key)
      : undefined;
    const count = Number(g.n);
    out.push({
      kind: 'modbus_errors',
      subject: device ? `dev:${device.id}` : `gw:${g.gateway_id ?? 0}:${g.device_key ?? '-'}`,
      siteId: g.site_id,
      organizationId,
      gatewayId: g.gateway_id,
      deviceId: device?.id ?? null,
      mandateId: null,
      code: g.code ? g.code.slice(0, 32) : null,
      details: {
        count,
        minutes: Math.round(rules.modbusWindowS / 60),
        // the device's type is a code, named in the reader's language where the alarm is shown (decision 101)
        ...(device ? { deviceType: device.type, serial: device.serial } : { device: g.device_key ?? '—' }),
        message: (g.message ?? '').slice(0, 200),
        // the code is what the reader sees, in their language; the gateway's English message is the fallback
        ...(g.code ? { errorCode: g.code.slice(0, 32) } : {}),
      },
      since: new Date(g.first_at),
      raise: count >= rules.modbusRaiseCount,
    });
  }
  return out;
}

/** Active sites whose latest Fluvius mandate expired or was revoked, with no newer one under way. */
async function endedMandates({ db }: Ctx): Promise<AlarmCondition[]> {
  const rows = await db
    .selectFrom('fluvius_mandates as m')
    .innerJoin('sites as s', 's.id', 'm.site_id')
    .select(['m.id', 'm.site_id', 'm.ean', 'm.status', 'm.updated_at', 's.organization_id'])
    .where('m.status', 'in', ['expired', 'revoked'])
    .where('s.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('fluvius_mandates as n')
            .select('n.id')
            .whereRef('n.site_id', '=', 'm.site_id')
            .whereRef('n.id', '>', 'm.id')
            .where('n.status', 'in', ['pending', 'requested', 'approved']),
        ),
      ),
    )
    .execute();
  const latest = new Map<number, (typeof rows)[number]>();
  for (const r of rows)
    if (!latest.has(r.site_id!) || latest.get(r.site_id!)!.id < r.id) latest.set(r.site_id!, r);
  return [...latest.values()].map((m) => ({
    kind: 'mandate_ended' as const,
    subject: `site:${m.site_id}`,
    siteId: m.site_id,
    organizationId: m.organization_id,
    gatewayId: null,
    deviceId: null,
    mandateId: m.id,
    code: m.status,
    details: { ean: m.ean, statusKey: `mandate.status.${m.status}` },
    since: m.updated_at,
    raise: true,
  }));
}

/** Gateways whose messages the ingest refused in the window (it keeps the last ones per gateway in Redis). */
async function refusedMessages({ db, redis, prefix, rules, now }: Ctx): Promise<AlarmCondition[]> {
  const keys = gatewayKeys(prefix);
  const from = now.getTime() - ms(rules.refusedWindowS);
  const serials = await redis.zrangebyscore(keys.refusedRecent, from, '+inf');
  if (serials.length === 0) return [];
  const pipe = redis.pipeline();
  for (const s of serials) pipe.lrange(keys.refused(s), 0, -1);
  const lists = (await pipe.exec()) ?? [];
  const gateways = await db
    .selectFrom('gateways as g')
    .innerJoin('sites as s', 's.id', 'g.site_id')
    .select(['g.id', 'g.serial', 'g.site_id', 's.organization_id'])
    .where('g.serial', 'in', serials)
    .where('s.status', '=', 'active')
    .execute();
  const out: AlarmCondition[] = [];
  serials.forEach((serial, i) => {
    const g = gateways.find((x) => x.serial === serial);
    if (!g) return;
    const entries = ((lists[i]?.[1] as string[] | undefined) ?? [])
      .map((raw) => JSON.parse(raw) as RefusedMessage)
      .filter((e) => Date.parse(e.at) >= from);
    if (entries.length === 0) return;
    const first = Math.min(...entries.map((e) => Date.parse(e.at)));
    out.push({
      kind: 'refused_messages',
      subject: `gw:${g.id}`,
      siteId: g.site_id,
      organizationId: g.organization_id,
      gatewayId: g.id,
      deviceId: null,
      mandateId: null,
      code: null,
      details: {
        serial,
        count: entries.length,
        minutes: Math.round(rules.refusedWindowS / 60),
        reason: entries[0]!.reason.slice(0, 200),
      },
      since: new Date(first),
      raise: entries.length >= rules.refusedRaiseCount,
    });
  });
  return out;
}

/**
 * Sites that sent values the platform refused as implausible in the window (decision 090): live readings beyond the
 * connection, counters going back or jumping, times in the future. One alarm per site (decision 118).
 */
async function implausibleData({ db, rules, now }: Ctx): Promise<AlarmCondition[]> {
  const from = new Date(now.getTime() - ms(rules.implausibleWindowS));
  const groups = await db
    .selectFrom('events as e')
    .innerJoin('sites as s', 's.id', 'e.site_id')
    .select([
      'e.site_id',
      's.organization_id',
      sql<number>`count(*)`.as('n'),
      sql<Date>`min(e.received_at)`.as('first_at'),
      sql<number | null>`max(e.gateway_id)`.as('gateway_id'),
      sql<string | null>`max(json_unquote(json_extract(e.payload, '$.code')))`.as('code'),
      sql<string | null>`max(json_unquote(json_extract(e.payload, '$.field')))`.as('field'),
    ])
    .where('e.type', '=', IMPLAUSIBLE_EVENT)
    .where('e.received_at', '>=', from)
    .where('s.status', '=', 'active')
    .groupBy(['e.site_id', 's.organization_id'])
    .execute();
  if (groups.length === 0) return [];
  const gatewayIds = groups.flatMap((g) => (g.gateway_id === null ? [] : [Number(g.gateway_id)]));
  const serials = new Map(
    gatewayIds.length === 0
      ? []
      : (
          await db.selectFrom('gateways').select(['id', 'serial']).where('id', 'in', gatewayIds).execute()
        ).map((g) => [g.id, g.serial]),
  );
  return groups.map((g) => {
    const count = Number(g.n);
    const gatewayId = g.gateway_id === null ? null : Number(g.gateway_id);
    return {
      kind: 'implausible_data' as const,
      subject: `site:${g.site_id}`,
      siteId: g.site_id,
      organizationId: g.organization_id,
      gatewayId,
      deviceId: null,
      mandateId: null,
      code: g.code ? g.code.slice(0, 32) : null,
      details: {
        count,
        minutes: Math.round(rules.implausibleWindowS / 60),
        serial: (gatewayId !== null ? serials.get(gatewayId) : undefined) ?? '—',
        codeKey: `troubleshoot.anomalies.code.${g.code ?? 'over-connection'}.short`,
      },
      since: new Date(g.first_at),
      raise: count >= rules.implausibleRaiseCount,
    };
  });
}
