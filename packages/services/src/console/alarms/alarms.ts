import { type AlarmRow, readJson, sql } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../../actor';
import { recordAudit } from '../../audit/record';
import type { ServiceDeps } from '../../deps';
import { conflict, fieldError, forbidden, notFound } from '../../errors';
import {
  alarmAccess,
  alarmScope,
  requirePermission,
  requireSite,
  requireUser,
  requireWritable,
  staffRole,
} from '../../policy';
import { formatAddress } from '../../sites/address';
import { likeEscape, siteSearchConditions } from '../../sites/site-search';
import { bool, id, listQuery, paging, parseInput, sorting, text } from '../../validation';
import { ALARM_KINDS, ALARM_SEVERITIES } from './rules';

export const ALARM_SORTS = ['raised_at', 'severity', 'kind', 'status'] as const;
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
export const alarmListInput = listQuery({
  ...paging(25),
  ...sorting(ALARM_SORTS, 'raised_at', true),
  status: z.enum(['open', 'cleared', 'all']).catch('open'),
  severity: z.preprocess(blank, z.enum(ALARM_SEVERITIES).optional()).catch(undefined),
  kind: z.preprocess(blank, z.enum(ALARM_KINDS).optional()).catch(undefined),
  organizationId: z.preprocess(blank, z.coerce.number().int().positive().optional()).catch(undefined),
  assigned: z.preprocess(blank, z.enum(['me', 'none']).optional()).catch(undefined),
  unacknowledged: z.preprocess((v) => (v === undefined || v === '' ? false : v), bool()).catch(false),
  search: z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string().max(100)).optional(),
});
export const alarmIdInput = z.object({ alarmId: id() });
export const alarmAssignInput = z.object({ alarmId: id(), assigneeId: z.preprocess(blank, id().optional()) });
export const alarmCommentInput = z.object({ alarmId: id(), body: text(2000) });
export const alarmResolveInput = z.object({ alarmId: id(), note: text(2000) });
export const alarmSettingsInput = z.object({
  frequency: z.enum(['off', 'hourly', 'daily']),
  minSeverity: z.enum(ALARM_SEVERITIES),
});

/** What a person gets when they never chose: a daily digest of warnings and worse. */
export const DEFAULT_DIGEST = { frequency: 'daily' as const, minSeverity: 'warning' as const };

export function alarmView(
  a: AlarmRow & {
    street?: string | null;
    house_number?: string | null;
    postal_code?: string | null;
    city?: string | null;
    serial?: string | null;
    organization_name?: string | null;
    assignee_name?: string | null;
    resolver_name?: string | null;
  },
) {
  const address =
    a.street && a.house_number && a.postal_code && a.city
      ? formatAddress({
          street: a.street,
          house_number: a.house_number,
          postal_code: a.postal_code,
          city: a.city,
        })
      : null;
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    status: a.status,
    code: a.code,
    details: readJson<Record<string, string | number>>(a.details) ?? {},
    siteId: a.site_id,
    gatewayId: a.gateway_id,
    deviceId: a.device_id,
    mandateId: a.mandate_id,
    address,
    serial: a.serial ?? null,
    organizationName: a.organization_name ?? null,
    since: a.since,
    raisedAt: a.raised_at,
    clearedAt: a.cleared_at,
    clearing: a.status === 'open' && a.clear_pending_since !== null,
    acknowledgedAt: a.acknowledged_at,
    assignedToUserId: a.assigned_to_user_id,
    assigneeName: a.assignee_name ?? null,
    /** Resolved by hand: by whom, and their note (the pass's own clearing has neither). */
    resolvedBy: a.resolved_by_user_id ? (a.resolver_name ?? '—') : null,
    resolution: a.resolution,
  };
}
export type AlarmView = ReturnType<typeof alarmView>;

/**
 * Alarms for the support desk and installers (decisions 040–042): the list across tenants (cut to what the actor may see),
 * one alarm with its comments, acknowledging, assigning, commenting, resolving by hand with a note, and each person's
 * mail digest setting. Raising and clearing is the evaluator's (`evaluate.ts`); a person may close an alarm whose cause
 * they dealt with, and a cause still there raises a new alarm at the next pass.
 */
export class AlarmService {
  constructor(private readonly deps: ServiceDeps) {}

  private base(actor: Actor) {
    requirePermission(actor, 'alarms.list');
    const scope = alarmScope(actor);
    let q = this.deps.db.selectFrom('alarms as a');
    if ('organizationIds' in scope)
      q = q.where('a.organization_id', 'in', scope.organizationIds.length ? scope.organizationIds : [0]);
    return q;
  }

  private enrich<Q extends ReturnType<AlarmService['base']>>(q: Q) {
    return q
      .leftJoin('sites as s', 's.id', 'a.site_id')
      .leftJoin('gateways as g', 'g.id', 'a.gateway_id')
      .leftJoin('organizations as o', 'o.id', 'a.organization_id')
      .leftJoin('users as au', 'au.id', 'a.assigned_to_user_id')
      .leftJoin('users as ru', 'ru.id', 'a.resolved_by_user_id')
      .selectAll('a')
      .select([
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'g.serial',
        'o.name as organization_name',
        'au.name as assignee_name',
        'ru.name as resolver_name',
      ]);
  }

