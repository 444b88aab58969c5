import { overlappingTimers } from '@ilumen/mqtt-contract';
import { z } from 'zod';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import type { ConfigContributor, GatewayConfigService } from '../gateways/config';
import { canOnSite, canUseHomeView, requireSite, requireWritable } from '../policy';
import { id, intRange, parseInput } from '../validation';

export const timersSiteInput = z.object({ siteId: id() });
export const timerAddInput = z.object({
  siteId: id(),
  /** The battery (a device of the site). */
  deviceId: id(),
  startHour: intRange(0, 23),
  endHour: intRange(0, 23),
  powerW: intRange(100, 20_000),
});
export const timerRemoveInput = z.object({ siteId: id(), timerId: id() });

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The gateway's `chargeTimers` section: every timer of the site, by the id the gateway knows each battery by. */
export const chargeTimersContributor: ConfigContributor = async (deps, siteId) => {
  const rows = await deps.db
    .selectFrom('charge_timers as t')
    .innerJoin('devices as d', 'd.id', 't.device_id')
    .select(['t.device_id', 'd.device_key', 't.start_hour', 't.end_hour', 't.power_w'])
    .where('t.site_id', '=', siteId)
    .orderBy('t.device_id')
    .orderBy('t.start_hour')
    .execute();
  const batteries = await deps.db
    .selectFrom('devices')
    .select('id')
    .where('site_id', '=', siteId)
    .where('type', '=', 'battery')
    .limit(1)
    .execute();
  // A site without batteries or timers says nothing; one whose last timer went switches the controller off.
  if (rows.length === 0 && batteries.length === 0) return {};
  return {
    controllers: {
      chargeTimers: {
        enabled: rows.length > 0,
        timers: rows.map((r) => ({
          batteryId: r.device_key,
          startHour: r.start_hour,
          endHour: r.end_hour,
          powerW: r.power_w,
        })),
      },
    },
  };
};

/**
 * What is true of the timers at the gateway, in one word the page translates: there are none; there is no iLusmart;
 * it is offline; it has not confirmed them yet or refused them; it applied them but has never reported the battery
 * (a gateway without the iLubat: they do nothing) or the battery is in Fout; or it follows them. "Settings applied"
 * alone said nothing about whether a battery obeys them.
 */
export function timersExecution(
  hasTimers: boolean,
  gateway:
    | { online: boolean; version: number | null; acked_version: number | null; ack_ok: boolean | null }
    | undefined,
  batteryStatuses: ReadonlyArray<string | null>,
): 'none' | 'noGateway' | 'offline' | 'pending' | 'refused' | 'noBattery' | 'batteryFault' | 'following' {
  if (!hasTimers) return 'none';
  if (!gateway) return 'noGateway';
  if (!gateway.online) return 'offline';
  if (gateway.version === null || gateway.acked_version !== gateway.version) return 'pending';
  if (!gateway.ack_ok) return 'refused';
  if (batteryStatuses.every((s) => s === null)) return 'noBattery';
  if (batteryStatuses.some((s) => s === 'Fout')) return 'batteryFault';
  return 'following';
}

/**
 * Battery charge timers (manual, "Instellen laadtimers"): start hour, end hour and charge power per battery, no two
 * of one battery sharing an hour. Saved here, sent to the gateway in its configuration, obeyed by its `chargeTimers`
 * controller. The main user sets them; "Alle data" users see them.
 */
