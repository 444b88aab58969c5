import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../app/trpc/router';
import { HTTP_ENDPOINTS } from '../server/app';
import { type PortalHarness, startPortal } from './support/portal-harness';

/**
 * Tenant isolation, proven for every endpoint there is: every Remix loader and action intent (walked from the route
 * manifest) and every tRPC procedure (walked from the router), called as someone who must not reach the victim's
 * data. New routes, intents and procedures are picked up without editing this file.
 */

let h: PortalHarness;
let victimSnapshot: () => Promise<string>;

type Target = {
  siteId: number;
  organizationId: number;
  deviceId: number;
  userId: number;
  invitationId: number;
  commandId: string;
  markers: string[];
};
let siteB: Target;
let siteAForChargers: Target;

beforeAll(async () => {
  h = await startPortal('isolation');
  const { world, services } = h;
  const instBAdmin = await world.actor(world.users.instBAdmin);
  const invB = await services.invitations.inviteToSite(instBAdmin, {
    siteId: world.sites.siteB,
    email: 'pending-b@home.test',
    role: 'member',
    scope: 'all',
  });
  const instAAdmin = await world.actor(world.users.instAAdmin);
  const invA = await services.invitations.inviteToSite(instAAdmin, {
    siteId: world.sites.siteA,
    email: 'pending-a@home.test',
    role: 'member',
    scope: 'all',
  });
  // A command on each site's gateway, so procedures that read one by id have a victim to point at.
  const command = async (siteId: number, serial: string, id: string) => {
    const gw = await h.testDb.db
      .insertInto('gateways')
      .values({ serial, site_id: siteId, organization_id: world.orgs.instA })
      .executeTakeFirstOrThrow();
    await h.testDb.db
      .insertInto('commands')
      .values({
        id,
        site_id: siteId,
        gateway_id: Number(gw.insertId),
        name: 'p1.lastTelegram',
        args: '{}',
        issued_at: new Date(),
        expires_at: new Date(Date.now() + 60_000),
      })
      .execute();
    return id;
  };
  const commandB = await command(world.sites.siteB, 'ILS-ISOB0001', '0b0b0b0b-0000-4000-8000-00000000000b');
  const commandA = await command(world.sites.siteA, 'ILS-ISOA0001', '0a0a0a0a-0000-4000-8000-00000000000a');
  siteB = {
    siteId: world.sites.siteB,
    organizationId: world.orgs.instB,
    deviceId: world.devices.batteryB,
    userId: world.users.ownerB,
    invitationId: invB.id,
    commandId: commandB,
    markers: [
      'Stationsplein',
      'owner-b@home.test',
      'ILB-B-0001',
      '541448820050357909',
      'Dakwerken Peeters',
      'admin@peeters.test',
      'tech@peeters.test',
      'pending-b@home.test',
    ],
  };
  // A chargers-only member's own site: everything but the charger pages is closed to them.
  siteAForChargers = {
    siteId: world.sites.siteA,
    organizationId: world.orgs.instA,
    deviceId: world.devices.batteryA,
    userId: world.users.ownerA,
    invitationId: invA.id,
    commandId: commandA,
    markers: [
      'owner-a@home.test',
      'ILB-A-0001',
      '541448820052377134',
      'pending-a@home.test',
      'member-all@home.test',
      'Zonnewarmte BV',
    ],
  };
  victimSnapshot = async () => {
    const db = h.testDb.db;
    const [sites, devices, meters, members, memberships, invitations, orgs] = await Promise.all([
      // Not the derived search text: it follows a main user's own name, which an attacker may change on their own site.
      db
        .selectFrom('sites')
        .selectAll()
        .where('id', 'in', [siteB.siteId, siteAForChargers.siteId])
        .orderBy('id')
        .execute()
        .then((rows) => rows.map(({ search_text: _s, updated_at: _u, ...r }) => r)),
      db
        .selectFrom('devices')
        .selectAll()
        .where('site_id', 'in', [siteB.siteId, siteAForChargers.siteId])
        .orderBy('id')
        .execute(),
      db.selectFrom('meters').selectAll().orderBy('id').execute(),
      db.selectFrom('site_members').selectAll().orderBy('id').execute(),
      db.selectFrom('memberships').selectAll().orderBy('id').execute(),
      db
        .selectFrom('invitations')
        .select(['id', 'email', 'revoked_at', 'accepted_at'])
        .orderBy('id')
        .execute(),
      db.selectFrom('organizations').selectAll().orderBy('id').execute(),
    ]);
    // Not the locale: an attacker may change their own language.
    const users = await db
      .selectFrom('users')
      .select(['id', 'email', 'active', 'password_hash'])
      .orderBy('id')
      .execute();
    return JSON.stringify({
      sites,
      devices,
      meters,
      members,
      memberships,
      invitations,
      orgs,
      users: users.filter((u) => !u.email.includes('attacker')),
    });
  };
}, 120_000);

afterAll(async () => {
  await h?.close();
});

