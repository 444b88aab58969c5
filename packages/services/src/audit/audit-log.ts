import { readJson, sql } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { forbidden, unauthenticated } from '../errors';
import { auditScope, requireSite } from '../policy';
import { id, listQuery, paging, parseInput, sorting } from '../validation';

/** The audit table's sortable columns: time (indexed, the default, newest first), or what, who and on what. */
export const AUDIT_SORTS = ['at', 'action', 'actor_email', 'entity_type'] as const;
export const auditListInput = listQuery({
  ...paging(50),
  ...sorting(AUDIT_SORTS, 'at', true),
  action: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64).optional()),
  actorEmail: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.string().max(254).optional(),
  ),
  organizationId: z.preprocess((v) => (v === '' ? undefined : v), id().optional()),
  from: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.date().optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.date().optional()),
});

export class AuditLogService {
  constructor(private readonly deps: ServiceDeps) {}

  private async query(
    scope: { all: true } | { organizationIds: number[] } | { siteId: number },
    input: unknown,
  ) {
    const q = parseInput(auditListInput, input);
    let base = this.deps.db.selectFrom('audit_log as a');
    if ('siteId' in scope) base = base.where('a.site_id', '=', scope.siteId);
    else if ('organizationIds' in scope) base = base.where('a.organization_id', 'in', scope.organizationIds);
    if (q.organizationId) base = base.where('a.organization_id', '=', q.organizationId);
    if (q.action) base = base.where('a.action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.actorEmail)
      base = base.where('a.actor_email', 'like', `%${q.actorEmail.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.from) base = base.where('a.at', '>=', q.from);
    if (q.to) base = base.where('a.at', '<', q.to);
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      base
        .leftJoin('organizations as o', 'o.id', 'a.organization_id')
        .select([
          'a.id',
          'a.at',
          'a.actor_email',
          'a.action',
          'a.entity_type',
          'a.entity_id',
          'a.site_id',
          'a.organization_id',
          'o.name as organization_name',
          'a.before',
          'a.after',
          'a.ip',
        ])
        .orderBy(`a.${q.sort}`, q.desc ? 'desc' : 'asc')
        .orderBy('a.id', q.desc ? 'desc' : 'asc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    return {
      rows: rows.map((r) => ({
        ...r,
        before: readJson<Record<string, unknown>>(r.before),
        after: readJson<Record<string, unknown>>(r.after),
      })),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      desc: q.desc,
    };
  }

  /** The whole audit log (staff), or the lines of one's own organizations (installer admins and technicians). */
  async list(actor: Actor, input: unknown = {}) {
    if (actor.type === 'anonymous') throw unauthenticated();
    const scope = auditScope(actor);
    if ('organizationIds' in scope && scope.organizationIds.length === 0) throw forbidden();
    return this.query(scope, input);
  }

  async listForSite(actor: Actor, input: unknown) {
    const { siteId, ...rest } = parseInput(z.object({ siteId: id() }).passthrough(), input) as {
      siteId: number;
    } & Record<string, unknown>;
    await requireSite(this.deps.db, actor, siteId, 'site.audit');
    return this.query({ siteId }, rest);
  }
}
