import { sql } from '@ilumen/db';
import { z } from 'zod';
import type { Actor } from '../actor';
import { diff, recordAudit } from '../audit/record';
import { SITE_SORTS } from '../constants';
import type { ServiceDeps } from '../deps';
import { AppError, notFound } from '../errors';
import {
  canOnOrg,
  canOnSite,
  LIVE_VALUES,
  requireOrg,
  requirePermission,
  requireSite,
  requireWritable,
  seesPeopleInLists,
  siteAccess,
  siteListScope,
  sitePermissions,
} from '../policy';
import {
  id,
  intRange,
  listQuery,
  optionalText,
  paging,
  parseInput,
  sorting,
  text,
  timezone,
} from '../validation';
import { refreshSiteSearch, siteSearchConditions } from './site-search';

/**
 * A table's total is counted up to this many sites, or ten pages past the one shown when that is more; past it the
 * table says "more than" (decision 271). Counting a whole fleet's 100,000 index entries cost more than the page itself.
 */
export const SITE_COUNT_AT_LEAST = 10_000;
/** Above this many matches a search is "broad" and is paged through the sort index instead of by id. */
const SEARCH_ID_LIMIT = 5000;

export const siteListInput = listQuery({
  ...paging(25),
  ...sorting(SITE_SORTS, 'city'),
  search: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().max(100))
    .optional(),
  status: z.enum(['draft', 'active', 'inactive']).optional().catch(undefined),
  organizationId: z.coerce.number().int().positive().optional().catch(undefined),
});
export type SiteListInput = z.input<typeof siteListInput>;

const siteFields = {
  name: optionalText(120),
  street: text(200),
  houseNumber: text(20),
  postalCode: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().refine((v) => /^[1-9]\d{3}$/.test(v), 'validation.postalCode'),
  ),
  city: text(100),
  timezone: z.preprocess((v) => (v === undefined || v === '' ? 'Europe/Brussels' : v), timezone()),
  gridPhases: z.preprocess(
    (v) => (typeof v === 'string' ? Number(v) : v),
    z.union([z.literal(1), z.literal(3)]),
  ),
  mainFuseA: intRange(6, 400),
  status: z.enum(['draft', 'active', 'inactive']).default('active'),
};
export const siteCreateInput = z.object({ organizationId: id(), ...siteFields });
/** An address as a person types it: what a homeowner gives for a new address of their own (decision 105). */
export const siteAddressFields = {
  street: siteFields.street,
  houseNumber: siteFields.houseNumber,
  postalCode: siteFields.postalCode,
  city: siteFields.city,
};
export const siteUpdateInput = z.object({ siteId: id(), ...siteFields });
export const siteIdInput = z.object({ siteId: id() });

/** The form's fields as the sites table's columns. */
function siteColumns(data: z.infer<typeof siteUpdateInput> | z.infer<typeof siteCreateInput>) {
  return {
    name: data.name ?? null,
    street: data.street,
    house_number: data.houseNumber,
    postal_code: data.postalCode,
    city: data.city,
    timezone: data.timezone,
    grid_phases: data.gridPhases,
    main_fuse_a: data.mainFuseA,
    status: data.status,
  };
}

