import { type Db, readJson } from '@ilumen/db';
import {
  addDays,
  instantOfLocal,
  type LocalDate,
  localDate,
  nextPeriod,
  periodOf,
  previousPeriod,
} from '@ilumen/energy';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { notFound } from '../errors';
import type { CommandService, SentCommand } from '../gateways/commands';
import type { ConfigContributor, GatewayConfigService } from '../gateways/config';
import type { HomeownerService } from '../homeowner/homeowner-view';
import { canOnSite, canUseHomeView, requireSite, requireWritable, type SitePermission } from '../policy';
import { id, localDate as localDateField, parseInput } from '../validation';
import { chargedPerBucket, chargerSessions } from './charge-sessions';

/**
 * The car's average consumption when nobody set it: 25 kWh per 100 km. (The manual says "250 kWh per 100 kilometer":
 * a slip for 25 — 250 would be a lorry's, and would turn every charge into a tenth of its real range.)
 */
export const DEFAULT_CONSUMPTION_KWH_PER_100KM = 25;

/** How long a start or stop may wait for the gateway: a charge starting minutes later than asked is wrong. */
export const CHARGE_COMMAND_TTL_S = 120;

export const chargerInput = z.object({ deviceId: id() });

const hhmm = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'modules.charge.time')
    .optional(),
);
const optionalKm = z.preprocess(
  (v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v.replace(',', '.')) : v),
  z.number().int('validation.number').min(1, 'validation.number').max(1500, 'validation.number').optional(),
);

export const chargeStartInput = z
  .object({
    deviceId: id(),
    mode: z.enum(['fast', 'smart']),
    /** The manual's "hoe ecologisch": 100 = solar surplus only, 0 = the grid may give everything. */
    ecoLevel: z.coerce.number().int().min(0).max(100).default(100),
    /** Optional guarantee: this many km of range… */
    rangeKm: optionalKm,
    /** …by this local time (today, or tomorrow when it has passed). */
    byTime: hhmm,
  })
  .superRefine((v, ctx) => {
    if (v.mode !== 'smart') return;
    if (v.rangeKm !== undefined && v.byTime === undefined)
      ctx.addIssue({ code: 'custom', path: ['byTime'], message: 'modules.charge.rangeNeedsTime' });
    if (v.byTime !== undefined && v.rangeKm === undefined)
      ctx.addIssue({ code: 'custom', path: ['rangeKm'], message: 'modules.charge.timeNeedsRange' });
  });

export const chargerSettingsInput = z.object({
  deviceId: id(),
  consumptionKwhPer100km: z.preprocess(
    (v) => (typeof v === 'string' ? Number(v.trim().replace(',', '.')) : v),
    z.number('validation.number').min(5, 'validation.number').max(80, 'validation.number'),
  ),
});

export const chargerChartInput = z.object({
  deviceId: id(),
  period: z.enum(['week', 'month', 'year']).default('week'),
  date: z.preprocess((v) => (v === '' ? undefined : v), localDateField().optional()),
});

export const chargeCommandInput = z.object({ deviceId: id(), commandId: z.uuid() });

type ChargerRow = {
  id: number;
  site_id: number;
  model: string;
  serial: string;
  status: string | null;
  status_code: string | null;
  status_text: string | null;
  status_changed_at: Date | null;
  device_key: string;
};

/** Energy in the car as km of range: Wh ÷ (kWh/100 km × 10 Wh/km). */
export function kmFromWh(wh: number, consumptionKwhPer100km: number): number {
  return wh / (consumptionKwhPer100km * 10);
}

/** The next moment the Brussels clock shows `hh:mm` (today, or tomorrow when it has passed). */
export function nextLocalTime(now: Date, hhmmText: string): Date {
  const [h, m] = hhmmText.split(':').map(Number) as [number, number];
  const today: LocalDate = localDate(now);
  const at = instantOfLocal(today, h, m);
  return new Date(at > now.getTime() ? at : instantOfLocal(addDays(today, 1), h, m));
}

/**
 * One charger as the homeowner view shows it: who may see it (its site's people, "iLuCharges" members included), who
 * may operate it, and what it is doing. Every other charger call starts here.
 */