type Attacker = { name: string; userId: number | null; target: () => Target; ownChargersSite?: boolean };
const attackers: Attacker[] = [
  { name: 'a user of another tenant (installer technician A)', userId: 0, target: () => siteB },
  { name: 'an installer admin of another tenant', userId: 0, target: () => siteB },
  { name: 'a homeowner of another site', userId: 0, target: () => siteB },
  { name: 'a chargers-scope member (another site)', userId: 0, target: () => siteB },
  {
    name: 'a chargers-scope member (own site, non-charger endpoints)',
    userId: 0,
    target: () => siteAForChargers,
    ownChargersSite: true,
  },
  { name: 'nobody (no session)', userId: null, target: () => siteB },
];
function attackerUser(a: Attacker): number | null {
  if (a.userId === null) return null;
  const u = h.world.users;
  return (
    [u.instATech, u.instAAdmin, u.ownerA, u.memberChargers, u.memberChargers][attackers.indexOf(a)] ?? null
  );
}

/** Every field any form or procedure might take, pointing at the victim; zod strips what a given call does not use. */
function superset(t: Target): Record<string, string | number | boolean> {
  return {
    siteId: t.siteId,
    organizationId: t.organizationId,
    deviceId: t.deviceId,
    userId: t.userId,
    invitationId: t.invitationId,
    commandId: t.commandId,
    // No victim notification exists to point at; an unknown id must be refused like anyone else's.
    notificationId: 999_999,
    // Likewise no victim mandate or upload exists: unknown ids must be refused after the site was decided.
    mandateId: 999_999,
    uploadId: 999_999,
    // Firmware releases and rollouts are staff-only: unknown ids, refused before anything is looked up.
    releaseId: 999_999,
    rolloutId: 999_999,
    // Charge timers (decisions 030–034): no victim timer is known here either.
    timerId: 999_999,
    // No victim alarm is made here; console-ops-isolation.int.test.ts points at real ones of another tenant.
    alarmId: 999_999,
    token: 'not-a-real-token-000000000000',
    email: 'attacker@example.be',
    password: 'Attacker-password-2026',
    passwordRepeat: 'Attacker-password-2026',
    name: 'Attacker',
    street: 'Aanvalstraat',
    houseNumber: '1',
    postalCode: '9000',
    city: 'Gent',
    gridPhases: 3,
    mainFuseA: 40,
    status: 'inactive',
    type: 'battery',
    model: 'Evil',
    serial: 'EVIL-1',
    role: 'technician',
    scope: 'all',
    active: false,
    locale: 'fr',
  };
}

function routeUrls(target: Target) {
  const routes = h.build.routes as Record<
    string,
    {
      id: string;
      parentId?: string;
      path?: string;
      index?: boolean;
      module: { loader?: unknown; action?: unknown };
    }
  >;
  const fullPath = (id: string): string => {
    const r = routes[id]!;
    const parent = r.parentId ? fullPath(r.parentId) : '';
    return `${parent}/${r.path ?? ''}`.replace(/\/+/g, '/');
  };
  return Object.values(routes)
    .filter((r) => r.id !== 'root')
    .map((r) => {
      const pattern = fullPath(r.id).replace(/\/$/, '') || '/';
      const url = pattern
        .replace(':siteId', String(target.siteId))
        .replace(':organizationId', String(target.organizationId))
        .replace(':token', 'not-a-real-token-000000000000');
      const action = r.module.action as ({ intents?: string[] } & ((...a: unknown[]) => unknown)) | undefined;
      return {
        id: r.id,
        pattern,
        url,
        targetsVictim: /:(siteId|organizationId)/.test(pattern),
        hasLoader: Boolean(r.module.loader),
        intents: action ? (action.intents ?? ['']) : [],
      };
    });
}

function refused(status: number, location: string | null) {
  return (
    [401, 403, 404].includes(status) ||
    (status >= 300 && status < 400 && (location ?? '').startsWith('/login'))
  );
}