export class SiteService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The console's sites table: one page, sorted, filtered and searched on the server. Sorting uses
   * (organization_id, column, id) or (column, id) indexes; the page is enriched with the owner and installer after
   * it is cut, so the join work does not grow with the table.
   */
  async list(actor: Actor, input: unknown = {}) {
    requirePermission(actor, 'sites.list');
    const q = parseInput(siteListInput, input);
    const scope = siteListScope(actor);
    if ('organizationIds' in scope && scope.organizationIds.length === 0)
      return {
        people: seesPeopleInLists(actor),
        rows: [],
        total: 0,
        more: false,
        page: q.page,
        pageSize: q.pageSize,
        sort: q.sort,
        desc: q.desc,
      };

    const words = siteSearchConditions(seesPeopleInLists(actor), 'sites', q.search ?? '', {
      withinOrganizations: 'organizationIds' in scope || q.organizationId !== undefined,
    });
    /** The sites the query asks for, within the given organizations. */
    const within = (organizationIds: number[] | null) => {
      let b = this.deps.db.selectFrom('sites');
      if (organizationIds) b = b.where('sites.organization_id', 'in', organizationIds);
      if (q.organizationId) b = b.where('sites.organization_id', '=', q.organizationId);
      if (q.status) b = b.where('sites.status', '=', q.status);
      for (const condition of words) b = b.where(condition);
      return b;
    };
    const scopeIds = 'organizationIds' in scope ? scope.organizationIds : null;
    const base = within(scopeIds);
    const direction = q.desc ? 'desc' : 'asc';
    const sorted = <T extends typeof base>(b: T) =>
      b.orderBy(`sites.${q.sort}`, direction).orderBy('sites.id', direction);
    /**
     * One page in order. For someone in several installer organizations each organization's sites are read in order
     * through its own index, as far as the page reaches, and merged: asked for all of them at once, the optimizer walks
     * the whole fleet's sort index instead (decision 320).
     */
    const page = (offset: number): Promise<Array<{ id: number }>> => {
      if (!scopeIds || scopeIds.length < 2 || q.organizationId)
        return sorted(base).select('sites.id').limit(q.pageSize).offset(offset).execute();
      const parts = scopeIds.map((organizationId, i) =>
        this.deps.db
          .selectFrom(
            sorted(within([organizationId]))
              // a status sorts by its place in the ENUM, as the column does (its text would sort otherwise once merged)
              .select([
                'sites.id',
                (q.sort === 'status'
                  ? sql<string>`sites.status + 0`
                  : sql<string>`${sql.ref(`sites.${q.sort}`)}`
                ).as('sort_key'),
              ])
              .limit(offset + q.pageSize)
              .as(`p${i}`),
          )
          .selectAll(),
      );
      const merged = parts.slice(1).reduce((u, part) => u.unionAll(part), parts[0]!);
      return this.deps.db
        .selectFrom(merged.as('merged'))
        .select('merged.id')
        .orderBy('merged.sort_key', direction)
        .orderBy('merged.id', direction)
        .limit(q.pageSize)
        .offset(offset)
        .execute();
    };
    const offset = (q.page - 1) * q.pageSize;
    const cap = Math.max(SITE_COUNT_AT_LEAST, (q.page + 10) * q.pageSize);

    let total: number;
    let pageRows: Array<{ id: number }>;
    const matches =
      words.length > 0
        ? await base
            .select('sites.id')
            .limit(SEARCH_ID_LIMIT + 1)
            .execute()
        : null;
    if (matches && matches.length <= SEARCH_ID_LIMIT) {
      // A narrow search: one scan found every match; sorting that short list by primary key is cheap.
      total = matches.length;
      pageRows =
        total === 0
          ? []
          : await sorted(
              this.deps.db.selectFrom('sites').where(
                'sites.id',
                'in',
                matches.map((m) => m.id),
              ),
            )
              .select('sites.id')
              .limit(q.pageSize)
              .offset(offset)
              .execute();
    } else {
      // No search, or a broad one: walk the sort column's index, which finds a page of matches quickly, and count
      // no further than the cap.
      const [counted, rows] = await Promise.all([
        this.deps.db
          .selectFrom(
            base
              .select(sql<number>`1`.as('one'))
              .limit(cap + 1)
              .as('capped'),
          )
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
        page(offset),
      ]);
      total = counted;
      pageRows = rows;
    }
    // More than the cap: the total says how many at least, and the pager reaches the cap.
    const more = total > cap;
    if (more) total = cap;
    const ids = pageRows.map((r) => r.id);
    if (ids.length === 0)
      return {
        people: seesPeopleInLists(actor),
        rows: [],
        total,
        more,
        page: q.page,
        pageSize: q.pageSize,
        sort: q.sort,
        desc: q.desc,
      };
    const rows = await this.deps.db
      .selectFrom('sites as s')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .leftJoin('site_members as sm', (j) => j.onRef('sm.site_id', '=', 's.id').on('sm.role', '=', 'owner'))
      .leftJoin('users as u', 'u.id', 'sm.user_id')
      .select([
        's.id',
        's.name',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        's.status',
        's.created_at',
        's.organization_id',
        'o.name as organization_name',
        'u.email as owner_email',
        'u.name as owner_name',
      ])
      .where('s.id', 'in', ids)
      .execute();
    // Who lives there only for whoever may see a site's people (not fleet staff, decision 081).
    const people = seesPeopleInLists(actor);
    const byId = new Map(rows.map((r) => [r.id, people ? r : { ...r, owner_email: null, owner_name: null }]));
    return {
      people,
      rows: ids.map((i) => byId.get(i)!).filter(Boolean),
      total,
      more,
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      desc: q.desc,
    };
  }

  /** The console's site page: the site, who can do what on it, and its installer. */
  async get(actor: Actor, input: unknown) {
    const { siteId } = parseInput(siteIdInput, input);
    const access = await requireSite(this.deps.db, actor, siteId, 'site.console');
    const site = await this.deps.db
      .selectFrom('sites as s')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .selectAll('s')
      .select('o.name as organization_name')
      .where('s.id', '=', siteId)
      .executeTakeFirstOrThrow();
    const gateway = await this.deps.db
      .selectFrom('gateways')
      .select('id')
      .where('site_id', '=', siteId)
      .executeTakeFirst();
    const { search_text: _search, ...rest } = site;
    return {
      ...rest,
      permissions: sitePermissions(access),
      /** Whether the page shows the site's live values: a gateway sends them, and the reader may watch them. */
      live: Boolean(gateway) && canOnSite(access, LIVE_VALUES),
    };
  }

  async create(actor: Actor, input: unknown) {
    requireWritable(actor);
    requirePermission(actor, 'sites.create');
    const data = parseInput(siteCreateInput, input);
    if (!canOnOrg(actor, data.organizationId, 'org.sites.create')) {
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { organizationId: { key: 'validation.choice' } },
      );
    }
    const org = await this.deps.db
      .selectFrom('organizations')
      .select(['id', 'active', 'kind'])
      .where('id', '=', data.organizationId)
      .executeTakeFirst();
    if (org?.kind !== 'installer')
      throw new AppError(
        'validation',
        'validation.form',
        {},
        { organizationId: { key: 'validation.choice' } },
      );
    if (!org.active) throw new AppError('conflict', 'error.organization.inactive');
    return this.deps.db.transaction().execute(async (trx) => {
      const values = { organization_id: data.organizationId, ...siteColumns(data) };
      const res = await trx.insertInto('sites').values(values).executeTakeFirstOrThrow();
      const siteId = Number(res.insertId);
      await refreshSiteSearch(trx, siteId);
      await recordAudit(trx, actor, {
        action: 'site.create',
        entityType: 'site',
        entityId: siteId,
        organizationId: data.organizationId,
        siteId,
        after: values,
      });
      return { id: siteId };
    });
  }

  async update(actor: Actor, input: unknown) {
    requireWritable(actor);
    const data = parseInput(siteUpdateInput, input);
    await requireSite(this.deps.db, actor, data.siteId, 'site.manage');
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('sites')
        .selectAll()
        .where('id', '=', data.siteId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw notFound();
      const after = siteColumns(data);
      await trx
        .updateTable('sites')
        .set({ ...after, updated_at: this.deps.clock.now() })
        .where('id', '=', before.id)
        .execute();
      await refreshSiteSearch(trx, before.id);
      await recordAudit(trx, actor, {
        action: 'site.update',
        entityType: 'site',
        entityId: before.id,
        organizationId: before.organization_id,
        siteId: before.id,
        ...diff(before, after),
      });
    });
  }

  /** Totals for the console's start page, within what the actor may see. */
  async counts(actor: Actor) {
    requirePermission(actor, 'console.enter');
    const scope = siteListScope(actor);
    let sites = this.deps.db.selectFrom('sites').select(sql<number>`count(*)`.as('n'));
    if ('organizationIds' in scope) {
      if (scope.organizationIds.length === 0) return { sites: 0 };
      sites = sites.where('organization_id', 'in', scope.organizationIds);
    }
    return { sites: Number((await sites.executeTakeFirstOrThrow()).n) };
  }

  /** For pages that need to know how an actor reaches a site (e.g. which tabs to show). */
  async access(actor: Actor, siteId: number) {
    const access = await siteAccess(this.deps.db, actor, siteId);
    return access ? sitePermissions(access) : [];
  }

  /** Checks an organization may receive sites from this actor; used by forms that pick the installer. */
  requireOrgForCreate(actor: Actor, organizationId: number) {
    requireOrg(actor, organizationId, 'org.sites.create');
  }
}