export class ChargeTimerService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
  ) {}

  private async access(actor: Actor, siteId: number, change: boolean) {
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (!canUseHomeView(actor, access)) throw notFound();
    if (!canOnSite(access, 'site.data')) throw forbidden('home.chargersOnly');
    if (change && !canOnSite(access, 'site.owner')) throw forbidden('modules.timers.ownerOnly');
    return access;
  }

  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(timersSiteInput, input);
    const access = await this.access(actor, siteId, false);
    const db = this.deps.db;
    const [batteries, timers, gateway] = await Promise.all([
      db
        .selectFrom('devices')
        .select(['id', 'model', 'serial', 'status'])
        .where('site_id', '=', siteId)
        .where('type', '=', 'battery')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('charge_timers')
        .select(['id', 'device_id', 'start_hour', 'end_hour', 'power_w'])
        .where('site_id', '=', siteId)
        .orderBy('device_id')
        .orderBy('start_hour')
        .execute(),
      db
        .selectFrom('gateways as g')
        .leftJoin('gateway_configs as c', 'c.gateway_id', 'g.id')
        .select(['g.online', 'c.version', 'c.acked_version', 'c.ack_ok', 'c.ack_error'])
        .where('g.site_id', '=', siteId)
        .orderBy('g.id')
        .executeTakeFirst(),
    ]);
    const readOnly = actor.type === 'user' && actor.readOnly;
    return {
      siteId,
      canEdit: canOnSite(access, 'site.owner') && !readOnly,
      batteries: batteries.map((b) => ({ id: b.id, model: b.model, serial: b.serial, status: b.status })),
      timers: timers.map((t) => ({
        id: t.id,
        batteryId: t.device_id,
        startHour: t.start_hour,
        endHour: t.end_hour,
        powerW: t.power_w,
        pastMidnight: t.end_hour <= t.start_hour,
      })),
      gateway: gateway
        ? {
            online: gateway.online,
            config:
              gateway.version === null
                ? null
                : {
                    state:
                      gateway.acked_version === gateway.version
                        ? gateway.ack_ok
                          ? 'applied'
                          : 'refused'
                        : 'pending',
                    error: gateway.ack_error,
                  },
          }
        : null,
      execution: timersExecution(
        timers.length > 0,
        gateway,
        batteries.filter((b) => timers.some((t) => t.device_id === b.id)).map((b) => b.status),
      ),
    };
  }

  async add(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(timersSiteInput, input);
    await this.access(actor, siteId, true);
    const data = parseInput(timerAddInput, input);
    const battery = await this.deps.db
      .selectFrom('devices')
      .select('id')
      .where('id', '=', data.deviceId)
      .where('site_id', '=', siteId)
      .where('type', '=', 'battery')
      .executeTakeFirst();
    if (!battery)
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { deviceId: { key: 'modules.timers.noBattery' } },
      );
    if (data.startHour === data.endHour)
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { endHour: { key: 'modules.timers.sameHour' } },
      );
    const id = await this.deps.db.transaction().execute(async (trx) => {
      // Locked, so two saves at once cannot both pass the overlap check.
      const existing = await trx
        .selectFrom('charge_timers')
        .select(['id', 'start_hour', 'end_hour'])
        .where('site_id', '=', siteId)
        .where('device_id', '=', battery.id)
        .forUpdate()
        .execute();
      const candidate = { batteryId: String(battery.id), startHour: data.startHour, endHour: data.endHour };
      for (const t of existing) {
        const other = { batteryId: String(battery.id), startHour: t.start_hour, endHour: t.end_hour };
        if (overlappingTimers([other, candidate]).length > 0) {
          throw new AppError(
            'validation',
            'validation.form',
            {},
            {
              startHour: {
                key: 'modules.timers.overlap',
                params: { span: `${hh(t.start_hour)} – ${hh(t.end_hour)}` },
              },
            },
          );
        }
      }
      const res = await trx
        .insertInto('charge_timers')
        .values({
          site_id: siteId,
          device_id: battery.id,
          start_hour: data.startHour,
          end_hour: data.endHour,
          power_w: data.powerW,
          created_by_user_id: actor.type === 'user' ? actor.userId : null,
        })
        .executeTakeFirstOrThrow();
      const timerId = Number(res.insertId);
      await recordAudit(trx, actor, {
        action: 'charge_timer.create',
        entityType: 'charge_timer',
        entityId: timerId,
        siteId,
        after: {
          batteryId: battery.id,
          startHour: data.startHour,
          endHour: data.endHour,
          powerW: data.powerW,
        },
      });
      return timerId;
    });
    await this.gatewayConfig.publishWhenLinked(actor, siteId);
    return { id };
  }

  async remove(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { siteId } = parseInput(timersSiteInput, input);
    await this.access(actor, siteId, true);
    const { timerId } = parseInput(timerRemoveInput, input);
    const removed = await this.deps.db.transaction().execute(async (trx) => {
      const t = await trx
        .selectFrom('charge_timers')
        .selectAll()
        .where('id', '=', timerId)
        .where('site_id', '=', siteId)
        .executeTakeFirst();
      if (!t) return false;
      await trx.deleteFrom('charge_timers').where('id', '=', t.id).execute();
      await recordAudit(trx, actor, {
        action: 'charge_timer.delete',
        entityType: 'charge_timer',
        entityId: t.id,
        siteId,
        before: { batteryId: t.device_id, startHour: t.start_hour, endHour: t.end_hour, powerW: t.power_w },
      });
      return true;
    });
    if (!removed) throw notFound();
    await this.gatewayConfig.publishWhenLinked(actor, siteId);
  }
}