  async list(actor: Actor, input: unknown = {}) {
    const q = parseInput(alarmListInput, input);
    let base = this.base(actor);
    if (q.status !== 'all') base = base.where('a.status', '=', q.status);
    if (q.severity) base = base.where('a.severity', '=', q.severity);
    if (q.kind) base = base.where('a.kind', '=', q.kind);
    if (q.organizationId) base = base.where('a.organization_id', '=', q.organizationId);
    if (q.unacknowledged) base = base.where('a.acknowledged_at', 'is', null);
    if (q.assigned === 'me') base = base.where('a.assigned_to_user_id', '=', requireUser(actor).userId);
    if (q.assigned === 'none') base = base.where('a.assigned_to_user_id', 'is', null);
    if (q.search) {
      const term = q.search.toLowerCase();
      let sites = this.deps.db.selectFrom('sites').select('id');
      for (const condition of siteSearchConditions(true, 'sites', term)) sites = sites.where(condition);
      const gateways = this.deps.db
        .selectFrom('gateways')
        .select('id')
        .where('serial', 'like', `${likeEscape(term.toUpperCase())}%`);
      base = base.where((eb) =>
        eb.or([
          eb('a.site_id', 'in', sites),
          eb('a.gateway_id', 'in', gateways),
          eb('a.code', '=', q.search!),
        ]),
      );
    }
    const sortCol =
      q.sort === 'severity' ? sql`field(a.severity, 'info', 'warning', 'critical')` : sql.ref(`a.${q.sort}`);
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      this.enrich(base)
        .orderBy(sortCol, q.desc ? 'desc' : 'asc')
        .orderBy('a.id', q.desc ? 'desc' : 'asc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    return {
      rows: rows.map(alarmView),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      desc: q.desc,
    };
  }

  /** Open alarms by severity, for the console's start page and navigation. */
  async counts(actor: Actor) {
    const rows = await this.base(actor)
      .select(['a.severity', sql<number>`count(*)`.as('n')])
      .where('a.status', '=', 'open')
      .groupBy('a.severity')
      .execute();
    const out = { critical: 0, warning: 0, info: 0 };
    for (const r of rows) out[r.severity] = Number(r.n);
    return out;
  }

  /** One site's alarms (the troubleshooting page). */
  async forSite(actor: Actor, input: unknown) {
    const { siteId } = parseInput(z.object({ siteId: id() }), input);
    await requireSite(this.deps.db, actor, siteId, 'site.console');
    const rows = await this.enrich(this.deps.db.selectFrom('alarms as a'))
      .where('a.site_id', '=', siteId)
      .orderBy('a.status', 'desc')
      .orderBy('a.raised_at', 'desc')
      .limit(50)
      .execute();
    return rows.map(alarmView);
  }

  private async visible(actor: Actor, alarmId: number) {
    if (actor.type === 'anonymous') requirePermission(actor, 'alarms.list');
    const row = await this.enrich(this.deps.db.selectFrom('alarms as a'))
      .where('a.id', '=', alarmId)
      .executeTakeFirst();
    const access = row ? alarmAccess(actor, row) : null;
    if (!row || !access) throw notFound();
    return { row, access };
  }

  async get(actor: Actor, input: unknown) {
    const { alarmId } = parseInput(alarmIdInput, input);
    const { row, access } = await this.visible(actor, alarmId);
    const [comments, assignable, device] = await Promise.all([
      this.deps.db
        .selectFrom('alarm_comments as c')
        .leftJoin('users as u', 'u.id', 'c.user_id')
        .select(['c.id', 'c.body', 'c.created_at', 'u.name as author'])
        .where('c.alarm_id', '=', alarmId)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute(),
      this.assignable(actor, row.organization_id),
      row.device_id
        ? this.deps.db
            .selectFrom('devices')
            .select(['id', 'type', 'model', 'serial', 'status', 'status_code', 'status_text'])
            .where('id', '=', row.device_id)
            .executeTakeFirst()
        : undefined,
    ]);
    return { alarm: alarmView(row), comments, assignable, device: device ?? null, canAct: access.act };
  }

