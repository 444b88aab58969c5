import { createHash } from 'node:crypto';
import { type CsvColumn, type CsvValue, csvStream } from '@ilumen/csv';
import { sql } from '@ilumen/db';
import { deviceStatusText, faultText, formatDateTime, type Locale, translator } from '@ilumen/i18n';
import { z } from 'zod';
import type { Actor } from '../actor';
import { DEVICE_TYPES } from '../constants';
import type { ServiceDeps } from '../deps';
import { fleetScope, requirePermission, seesPeopleInLists } from '../policy';
import { formatAddress } from '../sites/address';
import { siteSearchConditions } from '../sites/site-search';
import { listQuery, paging, parseInput, sorting } from '../validation';

export const GATEWAY_SORTS = ['serial', 'firmware_version', 'last_seen_at', 'open_alarms', 'online'] as const;
export const FLEET_DEVICE_SORTS = ['type', 'status', 'serial', 'model', 'status_changed_at'] as const;
export const fleetGatewaysInput = listQuery({
  ...paging(25),
  ...sorting(GATEWAY_SORTS, 'serial'),
  online: z.enum(['online', 'offline']).optional().catch(undefined),
  claimed: z.enum(['yes', 'no']).optional().catch(undefined),
  alarms: z.enum(['yes']).optional().catch(undefined),
  firmware: z.string().max(40).optional(),
  organizationId: z.coerce.number().int().positive().optional().catch(undefined),
  search: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string().max(40))
    .optional(),
});
export const fleetDevicesInput = listQuery({
  ...paging(25),
  ...sorting(FLEET_DEVICE_SORTS, 'type'),
  type: z.enum(DEVICE_TYPES).optional().catch(undefined),
  status: z.string().max(32).optional(),
  organizationId: z.coerce.number().int().positive().optional().catch(undefined),
  search: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), z.string().max(64))
    .optional(),
});
export type FleetGatewaysInput = z.input<typeof fleetGatewaysInput>;

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** How long a table total may be reused. */
const COUNT_CACHE_S = 15;
/** Rows one export may hold; past it the file says it was cut. */
export const EXPORT_MAX_ROWS = 100_000;

const EXPORT_PAGE = 5000;

/**
 * The fleet tables (decisions 040–042): every gateway with firmware, online, last seen and open alarms; every device by type and
 * status. Sorted, filtered and paged on the server along `(col, id)` / `(organization_id, col, id)` indexes; the
 * page is enriched with addresses after it is cut. Staff see the whole fleet, installers their own organizations'.
 */
