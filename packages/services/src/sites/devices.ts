import { type Database, isDuplicateKey, type Transaction } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import { diff, recordAudit } from '../audit/record';
import { DEVICE_TYPES } from '../constants';
import type { ServiceDeps } from '../deps';
import { AppError, conflict, notFound } from '../errors';
import type { GatewayConfigService } from '../gateways/config';
import { requireSite, requireWritable } from '../policy';
import { ean, id, localDate, optionalText, parseInput, text } from '../validation';
import { deviceInUse } from './device-in-use';
import { nextDeviceKey } from './device-key';

const deviceFields = {
  type: z.enum(DEVICE_TYPES),
  manufacturer: optionalText(100),
  model: text(100),
  serial: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.string().min(1).max(64),
  ),
  ean: z.preprocess((v) => (v === '' ? undefined : v), ean().optional()),
  activeSince: z.preprocess((v) => (v === '' ? undefined : v), localDate().optional()),
};
const meterNeedsEan = (v: { type: string; ean?: string }, ctx: z.RefinementCtx) => {
  if (v.type === 'meter' && !v.ean)
    ctx.addIssue({ code: 'custom', path: ['ean'], message: 'validation.ean.required' });
};
export const deviceCreateInput = z.object({ siteId: id(), ...deviceFields }).superRefine(meterNeedsEan);
export const deviceUpdateInput = z
  .object({ siteId: id(), deviceId: id(), ...deviceFields })
  .superRefine(meterNeedsEan);
export const deviceRemoveInput = z.object({ siteId: id(), deviceId: id() });

type Trx = Transaction<Database>;

function brusselsToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(now);
}

/** A device of a site with its meter's EAN, locked for the rest of the transaction. */
function lockDevice(trx: Trx, siteId: number, deviceId: number) {
  return trx
    .selectFrom('devices as d')
    .leftJoin('meters as m', 'm.id', 'd.meter_id')
    .selectAll('d')
    .select('m.ean')
    .where('d.id', '=', deviceId)
    .where('d.site_id', '=', siteId)
    .forUpdate()
    .executeTakeFirst();
}

