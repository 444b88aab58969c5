import { z } from 'zod';
import type { Actor } from '../actor';
import type { ServiceDeps } from '../deps';
import { fleetScope, requirePermission, seesPeopleInLists } from '../policy';
import { formatAddress } from '../sites/address';
import { likeEscape, siteSearchConditions } from '../sites/site-search';
import { parseInput } from '../validation';

export const globalSearchInput = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(100)),
});

export type SearchMatch = 'ean' | 'serial' | 'email' | 'address';
const LIMIT = 25;

/**
 * The console's one search box (decisions 040–042): an EAN (or its start), a gateway or device serial, an owner's e-mail address
 * or words of an address, each leading to the site (and straight to the gateway for a serial). Cut to the sites the
 * actor may see; a gateway not on a site yet is found by staff and by the installer it was shipped to.
 */
export class SearchService {
  constructor(private readonly deps: ServiceDeps) {}

  async global(actor: Actor, input: unknown) {
    requirePermission(actor, 'fleet.list');
    const { q } = parseInput(globalSearchInput, input);
    if (q.length < 3) return { q, sites: [], gateways: [] };
    const db = this.deps.db;
    const scope = fleetScope(actor);
    const orgs =
      'organizationIds' in scope ? (scope.organizationIds.length ? scope.organizationIds : [0]) : null;
    const hits = new Map<number, { match: SearchMatch; detail: string }>();
    const add = (rows: Array<{ site_id: number | null; detail: string }>, match: SearchMatch) => {
      for (const r of rows)
        if (r.site_id !== null && !hits.has(r.site_id)) hits.set(r.site_id, { match, detail: r.detail });
    };

    const digits = q.replace(/[\s.]/g, '');
    if (/^\d{6,18}$/.test(digits)) {
      const [meters, mandates] = await Promise.all([
        db
          .selectFrom('meters')
          .select(['site_id', 'ean as detail'])
          .where('ean', 'like', `${digits}%`)
          .limit(LIMIT)
          .execute(),
        db
          .selectFrom('fluvius_mandates')
          .select(['site_id', 'ean as detail'])
          .where('ean', 'like', `${digits}%`)
          .where('site_id', 'is not', null)
          .limit(LIMIT)
          .execute(),
      ]);
      add(meters, 'ean');
      add(mandates, 'ean');
    }
    const upper = q.toUpperCase();
    let gatewayRows: Array<{
      id: number;
      serial: string;
      site_id: number | null;
      organization_id: number | null;
      online: boolean;
    }> = [];
    if (/^[A-Z0-9-]{3,}$/.test(upper)) {
      const [gws, devices] = await Promise.all([
        db
          .selectFrom('gateways')
          .select(['id', 'serial', 'site_id', 'organization_id', 'online'])
          .where('serial', 'like', `${likeEscape(upper)}%`)
          .orderBy('serial')
          .limit(LIMIT)
          .execute(),
        db
          .selectFrom('devices')
          .select(['site_id', 'serial as detail'])
          .where('serial', 'like', `${likeEscape(upper)}%`)
          .limit(LIMIT)
          .execute(),
      ]);
      gatewayRows = gws;
      add(
        gws.map((g) => ({ site_id: g.site_id, detail: g.serial })),
        'serial',
      );
      add(devices, 'serial');
    }
    // a person's e-mail address finds their home only for whoever may see a site's people (decision 081)
    if (q.includes('@') && seesPeopleInLists(actor)) {
      const email = q.toLowerCase();
      const owners = await db
        .selectFrom('users as u')
        .innerJoin('site_members as sm', 'sm.user_id', 'u.id')
        .select(['sm.site_id', 'u.email as detail'])
        .where('u.email', 'like', `${likeEscape(email)}%`)
        .limit(LIMIT)
        .execute();
      const invited = await db
        .selectFrom('invitations')
        .select(['site_id', 'email as detail'])
        .where('email', 'like', `${likeEscape(email)}%`)
        .where('kind', '=', 'site')
        .where('accepted_at', 'is', null)
        .where('revoked_at', 'is', null)
        .limit(LIMIT)
        .execute();
      add(owners, 'email');
      add(invited, 'email');
    }
    const words = siteSearchConditions(seesPeopleInLists(actor), 'sites', q, {
      withinOrganizations: orgs !== null,
    });
    if (hits.size < LIMIT && words.length > 0) {
      let sq = db.selectFrom('sites').select(['id as site_id', 'street as detail']);
      for (const condition of words) sq = sq.where(condition);
      if (orgs) sq = sq.where('organization_id', 'in', orgs);
      add(await sq.limit(LIMIT).execute(), 'address');
    }

    const ids = [...hits.keys()];
    let sitesQ = db
      .selectFrom('sites as s')
      .innerJoin('organizations as o', 'o.id', 's.organization_id')
      .leftJoin('gateways as g', 'g.site_id', 's.id')
      .select([
        's.id',
        's.street',
        's.house_number',
        's.postal_code',
        's.city',
        's.status',
        'o.name as organization_name',
        'g.serial as gateway_serial',
        'g.online as gateway_online',
      ]);
    if (orgs) sitesQ = sitesQ.where('s.organization_id', 'in', orgs);
    const sites = ids.length ? await sitesQ.where('s.id', 'in', ids).execute() : [];
    const unique = [...new Map(sites.map((s) => [s.id, s])).values()];
    const siteResults = unique
      .map((s) => ({
        siteId: s.id,
        address: formatAddress(s),
        status: s.status,
        organization: s.organization_name,
        gatewaySerial: s.gateway_serial,
        gatewayOnline: s.gateway_online,
        ...hits.get(s.id)!,
      }))
      .slice(0, LIMIT);
    // Gateways not on a site: only for whoever may see them (staff, or the installer they were registered for).
    const gateways = gatewayRows
      .filter(
        (g) =>
          g.site_id === null &&
          (orgs === null || (g.organization_id !== null && orgs.includes(g.organization_id))),
      )
      .map((g) => ({ id: g.id, serial: g.serial, online: g.online }));
    return { q, sites: siteResults, gateways };
  }
}