describe.each(attackers)('as $name', (attacker) => {
  it('every Remix loader and action intent refuses the victim and leaks nothing', async () => {
    const before = await victimSnapshot();
    const target = attacker.target();
    const userId = attackerUser(attacker);
    const routes = routeUrls(target);
    expect(routes.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const route of routes) {
      const calls: Array<{ label: string; init: RequestInit }> = [];
      if (route.hasLoader) calls.push({ label: `GET ${route.url}`, init: { method: 'GET' } });
      for (const intent of route.intents) {
        const body = new URLSearchParams(Object.entries(superset(target)).map(([k, v]) => [k, String(v)]));
        if (intent) body.set('intent', intent);
        calls.push({ label: `POST ${route.url} [${intent || 'action'}]`, init: { method: 'POST', body } });
      }
      for (const call of calls) {
        const cookie = userId ? await h.cookieFor(userId) : null;
        const res = await fetch(`${h.url}${call.label.split(' ')[1]}`, {
          ...call.init,
          redirect: 'manual',
          headers: { origin: h.url, 'accept-language': 'nl-BE', ...(cookie ? { cookie } : {}) },
        });
        const text = await res.text();
        if (res.status >= 500) problems.push(`${call.label}: status ${res.status}`);
        if (route.targetsVictim && !refused(res.status, res.headers.get('location')))
          problems.push(`${call.label}: not refused (status ${res.status})`);
        for (const m of target.markers) if (text.includes(m)) problems.push(`${call.label}: leaks "${m}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(await victimSnapshot()).toBe(before);
  });

  it('every tRPC procedure refuses the victim and leaks nothing', async () => {
    const before = await victimSnapshot();
    const target = attacker.target();
    const userId = attackerUser(attacker);
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<
        string,
        { _def: { type: 'query' | 'mutation'; meta?: { tenantList?: boolean; chargers?: boolean } } }
      >,
    );
    expect(procedures.length).toBeGreaterThan(20);
    // Calls that act on the caller alone (or on a token) rather than on a tenant's object.
    const selfService = new Set([
      'auth.me',
      'auth.logout',
      'auth.logoutEverywhere',
      'auth.login',
      'auth.requestPasswordReset',
      'auth.resetPassword',
      'invitations.inspect',
      'invitations.accept',
    ]);
    const problems: string[] = [];
    for (const [name, proc] of procedures) {
      const input = superset(target);
      const cookie = userId ? await h.cookieFor(userId) : null;
      const headers: Record<string, string> = {
        origin: h.url,
        'accept-language': 'nl-BE',
        ...(cookie ? { cookie } : {}),
      };
      const res =
        proc._def.type === 'query'
          ? await fetch(`${h.url}/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input))}`, {
              headers,
            })
          : await fetch(`${h.url}/api/trpc/${name}`, {
              method: 'POST',
              headers: { ...headers, 'content-type': 'application/json' },
              body: JSON.stringify(input),
            });
      const text = await res.text();
      const body = JSON.parse(text) as {
        error?: { data?: { code?: string; appCode?: string; fieldErrors?: Record<string, string> } };
      };
      const err = body.error?.data;
      if (res.status >= 500) problems.push(`${name}: status ${res.status}`);
      for (const m of target.markers) if (text.includes(m)) problems.push(`${name}: leaks "${m}"`);
      if (selfService.has(name) || proc._def.meta?.tenantList) continue;
      if (attacker.ownChargersSite && proc._def.meta?.chargers) continue;
      if (!err) {
        problems.push(`${name}: answered without refusing`);
      } else if (!['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(err.code ?? '')) {
        // A form may refuse a foreign id as an invalid choice; an id field this suite does not know means a new
        // procedure takes an input the suite has no sample for: add it to superset().
        const idFields = Object.keys(err.fieldErrors ?? {}).filter((f) => /id$/i.test(f));
        const rejectedVictimId = idFields.some((f) => f in input);
        const unknown = idFields.filter((f) => !(f in input));
        if (unknown.length > 0) problems.push(`${name}: no sample for ${unknown.join(', ')} in superset()`);
        else if (!rejectedVictimId) problems.push(`${name}: refused with ${err.code} before deciding access`);
      }
    }
    expect(problems).toEqual([]);
    expect(await victimSnapshot()).toBe(before);
  });
});

describe.each(attackers)('as $name, the other HTTP endpoints', (attacker) => {
  it('refuse the victim', async () => {
    const target = attacker.target();
    const userId = attackerUser(attacker);
    const problems: string[] = [];
    for (const endpoint of HTTP_ENDPOINTS) {
      if (attacker.ownChargersSite && endpoint.chargers) continue;
      const url = endpoint.path.replace(':siteId', String(target.siteId));
      const cookie = userId ? await h.cookieFor(userId) : null;
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 3000);
      try {
        const res = await fetch(`${h.url}${url}`, {
          method: endpoint.method,
          signal: abort.signal,
          headers: cookie ? { cookie } : {},
        });
        if (!refused(res.status, res.headers.get('location')))
          problems.push(`${endpoint.method} ${url}: not refused (status ${res.status})`);
        await res.body?.cancel();
      } catch {
        problems.push(`${endpoint.method} ${url}: answered and kept streaming`);
      } finally {
        clearTimeout(timer);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the suite itself', () => {
  it('sees every route and intent of the console', () => {
    const routes = routeUrls(siteB);
    const site = routes.find((r) => r.pattern === '/console/sites/:siteId');
    expect(site?.intents).toEqual(
      expect.arrayContaining([
        'device.create',
        'device.update',
        'device.remove',
        'member.invite',
        'member.remove',
      ]),
    );
    expect(routes.some((r) => r.pattern === '/console/tenants/:organizationId')).toBe(true);
  });

  it('lets the rightful users in, so a refusal above means something', async () => {
    const cookie = await h.cookieFor(h.world.users.instBTech);
    const res = await fetch(`${h.url}/console/sites/${siteB.siteId}`, {
      headers: { cookie, 'accept-language': 'nl-BE' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('ILB-B-0001');
    const trpc = await fetch(
      `${h.url}/api/trpc/devices.list?input=${encodeURIComponent(JSON.stringify({ siteId: siteB.siteId }))}`,
      { headers: { cookie } },
    );
    expect(await trpc.text()).toContain('ILB-B-0001');
  });
});
