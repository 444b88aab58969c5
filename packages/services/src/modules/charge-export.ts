import type { ChargeExportRow, Db, Locale } from '@ilumen/db';
import { addDays, localDate } from '@ilumen/energy';
import type { MailSendPayload } from '@ilumen/jobs';
import { z } from 'zod';
import type { Actor, UserActor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError, forbidden, notFound } from '../errors';
import { canOnSite, canUseHomeView, requireSite, requireUser, requireWritable } from '../policy';
import { formatAddress } from '../sites/address';
import { id, localDate as localDateField, parseInput } from '../validation';
import { requireCharger } from './charging';

const day = () => z.preprocess((v) => (v === '' ? undefined : v), localDateField().optional());

export const exportChargerInput = z.object({ deviceId: id(), from: day(), to: day() });
export const exportSiteInput = z.object({ siteId: id(), from: day(), to: day() });
export const exportOwnerInput = z.object({ from: day(), to: day() });

/** A longer period than this is a mistake more often than a wish (and a very large file to mail). */
const MAX_DAYS = 5 * 366;

/**
 * Charge sessions as a CSV by mail (manual, "Laadsessies exporteren"): per charger ("ontvang deze data via mail"; a
 * chargers-only member gets their own sessions), per address for a chosen period (its main user, "mail laadsessies"),
 * and per owner across all their addresses. A request is stored and queued (`exports.chargeSessions`); the worker
 * streams the file and mails it (worker/src/jobs/exports).
 */
export class ChargeExportService {
  constructor(private readonly deps: ServiceDeps) {}

  private period(
    from: string | undefined,
    to: string | undefined,
    firstSession: Date | null,
  ): { from: string; to: string } {
    const today = localDate(this.deps.clock.now());
    const end = to ?? today;
    const start = from ?? (firstSession ? localDate(firstSession) : end);
    if (start > end)
      throw new AppError('validation', 'validation.form', {}, { to: { key: 'modules.export.periodOrder' } });
    if (addDays(start, MAX_DAYS) < end)
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { from: { key: 'modules.export.periodTooLong' } },
      );
    return { from: start, to: end };
  }

  private async firstSession(where: {
    deviceId?: number;
    siteIds?: number[];
    userId?: number;
  }): Promise<Date | null> {
    let q = this.deps.db.selectFrom('charge_sessions').select((eb) => eb.fn.min('started_at').as('first'));
    if (where.deviceId !== undefined) q = q.where('device_id', '=', where.deviceId);
    if (where.siteIds) q = q.where('site_id', 'in', where.siteIds.length > 0 ? where.siteIds : [-1]);
    if (where.userId !== undefined) q = q.where('user_id', '=', where.userId);
    const row = await q.executeTakeFirst();
    return (row?.first as Date | null | undefined) ?? null;
  }

  private async queue(user: UserActor, row: Omit<Parameters<typeof insertExport>[1], 'user_id' | 'locale'>) {
    const exportId = await this.deps.db.transaction().execute(async (trx) => {
      const id = await insertExport(trx as unknown as Db, {
        ...row,
        user_id: user.userId,
        locale: user.locale,
      });
      await recordAudit(trx, user, {
        action: 'charge_sessions.export',
        entityType: 'charge_export',
        entityId: id,
        siteId: row.site_id ?? null,
        after: { scope: row.scope, from: row.from_day, to: row.to_day, ownOnly: row.own_only },
      });
      return id;
    });
    await this.deps.jobs.add(
      'exports',
      'chargeSessions',
      { exportId },
      { jobId: `charge-export-${exportId}` },
    );
    return { id: exportId, email: user.email, from: row.from_day, to: row.to_day };
  }

  /** "Ontvang deze data via mail" on a charger's page: its sessions (the person's own, for a chargers-only member). */
  async requestCharger(actor: Actor, input: unknown) {
    requireWritable(actor);
    const user = requireUser(actor);
    const { deviceId } = parseInput(z.object({ deviceId: id() }), input);
    const { device, access } = await requireCharger(this.deps.db, actor, deviceId, 'site.chargers');
    const data = parseInput(exportChargerInput, input);
    const ownOnly = !canOnSite(access, 'site.data');
    const first = await this.firstSession({
      deviceId: device.id,
      ...(ownOnly ? { userId: user.userId } : {}),
    });
    const period = this.period(data.from, data.to, first);
    return this.queue(user, {
      scope: 'charger',
      site_id: device.site_id,
      device_id: device.id,
      own_only: ownOnly,
      from_day: period.from,
      to_day: period.to,
    });
  }

  /** "Mail laadsessies" in an address's settings: its main user, for a chosen period. */
  async requestSite(actor: Actor, input: unknown) {
    requireWritable(actor);
    const user = requireUser(actor);
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.chargers');
    if (!canUseHomeView(actor, access)) throw notFound();
    if (!canOnSite(access, 'site.data')) throw forbidden('home.chargersOnly');
    if (!canOnSite(access, 'site.owner')) throw forbidden('modules.export.ownerOnly');
    const data = parseInput(exportSiteInput, input);
    const period = this.period(data.from, data.to, await this.firstSession({ siteIds: [siteId] }));
    return this.queue(user, {
      scope: 'site',
      site_id: siteId,
      device_id: null,
      own_only: false,
      from_day: period.from,
      to_day: period.to,
    });
  }

  /** Every address the person is the main user of, for a chosen period. */
  async requestOwner(actor: Actor, input: unknown) {
    requireWritable(actor);
    const user = requireUser(actor);
    const sites = await this.ownedSites(user);
    if (sites.length === 0) throw forbidden('modules.export.noOwnedSites');
    const data = parseInput(exportOwnerInput, input);
    const period = this.period(data.from, data.to, await this.firstSession({ siteIds: sites }));
    return this.queue(user, {
      scope: 'owner',
      site_id: null,
      device_id: null,
      own_only: false,
      from_day: period.from,
      to_day: period.to,
    });
  }

  private async ownedSites(user: UserActor): Promise<number[]> {
    let q = this.deps.db
      .selectFrom('site_members')
      .select('site_id')
      .where('user_id', '=', user.userId)
      .where('role', '=', 'owner');
    // An embed session reaches its one site only.
    if (typeof user.embedSiteId === 'number') q = q.where('site_id', '=', user.embedSiteId);
    return (await q.execute()).map((r) => r.site_id);
  }

  /** The person's own export requests, newest first. */
  async list(actor: Actor) {
    const user = requireUser(actor);
    const rows = await this.deps.db
      .selectFrom('charge_exports')
      .select([
        'id',
        'scope',
        'site_id',
        'device_id',
        'from_day',
        'to_day',
        'status',
        'row_count',
        'requested_at',
        'sent_at',
      ])
      .where('user_id', '=', user.userId)
      .orderBy('requested_at', 'desc')
      .limit(10)
      .execute();
    return {
      ownsSites: (await this.ownedSites(user)).length > 0,
      exports: rows.map((r) => ({
        id: r.id,
        scope: r.scope,
        siteId: r.site_id,
        deviceId: r.device_id,
        from: r.from_day,
        to: r.to_day,
        status: r.status,
        rows: r.row_count,
        requestedAt: r.requested_at.toISOString(),
        sentAt: r.sent_at?.toISOString() ?? null,
      })),
    };
  }
}