export class FleetService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * The total under the table, cached for a few seconds per scope and filter: counting 100,000 index entries costs
   * 10–30 ms each page view, and a total a few seconds old is fine for a fleet that changes by the minute.
   */
  private async cachedCount(
    kind: string,
    scopeAndFilters: unknown,
    count: () => Promise<number>,
  ): Promise<number> {
    const key = `${this.deps.redisPrefix}:fleet:count:${kind}:${createHash('sha1').update(JSON.stringify(scopeAndFilters)).digest('hex')}`;
    const hit = await this.deps.redis.get(key);
    if (hit !== null) return Number(hit);
    const n = await count();
    await this.deps.redis.set(key, String(n), 'EX', COUNT_CACHE_S);
    return n;
  }

  private gatewayBase(actor: Actor, q: z.infer<typeof fleetGatewaysInput>) {
    requirePermission(actor, 'fleet.list');
    const scope = fleetScope(actor);
    let base = this.deps.db.selectFrom('gateways as g');
    if ('organizationIds' in scope) {
      const orgs = scope.organizationIds.length ? scope.organizationIds : [0];
      const own = this.deps.db.selectFrom('sites').select('id').where('organization_id', 'in', orgs);
      // A gateway on a site is the site's organization's; one not yet claimed, the organization it was shipped to.
      base = base
        .where('g.organization_id', 'in', orgs)
        .where((eb) => eb.or([eb('g.site_id', 'is', null), eb('g.site_id', 'in', own)]));
    }
    if (q.organizationId) base = base.where('g.organization_id', '=', q.organizationId);
    if (q.online) base = base.where('g.online', '=', q.online === 'online');
    if (q.claimed) base = base.where('g.site_id', q.claimed === 'yes' ? 'is not' : 'is', null);
    if (q.alarms) base = base.where('g.open_alarms', '>', 0);
    if (q.firmware) base = base.where('g.firmware_version', '=', q.firmware);
    if (q.search) {
      // A serial's start, or the words of the address the gateway is at (decision 170).
      const serial = likePrefix(q.search);
      const words = siteSearchConditions(seesPeopleInLists(actor), 's', q.search, {
        withinOrganizations: 'organizationIds' in scope,
      });
      const sites = this.deps.db
        .selectFrom('sites as s')
        .select('s.id')
        .where((eb) => eb.and(words));
      base = base.where((eb) =>
        words.length
          ? eb.or([eb('g.serial', 'like', serial), eb('g.site_id', 'in', sites)])
          : eb('g.serial', 'like', serial),
      );
    }
    return base;
  }

  async gateways(actor: Actor, input: unknown = {}) {
    const q = parseInput(fleetGatewaysInput, input);
    const base = this.gatewayBase(actor, q);
    const dir = q.desc ? 'desc' : 'asc';
    const { page: _p, pageSize: _s, sort: _o, desc: _d, ...filters } = q;
    const [total, page] = await Promise.all([
      this.cachedCount('gateways', [fleetScope(actor), filters], async () =>
        Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
      ),
      this.sortedGateways(base, q.sort, dir)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    const rows = await this.gatewayRows(page.map((r) => r.id));
    return { rows, total, page: q.page, pageSize: q.pageSize, sort: q.sort, desc: q.desc };
  }

  /** Serials are unique, so they need no id to break ties (and then the serial indexes serve the order alone). */
  private sortedGateways(
    base: ReturnType<FleetService['gatewayBase']>,
    sort: (typeof GATEWAY_SORTS)[number],
    dir: 'asc' | 'desc',
  ) {
    const sorted = base.select('g.id').orderBy(`g.${sort}`, dir);
    return sort === 'serial' ? sorted : sorted.orderBy('g.id', dir);
  }

  private async gatewayRows(ids: number[]) {
    if (ids.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('gateways as g')
      .leftJoin('sites as s', 's.id', 'g.site_id')
      .leftJoin('organizations as o', 'o.id', 'g.organization_id')
      .select([
        'g.id',
        'g.serial',
        'g.firmware_version',
        'g.hardware_revision',
        'g.online',
        'g.online_changed_at',
        'g.last_seen_at',
        'g.open_alarms',
        'g.site_id',
        'g.claimed_at',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'o.name as organization_name',
      ])
      .where('g.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((i) => byId.get(i)!)
      .filter(Boolean)
      .map(({ street, house_number, postal_code, city, ...r }) => ({
        ...r,
        address:
          street && house_number && postal_code && city
            ? formatAddress({ street, house_number, postal_code, city })
            : null,
      }));
  }

  /** The firmware versions in the fleet the actor sees, for the filter. */
  async firmwareVersions(actor: Actor) {
    const base = this.gatewayBase(actor, fleetGatewaysInput.parse({}));
    const rows = await base
      .select('g.firmware_version')
      .where('g.firmware_version', 'is not', null)
      .groupBy('g.firmware_version')
      .orderBy('g.firmware_version', 'desc')
      .limit(50)
      .execute();
    return rows.map((r) => r.firmware_version!);
  }

  private deviceBase(actor: Actor, q: z.infer<typeof fleetDevicesInput>) {
    requirePermission(actor, 'fleet.list');
    const scope = fleetScope(actor);
    let base = this.deps.db.selectFrom('devices as d');
    if ('organizationIds' in scope || q.organizationId) {
      const orgs =
        'organizationIds' in scope ? (scope.organizationIds.length ? scope.organizationIds : [0]) : [];
      let sites = this.deps.db.selectFrom('sites').select('id');
      if ('organizationIds' in scope) sites = sites.where('organization_id', 'in', orgs);
      if (q.organizationId) sites = sites.where('organization_id', '=', q.organizationId);
      base = base.where('d.site_id', 'in', sites);
    }
    if (q.type) base = base.where('d.type', '=', q.type);
    if (q.status === 'none') base = base.where('d.status', 'is', null);
    else if (q.status) base = base.where('d.status', '=', q.status);
    if (q.search)
      base = base.where((eb) =>
        eb.or([eb('d.serial', 'like', likePrefix(q.search!)), eb('d.model', 'like', likePrefix(q.search!))]),
      );
    return base;
  }

  async devices(actor: Actor, input: unknown = {}) {
    const q = parseInput(fleetDevicesInput, input);
    const base = this.deviceBase(actor, q);
    const dir = q.desc ? 'desc' : 'asc';
    const { page: _p, pageSize: _s, sort: _o, desc: _d, ...filters } = q;
    const [total, page, statuses] = await Promise.all([
      this.cachedCount('devices', [fleetScope(actor), filters], async () =>
        Number((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
      ),
      base
        .select('d.id')
        .orderBy(`d.${q.sort}`, dir)
        .orderBy('d.id', dir)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      this.deviceBase(actor, { ...q, status: undefined })
        .select(['d.status', sql<number>`count(*)`.as('n')])
        .groupBy('d.status')
        .execute(),
    ]);
    return {
      rows: await this.deviceRows(page.map((r) => r.id)),
      total,
      page: q.page,
      pageSize: q.pageSize,
      sort: q.sort,
      desc: q.desc,
      statuses: statuses.map((s) => ({ status: s.status, count: Number(s.n) })),
    };
  }

  private async deviceRows(ids: number[]) {
    if (ids.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('devices as d')
      .innerJoin('sites as s', 's.id', 'd.site_id')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .leftJoin('gateways as g', 'g.id', 'd.gateway_id')
      .select([
        'd.id',
        'd.type',
        'd.manufacturer',
        'd.model',
        'd.serial',
        'd.status',
        'd.status_code',
        'd.status_text',
        'd.status_changed_at',
        'd.site_id',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        'o.name as organization_name',
        'g.serial as gateway_serial',
      ])
      .where('d.id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((i) => byId.get(i)!)
      .filter(Boolean)
      .map(({ street, house_number, postal_code, city, ...r }) => ({
        ...r,
        address: formatAddress({ street, house_number, postal_code, city }),
      }));
  }

  /**
   * The table as CSV (the product's one writer: `;`, BOM, no formulas), with the filters and sort of the page it came
   * from, streamed as it is read. Who may export, and what, is decided before the first byte.
   */
  exportCsv(
    actor: Actor,
    input: unknown,
    locale: Locale,
  ): { filename: string; body: ReadableStream<Uint8Array> } {
    const view = z.object({ view: z.enum(['gateways', 'devices']).catch('gateways') }).parse(input).view;
    const t = translator(locale);
    const day = new Date().toISOString().slice(0, 10);
    const filename = `ilumen-${view}-${day}.csv`;
    const when = (at: Date | null) => (at ? formatDateTime(locale, at) : '');
    if (view === 'gateways') {
      const q = { ...parseInput(fleetGatewaysInput, input), pageSize: 100, page: 1 };
      const base = this.gatewayBase(actor, q);
      const ids = (offset: number) =>
        this.sortedGateways(base, q.sort, q.desc ? 'desc' : 'asc')
          .limit(EXPORT_PAGE)
          .offset(offset)
          .execute()
          .then((rows) => rows.map((r) => r.id));
      const columns: CsvColumn[] = [
        { header: t('fleet.col.serial') },
        { header: t('fleet.col.firmware') },
        { header: t('fleet.col.hardware') },
        { header: t('fleet.col.online') },
        { header: t('fleet.col.lastSeen') },
        { header: t('fleet.col.openAlarms'), kind: 'number' },
        { header: t('fleet.col.address') },
        { header: t('fleet.col.installer') },
      ];
      const rows = this.exportRows(
        ids,
        (part) => this.gatewayRows(part),
        (g) => [
          g.serial,
          g.firmware_version,
          g.hardware_revision,
          g.online ? t('fleet.online') : t('fleet.offline'),
          when(g.last_seen_at),
          g.open_alarms,
          g.address,
          g.organization_name,
        ],
      );
      return { filename, body: csvStream(columns, rows) };
    }
    const q = { ...parseInput(fleetDevicesInput, input), pageSize: 100, page: 1 };
    const base = this.deviceBase(actor, q);
    const ids = (offset: number) =>
      base
        .select('d.id')
        .orderBy(`d.${q.sort}`, q.desc ? 'desc' : 'asc')
        .orderBy('d.id', q.desc ? 'desc' : 'asc')
        .limit(EXPORT_PAGE)
        .offset(offset)
        .execute()
        .then((rows) => rows.map((r) => r.id));
    // Manufacturer, model, serial and the status text come from installers and gateways: text, never formulas.
    const columns: CsvColumn[] = [
      'fleet.col.type',
      'fleet.col.manufacturer',
      'fleet.col.model',
      'fleet.col.serial',
      'fleet.col.status',
      'fleet.col.statusCode',
      'fleet.col.statusText',
      'fleet.col.statusSince',
      'fleet.col.gateway',
      'fleet.col.address',
      'fleet.col.installer',
    ].map((k) => ({ header: t(k) }));
    const rows = this.exportRows(
      ids,
      (part) => this.deviceRows(part),
      (d) => [
        t(`devices.type.${d.type}`),
        d.manufacturer,
        d.model,
        d.serial,
        d.status ? deviceStatusText(t, d.type, d.status) : null,
        d.status_code,
        d.status_code ? faultText(t, d.status_code, d.status_text) : d.status_text,
        when(d.status_changed_at),
        d.gateway_serial,
        d.address,
        d.organization_name,
      ],
    );
    return { filename, body: csvStream(columns, rows) };
  }

  /** The export's rows, a page of ids at a time, each page enriched in parts (at most `EXPORT_MAX_ROWS`). */
  private async *exportRows<R>(
    ids: (offset: number) => Promise<number[]>,
    load: (ids: number[]) => Promise<R[]>,
    line: (row: R) => CsvValue[],
  ): AsyncGenerator<CsvValue[]> {
    for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += EXPORT_PAGE) {
      const page = await ids(offset);
      for (const part of chunk(page, 1000)) for (const row of await load(part)) yield line(row);
      if (page.length < EXPORT_PAGE) break;
    }
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