export async function requireCharger(db: Db, actor: Actor, deviceId: number, permission: SitePermission) {
  const device = await db
    .selectFrom('devices')
    .select([
      'id',
      'site_id',
      'model',
      'serial',
      'status',
      'status_code',
      'status_text',
      'status_changed_at',
      'device_key',
    ])
    .where('id', '=', deviceId)
    .where('type', '=', 'charger')
    .executeTakeFirst();
  if (!device) throw notFound();
  const access = await requireSite(db, actor, device.site_id, permission);
  if (!canUseHomeView(actor, access)) throw notFound();
  return { device: device as ChargerRow, access };
}

/** The gateway section for chargers: the session controller on, with each car's consumption (for its reasons in km). */
export const chargingContributor: ConfigContributor = async (deps, siteId) => {
  const rows = await deps.db
    .selectFrom('devices as d')
    .leftJoin('charger_settings as s', 's.device_id', 'd.id')
    .select(['d.id', 'd.device_key', 's.consumption_kwh_per_100km'])
    .where('d.site_id', '=', siteId)
    .where('d.type', '=', 'charger')
    .execute();
  if (rows.length === 0) return {};
  const chargers: Record<string, { whPerKm: number }> = {};
  for (const r of rows)
    chargers[r.device_key] = {
      whPerKm: Math.round(Number(r.consumption_kwh_per_100km ?? DEFAULT_CONSUMPTION_KWH_PER_100KM) * 10),
    };
  return { controllers: { charging: { enabled: true, chargers } } };
};

/**
 * The iLucharge pages (manual 3D): a charger's detail with its live session, starting fast or smart (with the
 * ecological level and the "X km by HH:MM" guarantee) and stopping — commands to the gateway over MQTT — the car's
 * consumption setting, the energy charged per week, month and year, and the person's other chargers.
 */