export class DeviceService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly gatewayConfig: GatewayConfigService,
  ) {}

  async list(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.console');
    return this.deps.db
      .selectFrom('devices as d')
      .leftJoin('meters as m', 'm.id', 'd.meter_id')
      .select([
        'd.id',
        'd.type',
        'd.manufacturer',
        'd.model',
        'd.serial',
        'd.status',
        'd.status_code',
        'd.status_text',
        'd.active_since',
        'd.gateway_id',
        'm.ean',
      ])
      .where('d.site_id', '=', siteId)
      .orderBy('d.type')
      .orderBy('d.id')
      .execute();
  }

  private async upsertMeter(
    trx: Trx,
    siteId: number,
    eanCode: string,
    activeSince: string,
    existingMeterId: number | null,
  ) {
    if (existingMeterId) {
      await trx
        .updateTable('meters')
        .set({ ean: eanCode, active_since: activeSince })
        .where('id', '=', existingMeterId)
        .execute();
      return existingMeterId;
    }
    const res = await trx
      .insertInto('meters')
      .values({ site_id: siteId, ean: eanCode, active_since: activeSince })
      .executeTakeFirstOrThrow();
    return Number(res.insertId);
  }

  /**
   * The address's own connection, already known by its EAN (from the commissioning's EAN step or a Fluvius mandate)
   * but not yet a device: the meter device is that connection, so it is linked rather than refused as a duplicate.
   */
  private async ownMeter(trx: Trx, siteId: number, eanCode: string): Promise<number | null> {
    const meter = await trx
      .selectFrom('meters')
      .select('id')
      .where('site_id', '=', siteId)
      .where('ean', '=', eanCode)
      .forUpdate()
      .executeTakeFirst();
    if (!meter) return null;
    const device = await trx
      .selectFrom('devices')
      .select('id')
      .where('meter_id', '=', meter.id)
      .executeTakeFirst();
    if (device) throw conflict('error.ean.meterExists', 'ean');
    return meter.id;
  }

  private mapDuplicate(error: unknown): never {
    if (isDuplicateKey(error, 'devices_org_type_serial_uq'))
      throw conflict('error.serial.duplicate', 'serial');
    if (isDuplicateKey(error, 'meters_org_ean_uq')) throw conflict('error.ean.duplicate', 'ean');
    throw error;
  }

  async create(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(deviceCreateInput, input);
    const access = await requireSite(this.deps.db, actor, data.siteId, 'site.manage');
    const activeSince = data.activeSince ?? brusselsToday(this.deps.clock.now());
    let created: { id: number };
    try {
      created = await this.deps.db.transaction().execute(async (trx) => {
        const meterId =
          data.type === 'meter' && data.ean
            ? ((await this.ownMeter(trx, data.siteId, data.ean)) ??
              (await this.upsertMeter(trx, data.siteId, data.ean, activeSince, null)))
            : null;
        const values = {
          site_id: data.siteId,
          type: data.type,
          device_key: await nextDeviceKey(trx, data.siteId, data.type),
          manufacturer: data.manufacturer ?? null,
          model: data.model,
          serial: data.serial,
          meter_id: meterId,
          active_since: activeSince,
        };
        const res = await trx.insertInto('devices').values(values).executeTakeFirstOrThrow();
        const deviceId = Number(res.insertId);
        await recordAudit(trx, actor, {
          action: 'device.create',
          entityType: 'device',
          entityId: deviceId,
          organizationId: access.organizationId,
          siteId: data.siteId,
          after: { ...values, ean: data.ean ?? null },
        });
        return { id: deviceId };
      });
    } catch (error) {
      this.mapDuplicate(error);
    }
    // the site's gateway learns of it at once (a meter is the gateway's own P1 port: nothing to send)
    if (data.type !== 'meter') await this.gatewayConfig.publishIfReachable(actor, data.siteId);
    return created;
  }

  async update(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(deviceUpdateInput, input);
    const access = await requireSite(this.deps.db, actor, data.siteId, 'site.manage');
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        const before = await lockDevice(trx, data.siteId, data.deviceId);
        if (!before) throw notFound();
        if (before.type !== data.type) {
          // The type decides which data a device produces; changing it would orphan that history.
          throw new AppError('validation', 'validation.form', {}, { type: { key: 'validation.choice' } });
        }
        const activeSince = data.activeSince ?? before.active_since;
        const meterId =
          data.type === 'meter' && data.ean
            ? await this.upsertMeter(trx, data.siteId, data.ean, activeSince, before.meter_id)
            : before.meter_id;
        const after = {
          manufacturer: data.manufacturer ?? null,
          model: data.model,
          serial: data.serial,
          meter_id: meterId,
          active_since: activeSince,
        };
        await trx
          .updateTable('devices')
          .set({ ...after, updated_at: this.deps.clock.now() })
          .where('id', '=', before.id)
          .execute();
        const changes = diff({ ...before, ean: before.ean }, { ...after, ean: data.ean ?? before.ean });
        await recordAudit(trx, actor, {
          action: 'device.update',
          entityType: 'device',
          entityId: before.id,
          organizationId: access.organizationId,
          siteId: data.siteId,
          ...changes,
        });
      });
    } catch (error) {
      this.mapDuplicate(error);
    }
  }

  async remove(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(deviceRemoveInput, input);
    const access = await requireSite(this.deps.db, actor, data.siteId, 'site.manage');
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await lockDevice(trx, data.siteId, data.deviceId);
      if (!before) throw notFound();
      const usedBy = await deviceInUse(trx, before);
      if (usedBy) throw conflict(usedBy);
      await trx.deleteFrom('devices').where('id', '=', before.id).execute();
      if (before.meter_id) {
        const others = await trx
          .selectFrom('devices')
          .select('id')
          .where('meter_id', '=', before.meter_id)
          .executeTakeFirst();
        if (!others) await trx.deleteFrom('meters').where('id', '=', before.meter_id).execute();
      }
      const { modbus: _m, ...snapshot } = before;
      await recordAudit(trx, actor, {
        action: 'device.remove',
        entityType: 'device',
        entityId: before.id,
        organizationId: access.organizationId,
        siteId: data.siteId,
        before: snapshot,
      });
    });
    await this.gatewayConfig.publishIfReachable(actor, data.siteId);
  }
}