async function insertExport(
  db: Db,
  row: Pick<
    ChargeExportRow,
    'user_id' | 'scope' | 'site_id' | 'device_id' | 'own_only' | 'from_day' | 'to_day'
  > & { locale: Locale },
): Promise<number> {
  const res = await db.insertInto('charge_exports').values(row).executeTakeFirstOrThrow();
  return Number(res.insertId);
}

/** An export as the worker needs it: the row, who gets it, and the mail that goes with the file. */
export async function loadChargeExport(db: Db, exportId: number) {
  const row = await db.selectFrom('charge_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
  if (!row) return null;
  const user = await db
    .selectFrom('users')
    .select(['email', 'name', 'active'])
    .where('id', '=', row.user_id)
    .executeTakeFirstOrThrow();
  let params: Extract<MailSendPayload, { template: 'charge-sessions' }>['params'] = {
    name: user.name,
    scope: 'owner',
    from: row.from_day,
    to: row.to_day,
    count: 0,
  };
  if (row.scope === 'owner') {
    const n = await db
      .selectFrom('site_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', row.user_id)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    params = { ...params, scope: 'owner', siteCount: Number(n.n) };
  } else {
    const site = await db
      .selectFrom('sites')
      .select(['street', 'house_number', 'postal_code', 'city'])
      .where('id', '=', row.site_id ?? -1)
      .executeTakeFirst();
    const address = site ? formatAddress(site) : '';
    if (row.scope === 'site') params = { ...params, scope: 'site', address };
    else {
      const d = await db
        .selectFrom('devices')
        .select(['model', 'serial'])
        .where('id', '=', row.device_id ?? -1)
        .executeTakeFirst();
      params = {
        ...params,
        scope: row.own_only ? 'chargerOwn' : 'charger',
        address,
        charger: d ? `${d.model} ${d.serial}` : '',
      };
    }
  }
  return { row, user, params };
}

/** File name of an export: scope and period, safe everywhere ("laadsessies_2026-01-01_2026-11-27.csv"). */
export function exportFileName(row: Pick<ChargeExportRow, 'scope' | 'from_day' | 'to_day' | 'id'>): string {
  return `laadsessies_${row.scope}_${row.from_day}_${row.to_day}_${row.id}.csv`;
}

export async function markExport(
  db: Db,
  exportId: number,
  result: { status: 'sent'; rows: number; at: Date } | { status: 'failed'; error: string },
) {
  await db
    .updateTable('charge_exports')
    .set(
      result.status === 'sent'
        ? { status: 'sent', row_count: result.rows, sent_at: result.at, error: null }
        : { status: 'failed', error: result.error.slice(0, 500) },
    )
    .where('id', '=', exportId)
    .execute();
}