  /** Who an alarm may be given to: iLumen's admins and support, and the people of the alarm's installer. */
  private async assignable(actor: Actor, organizationId: number | null) {
    const staffVisible = staffRole(actor) !== null;
    const rows = await this.deps.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select(['u.id', 'u.name', 'u.email', 'o.kind'])
      .where('u.active', '=', true)
      .where('o.active', '=', true)
      .where((eb) =>
        eb.or([
          eb.and([eb('o.kind', '=', 'operator'), eb('m.role', 'in', ['admin', 'support'])]),
          eb.and([
            eb('m.organization_id', '=', organizationId ?? 0),
            eb('m.role', 'in', ['installer_admin', 'technician']),
          ]),
        ]),
      )
      .orderBy('u.name')
      .execute();
    // Installers hand alarms to their own people or to iLumen support; they do not see iLumen's staff list by e-mail.
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: staffVisible || r.kind === 'installer' ? r.email : null,
    }));
  }

  private async actOn(actor: Actor, input: unknown) {
    requireWritable(actor);
    const { alarmId } = parseInput(alarmIdInput, input);
    const found = await this.visible(actor, alarmId);
    if (!found.access.act) throw forbidden();
    return found.row;
  }

  async acknowledge(actor: Actor, input: unknown) {
    const row = await this.actOn(actor, input);
    const user = requireUser(actor);
    if (row.acknowledged_at) return;
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alarms')
        .set({ acknowledged_at: now, acknowledged_by_user_id: user.userId, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'alarm.acknowledge',
        entityType: 'alarm',
        entityId: row.id,
        siteId: row.site_id,
        organizationId: row.organization_id,
      });
    });
  }

  async assign(actor: Actor, input: unknown) {
    const row = await this.actOn(actor, input);
    const { assigneeId } = parseInput(alarmAssignInput, input);
    if (assigneeId !== undefined) {
      const allowed = await this.assignable(actor, row.organization_id);
      if (!allowed.some((u) => u.id === assigneeId)) throw fieldError('assigneeId', 'validation.choice');
    }
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('alarms')
        .set({ assigned_to_user_id: assigneeId ?? null, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'alarm.assign',
        entityType: 'alarm',
        entityId: row.id,
        siteId: row.site_id,
        organizationId: row.organization_id,
        before: { assignee: row.assigned_to_user_id },
        after: { assignee: assigneeId ?? null },
      });
    });
  }

  async comment(actor: Actor, input: unknown) {
    const row = await this.actOn(actor, input);
    const { body } = parseInput(alarmCommentInput, input);
    const user = requireUser(actor);
    await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .insertInto('alarm_comments')
        .values({ alarm_id: row.id, user_id: user.userId, body, created_at: this.deps.clock.now() })
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'alarm.comment',
        entityType: 'alarm',
        entityId: row.id,
        siteId: row.site_id,
        organizationId: row.organization_id,
        after: { commentId: Number(res.insertId) },
      });
    });
  }

  /**
   * Closes an open alarm by hand with the resolver's note (what was done), seen by then if it was not: cleared now,
   * its gateway's open count in step, audited. Its condition, if still there, raises a new alarm at the next pass.
   */
  async resolve(actor: Actor, input: unknown) {
    const row = await this.actOn(actor, input);
    const { note } = parseInput(alarmResolveInput, input);
    const user = requireUser(actor);
    if (row.status !== 'open') throw conflict('alarms.alreadyCleared');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('alarms')
        .set({
          status: 'cleared',
          cleared_at: now,
          open_key: null,
          clear_pending_since: null,
          resolved_by_user_id: user.userId,
          resolution: note,
          acknowledged_at: row.acknowledged_at ?? now,
          acknowledged_by_user_id: row.acknowledged_by_user_id ?? user.userId,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      // the evaluator cleared it meanwhile
      if (Number(res.numUpdatedRows) === 0) throw conflict('alarms.alreadyCleared');
      if (row.gateway_id !== null)
        await trx
          .updateTable('gateways')
          .set({
            open_alarms: (eb) =>
              eb
                .selectFrom('alarms')
                .select(sql<number>`count(*)`.as('n'))
                .where('gateway_id', '=', row.gateway_id)
                .where('status', '=', 'open'),
          })
          .where('id', '=', row.gateway_id)
          .execute();
      await recordAudit(trx, actor, {
        action: 'alarm.resolve',
        entityType: 'alarm',
        entityId: row.id,
        siteId: row.site_id,
        organizationId: row.organization_id,
        after: { resolution: note },
      });
    });
  }

  /** The caller's own digest setting. */
  async settings(actor: Actor) {
    requirePermission(actor, 'alarms.list');
    const user = requireUser(actor);
    const row = await this.deps.db
      .selectFrom('alarm_digest_settings')
      .selectAll()
      .where('user_id', '=', user.userId)
      .executeTakeFirst();
    return {
      frequency: row?.frequency ?? DEFAULT_DIGEST.frequency,
      minSeverity: row?.min_severity ?? DEFAULT_DIGEST.minSeverity,
      lastSentAt: row?.last_sent_at ?? null,
    };
  }

  async saveSettings(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'alarms.list');
    const user = requireUser(actor);
    const data = parseInput(alarmSettingsInput, input);
    const now = this.deps.clock.now();
    await this.deps.db
      .insertInto('alarm_digest_settings')
      .values({
        user_id: user.userId,
        frequency: data.frequency,
        min_severity: data.minSeverity,
        updated_at: now,
      })
      .onDuplicateKeyUpdate({ frequency: data.frequency, min_severity: data.minSeverity, updated_at: now })
      .execute();
  }
}