export class ChargingService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly commands: CommandService,
    private readonly gatewayConfig: GatewayConfigService,
    private readonly homeowner: HomeownerService,
  ) {}

  private async consumption(deviceId: number): Promise<number> {
    const s = await this.deps.db
      .selectFrom('charger_settings')
      .select('consumption_kwh_per_100km')
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return s ? Number(s.consumption_kwh_per_100km) : DEFAULT_CONSUMPTION_KWH_PER_100KM;
  }

  /** The detail page: the charger, its site's gateway, the open session, the person's last command on it. */
  async detail(actor: Actor, input: unknown) {
    const { deviceId } = parseInput(chargerInput, input);
    const { device, access } = await requireCharger(this.deps.db, actor, deviceId, 'site.chargers');
    const db = this.deps.db;
    const userId = actor.type === 'user' ? actor.userId : null;
    const ownOnly = !canOnSite(access, 'site.data');
    const [site, gateway, consumption, open, sessions, lastCommand, everywhere] = await Promise.all([
      db
        .selectFrom('sites')
        .select(['street', 'house_number', 'postal_code', 'city'])
        .where('id', '=', device.site_id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('gateways')
        .select(['online', 'last_seen_at'])
        .where('site_id', '=', device.site_id)
        .orderBy('id')
        .executeTakeFirst(),
      this.consumption(device.id),
      db
        .selectFrom('charge_sessions')
        .select([
          'started_at',
          'energy_wh',
          'solar_wh',
          'mode',
          'grid_share_pct',
          'target_wh',
          'target_by',
          'user_id',
        ])
        .where('device_id', '=', device.id)
        .where('ended_at', 'is', null)
        .orderBy('started_at', 'desc')
        .executeTakeFirst(),
      chargerSessions(db, device.id, {
        userId: ownOnly && userId !== null ? userId : undefined,
        viewer: userId ?? undefined,
        limit: 10,
      }),
      userId === null ? Promise.resolve(null) : this.lastCommand(device, userId),
      actor.type === 'user' ? this.homeowner.chargers(actor) : Promise.resolve([]),
    ]);
    const others = everywhere.flatMap((s) =>
      s.chargers
        .filter((c) => c.id !== device.id)
        .map((c) => ({ ...c, siteId: s.siteId, address: s.address })),
    );
    const readOnly = actor.type === 'user' && actor.readOnly;
    // A session someone else started is theirs: a chargers-only member sees that one runs, not its numbers.
    const openVisible = open && (!ownOnly || open.user_id === userId);
    return {
      charger: {
        id: device.id,
        key: device.device_key,
        siteId: device.site_id,
        address: `${site.street} ${site.house_number}, ${site.postal_code} ${site.city}`,
        model: device.model,
        serial: device.serial,
        status: device.status,
        fault:
          device.status === 'Fout'
            ? {
                code: device.status_code,
                text: device.status_text,
                since: device.status_changed_at?.toISOString() ?? null,
              }
            : null,
      },
      consumptionKwhPer100km: consumption,
      gateway: gateway
        ? { online: gateway.online, lastSeenAt: gateway.last_seen_at?.toISOString() ?? null }
        : null,
      canOperate: canOnSite(access, 'site.operate') && !readOnly && Boolean(gateway),
      canSeeSite: !ownOnly,
      ownOnly,
      openSession: open
        ? {
            startedAt: open.started_at.toISOString(),
            mode: open.mode,
            energyWh: openVisible ? open.energy_wh : null,
            solarWh: openVisible ? open.solar_wh : null,
            gridSharePct: openVisible ? open.grid_share_pct : null,
            target:
              openVisible && open.target_wh !== null && open.target_by
                ? { energyWh: open.target_wh, by: open.target_by.toISOString() }
                : null,
          }
        : null,
      sessions,
      lastCommand,
      others,
    };
  }

  /** The person's latest start or stop on this charger (the last 30 minutes), as the page follows it. */
  private async lastCommand(device: ChargerRow, userId: number) {
    const since = new Date(this.deps.clock.now().getTime() - 30 * 60_000);
    const rows = await this.deps.db
      .selectFrom('commands')
      .select([
        'id',
        'name',
        'args',
        'issued_at',
        'expires_at',
        'status',
        'error_code',
        'error_message',
        'finished_at',
      ])
      .where('site_id', '=', device.site_id)
      .where('issued_by_user_id', '=', userId)
      .where('name', 'in', ['charge.start', 'charge.stop'])
      .where('issued_at', '>=', since)
      .orderBy('issued_at', 'desc')
      .limit(10)
      .execute();
    const key = device.device_key;
    const row = rows.find((r) => readJson<{ chargerId?: string }>(r.args)?.chargerId === key);
    if (!row) return null;
    const now = this.deps.clock.now();
    const expired = row.status === 'sent' && now.getTime() > row.expires_at.getTime();
    // A refusal or an expiry is old news once the charger has changed state since: it is not shown any more.
    const endedAt = row.finished_at ?? row.expires_at;
    if (
      (expired || row.status === 'failed' || row.status === 'expired') &&
      device.status_changed_at &&
      device.status_changed_at.getTime() > endedAt.getTime()
    )
      return null;
    return {
      id: row.id,
      name: row.name as 'charge.start' | 'charge.stop',
      issuedAt: row.issued_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      status: expired ? ('expired' as const) : row.status,
      // the gateway's code, which the page translates; its English message is for the support desk only
      errorCode: expired ? 'expired' : row.error_code,
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  /** A command's state, for the page that sent it (the person who issued it may read it). */
  async command(actor: Actor, input: unknown) {
    const { deviceId, commandId } = parseInput(chargeCommandInput, input);
    const { device } = await requireCharger(this.deps.db, actor, deviceId, 'site.chargers');
    const view = await this.commands.get(actor, { commandId });
    if (view.siteId !== device.site_id) throw notFound();
    return view;
  }

  /** Starts a session, fast or smart: `charge.start` to the gateway, answered on cmd/res (or expiring). */
  async start(
    actor: Actor,
    input: unknown,
  ): Promise<SentCommand & { guarantee: { energyWh: number; by: string } | null }> {
    requireWritable(actor);
    const { deviceId } = parseInput(chargerInput, input);
    const { device } = await requireCharger(this.deps.db, actor, deviceId, 'site.operate');
    const data = parseInput(chargeStartInput, input);
    let guarantee: { energyWh: number; by: string } | null = null;
    if (data.mode === 'smart' && data.rangeKm !== undefined && data.byTime !== undefined) {
      const consumption = await this.consumption(device.id);
      guarantee = {
        energyWh: Math.round(data.rangeKm * consumption * 10),
        by: nextLocalTime(this.deps.clock.now(), data.byTime).toISOString(),
      };
    }
    const sent = await this.commands.send(
      actor,
      device.site_id,
      'charge.start',
      {
        chargerId: device.device_key,
        mode: data.mode,
        ...(actor.type === 'user' ? { userId: String(actor.userId) } : {}),
        ...(data.mode === 'smart'
          ? { smart: { gridSharePct: 100 - data.ecoLevel, ...(guarantee ? { guarantee } : {}) } }
          : {}),
      },
      CHARGE_COMMAND_TTL_S,
    );
    return { ...sent, guarantee };
  }

  async stop(actor: Actor, input: unknown): Promise<SentCommand> {
    requireWritable(actor);
    const { deviceId } = parseInput(chargerInput, input);
    const { device } = await requireCharger(this.deps.db, actor, deviceId, 'site.operate');
    return this.commands.send(
      actor,
      device.site_id,
      'charge.stop',
      { chargerId: device.device_key },
      CHARGE_COMMAND_TTL_S,
    );
  }

  /** The tandwiel: the car's average consumption (kWh/100 km); sent on to the gateway with the chargers' section. */
  async saveSettings(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { deviceId } = parseInput(chargerInput, input);
    const { device } = await requireCharger(this.deps.db, actor, deviceId, 'site.operate');
    const data = parseInput(chargerSettingsInput, input);
    const value = data.consumptionKwhPer100km.toFixed(1);
    const before = await this.consumption(device.id);
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('charger_settings')
        .values({
          device_id: device.id,
          site_id: device.site_id,
          consumption_kwh_per_100km: value,
          updated_by_user_id: actor.type === 'user' ? actor.userId : null,
        })
        .onDuplicateKeyUpdate({
          consumption_kwh_per_100km: value,
          updated_by_user_id: actor.type === 'user' ? actor.userId : null,
          updated_at: this.deps.clock.now(),
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'charger.settings',
        entityType: 'device',
        entityId: device.id,
        siteId: device.site_id,
        before: { consumptionKwhPer100km: before },
        after: { consumptionKwhPer100km: Number(value) },
      });
    });
    await this.gatewayConfig.publishWhenLinked(actor, device.site_id);
    return { consumptionKwhPer100km: Number(value) };
  }

  /** Energy charged per day (week, month) or month (year); a chargers-only member sees their own sessions. */
  async chart(actor: Actor, input: unknown) {
    const { deviceId } = parseInput(chargerInput, input);
    const { device, access } = await requireCharger(this.deps.db, actor, deviceId, 'site.chargers');
    const q = parseInput(chargerChartInput, input);
    const date: LocalDate = q.date ?? localDate(this.deps.clock.now());
    const period = periodOf(q.period, date);
    const ownOnly = !canOnSite(access, 'site.data');
    const userId = ownOnly && actor.type === 'user' ? actor.userId : undefined;
    const buckets = await chargedPerBucket(this.deps.db, device.id, period, userId);
    const consumption = await this.consumption(device.id);
    const today = localDate(this.deps.clock.now());
    const next = nextPeriod(period);
    const energyWh = buckets.reduce((s, b) => s + b.energyWh, 0);
    return {
      deviceId: device.id,
      period: { kind: period.kind, key: period.key, firstDay: period.firstDay, lastDay: period.lastDay },
      previousDate: previousPeriod(period).firstDay,
      nextDate: next.firstDay <= today ? next.firstDay : null,
      buckets,
      totals: {
        energyWh,
        solarWh: buckets.reduce((s, b) => s + b.solarWh, 0),
        sessions: buckets.reduce((s, b) => s + b.sessions, 0),
        km: Math.round(kmFromWh(energyWh, consumption)),
      },
      ownOnly,
    };
  }
}
