import {
  type Actor,
  type GlobalPermission,
  type OrgPermission,
  policy,
  type SitePermission,
} from '@ilumen/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredInput } from '../app/trpc/init';
import { appRouter } from '../app/trpc/router';
import { HTTP_ENDPOINTS } from '../server/app';
import {
  changedTables,
  makeStaffObjects,
  makeVictim,
  snapshotVictim,
  type Victim,
} from './support/isolation-victim';
import { type PortalHarness, startPortal } from './support/portal-harness';
import { callTrpc } from './support/trpc-call';

/**
 * Tenant isolation, proven for every endpoint there is (decision 009): every Remix loader and action intent (walked
 * from the route manifest), every tRPC procedure (walked from the router, its input fields read from the schema it
 * was declared with) and every other HTTP endpoint, called as someone who must not reach the victim. Every route
 * parameter and every id field is filled with each of the victim's real objects of that kind, and again with the
 * attacker's own site beside the victim's objects. Each call must be refused, leak none of the victim's strings, and
 * change none of the victim's rows in any table. A new route, intent, procedure, id field or table is picked up without
 * editing this file; an id field or route parameter the suite has no victim object for fails it.
 */

let h: PortalHarness;
let victimB: Victim;
let victimAForChargers: Victim;
let staffIds: Record<string, Array<number | string>>;
let embedCookie: string;
let installerEmbedCookie: string;

beforeAll(async () => {
  h = await startPortal('isolation');
  const { world } = h;
  const staff = await makeStaffObjects(h);
  staffIds = staff.ids;
  victimB = await makeVictim(h, {
    tag: 'B',
    siteId: world.sites.siteB,
    organizationId: world.orgs.instB,
    ownerId: world.users.ownerB,
    batteryId: world.devices.batteryB,
    meterEan: '541448820050357909',
    inviter: world.users.instBAdmin,
    staffUserIds: [world.users.instBTech],
    markers: [
      'Stationsplein',
      'owner-b@home.test',
      'ILB-B-0001',
      'ILC-B-0001',
      'ILS-ISOB0001',
      '541448820050357909',
      'Dakwerken Peeters',
      'admin@peeters.test',
      'tech@peeters.test',
      ...staff.markers,
    ],
  });
  // A chargers-only member's own site: everything but the charger pages is closed to them.
  victimAForChargers = await makeVictim(h, {
    tag: 'A',
    siteId: world.sites.siteA,
    organizationId: world.orgs.instA,
    ownerId: world.users.ownerA,
    batteryId: world.devices.batteryA,
    meterEan: '541448820052377134',
    inviter: world.users.instAAdmin,
    staffUserIds: [world.users.instATech],
    markers: [
      'owner-a@home.test',
      'ILB-A-0001',
      '541448820052377134',
      'member-all@home.test',
      'Zonnewarmte BV',
    ],
  });
  // The homeowner view of the main user of site A, opened from an embed link (a partner's iframe, the app's webview).
  const link = await h.services.embed.createLink(await world.actor(world.users.ownerA), {
    siteId: world.sites.siteA,
  });
  const opened = await h.services.embed.open(link.url.split('/').at(-1) ?? '', { ip: null, userAgent: null });
  embedCookie = opened.cookie.split(';')[0]!;
  // The home view of site A from an embed link its installer made on the console (decision 142): read-only.
  const installerLink = await h.services.embed.createLink(await world.actor(world.users.instAAdmin), {
    siteId: world.sites.siteA,
  });
  const installerOpened = await h.services.embed.open(installerLink.url.split('/').at(-1) ?? '', {
    ip: null,
    userAgent: null,
  });
  installerEmbedCookie = installerOpened.cookie.split(';')[0]!;
}, 180_000);

afterAll(async () => {
  await h?.close();
});

interface Attacker {
  name: string;
  /** The attacker's user (their own rows are theirs to change), or null for nobody. */
  userId: () => number | null;
  cookie: () => Promise<string | null>;
  target: () => Victim;
  /** A site of the attacker's own, to name beside the victim's objects. */
  ownSiteId?: () => number;
  /** The target is the attacker's own site, where the charger endpoints are theirs. */
  ownChargersSite?: boolean;
}
const user = (
  pick: (u: PortalHarness['world']['users']) => number,
  rest: Omit<Attacker, 'userId' | 'cookie'>,
) => ({
  ...rest,
  userId: () => pick(h.world.users),
  cookie: () => h.cookieFor(pick(h.world.users)),
});
const siteA = () => h.world.sites.siteA;
const attackers: Attacker[] = [
  user((u) => u.instATech, {
    name: 'a technician of another tenant',
    target: () => victimB,
    ownSiteId: siteA,
  }),
  user((u) => u.instAAdmin, {
    name: 'an installer admin of another tenant',
    target: () => victimB,
    ownSiteId: siteA,
  }),
  user((u) => u.ownerA, { name: 'a homeowner of another site', target: () => victimB, ownSiteId: siteA }),
  user((u) => u.memberChargers, {
    name: 'a chargers-scope member (another site)',
    target: () => victimB,
    ownSiteId: siteA,
  }),
  user((u) => u.memberChargers, {
    name: 'a chargers-scope member (own site, non-charger endpoints)',
    target: () => victimAForChargers,
    ownChargersSite: true,
  }),
  {
    name: "an embed session of another site's main user",
    userId: () => h.world.users.ownerA,
    cookie: async () => embedCookie,
    target: () => victimB,
    ownSiteId: siteA,
  },
  {
    name: "an embed session an installer made for a site of its own (another tenant's site)",
    userId: () => h.world.users.instAAdmin,
    cookie: async () => installerEmbedCookie,
    target: () => victimB,
    ownSiteId: siteA,
  },
  { name: 'nobody (no session)', userId: () => null, cookie: async () => null, target: () => victimB },
];

/** Fields that name no tenant's object. */
const PLAIN: Record<string, string | number | boolean> = {
  token: 'not-a-real-token-000000000000',
  provider: 'google',
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
const isIdField = (f: string) => /(^id|Id|Ids)$/.test(f);

/** The victim's objects for a field or parameter (`siteIds` takes the site ids as a list), or undefined. */
function samplesFor(
  target: Victim,
  field: string,
): Array<number | string | Array<number | string>> | undefined {
  const ids = { ...target.ids, ...staffIds };
  if (field.endsWith('Ids')) {
    const one = ids[field.slice(0, -1)];
    return one ? [one] : undefined;
  }
  return ids[field];
}

/**
 * The inputs to try: every id field at the victim's first object of its kind, then each further object of a kind in
 * turn (a battery and a charger for `deviceId`), and with `ownSiteId` the attacker's own site beside the victim's
 * objects.
 */
function inputsFor(target: Victim, fields: string[], ownSiteId?: number): Array<Record<string, unknown>> {
  const base: Record<string, unknown> = {};
  for (const f of fields) {
    if (f in PLAIN) base[f] = PLAIN[f];
    const samples = isIdField(f) ? samplesFor(target, f) : undefined;
    if (samples) base[f] = samples[0];
  }
  const variants = [base];
  for (const f of fields) {
    const samples = isIdField(f) ? (samplesFor(target, f) ?? []) : [];
    for (const other of samples.slice(1)) variants.push({ ...base, [f]: other });
  }
  const objectFields = fields.filter((f) => isIdField(f) && f !== 'siteId' && f !== 'organizationId');
  if (ownSiteId !== undefined && fields.includes('siteId') && objectFields.length > 0)
    for (const v of [...variants]) variants.push({ ...v, siteId: ownSiteId });
  return variants;
}

/** The top-level fields a schema takes (objects, pipes, unions, optionals), read from zod's definition. */
function fieldNames(schema: unknown): string[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def) return [];
  switch (def.type) {
    case 'object':
      return Object.keys(def.shape as Record<string, unknown>);
    case 'pipe':
      return [...new Set([...fieldNames(def.in), ...fieldNames(def.out)])];
    case 'union':
      return [...new Set((def.options as unknown[]).flatMap(fieldNames))];
    case 'intersection':
      return [...new Set([...fieldNames(def.left), ...fieldNames(def.right)])];
    default:
      return def.innerType ? fieldNames(def.innerType) : [];
  }
}

function refused(status: number, location: string | null) {
  return (
    [401, 403, 404].includes(status) ||
    (status >= 300 && status < 400 && (location ?? '').startsWith('/login'))
  );
}

interface RouteInfo {
  id: string;
  pattern: string;
  params: string[];
  hasLoader: boolean;
  intents: string[];
  /** `handle.chargers`: a chargers-only member's own on their own site. */
  chargers: boolean;
}
function routes(): RouteInfo[] {
  const all = h.build.routes as Record<
    string,
    {
      id: string;
      parentId?: string;
      path?: string;
      module: { loader?: unknown; action?: unknown; handle?: { chargers?: boolean } };
    }
  >;
  const fullPath = (id: string): string => {
    const r = all[id]!;
    return `${r.parentId ? fullPath(r.parentId) : ''}/${r.path ?? ''}`.replace(/\/+/g, '/');
  };
  return Object.values(all)
    .filter((r) => r.id !== 'root')
    .map((r) => {
      const pattern = fullPath(r.id).replace(/\/$/, '') || '/';
      const action = r.module.action as ({ intents?: string[] } & ((...a: unknown[]) => unknown)) | undefined;
      return {
        id: r.id,
        pattern,
        params: [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        hasLoader: Boolean(r.module.loader),
        intents: action ? (action.intents ?? ['']) : [],
        chargers: r.module.handle?.chargers === true,
      };
    });
}

/** Each URL of a route: every parameter filled with each victim object of its kind. */
function urlsFor(route: RouteInfo, target: Victim, problems: string[], siteOverride?: number): string[] {
  let urls = [route.pattern];
  for (const p of route.params) {
    const samples =
      p === 'siteId' && siteOverride !== undefined
        ? [siteOverride]
        : p in PLAIN
          ? [PLAIN[p]]
          : samplesFor(target, p);
    if (!samples) {
      problems.push(
        `${route.pattern}: no victim object for the route parameter :${p} (add one to makeVictim)`,
      );
      return [];
    }
    urls = urls.flatMap((u) => samples.map((s) => u.replace(`:${p}`, encodeURIComponent(String(s)))));
  }
  return urls;
}

const formBody = (fields: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(fields).flatMap(([k, v]) =>
      Array.isArray(v) ? v.map((x) => [k, String(x)]) : [[k, String(v)]],
    ) as Array<[string, string]>,
  );

describe.each(attackers)('as $name', (attacker) => {
  // Each route as each attacker, with every victim object: the longest part of the suite (under a minute on 2 cores).
  it('every Remix loader and action intent refuses the victim, leaks nothing and changes nothing', {
    timeout: 180_000,
  }, async () => {
    const target = attacker.target();
    const before = await snapshotVictim(h, target.scope, attacker.userId());
    const all = routes();
    expect(all.length).toBeGreaterThan(10);
    const problems: string[] = [];
    const cookie = await attacker.cookie();
    const headers = { origin: h.url, 'accept-language': 'nl-BE', ...(cookie ? { cookie } : {}) };
    const formFields = [...Object.keys(PLAIN), ...Object.keys({ ...target.ids, ...staffIds })];
    for (const route of all) {
      if (attacker.ownChargersSite && route.chargers) continue;
      const targetsVictim = route.params.some((p) => isIdField(p));
      const calls: Array<{ label: string; url: string; init: RequestInit }> = [];
      const own = attacker.ownSiteId?.();
      const urlSets = [
        { urls: urlsFor(route, target, problems), mixed: false },
        ...(own !== undefined && route.params.includes('siteId') && route.intents.length > 0
          ? [{ urls: urlsFor(route, target, problems, own), mixed: true }]
          : []),
      ];
      for (const { urls, mixed } of urlSets)
        for (const url of urls) {
          if (route.hasLoader && !mixed) calls.push({ label: `GET ${url}`, url, init: { method: 'GET' } });
          for (const intent of route.intents)
            for (const fields of inputsFor(target, formFields).slice(0, 1)) {
              const body = formBody(mixed ? { ...fields, siteId: own } : fields);
              if (intent) body.set('intent', intent);
              calls.push({
                label: `POST ${url} [${intent || 'action'}]${mixed ? ' (own site, victim ids)' : ''}`,
                url,
                init: { method: 'POST', body },
              });
            }
        }
      for (const call of calls) {
        const res = await fetch(`${h.url}${call.url}`, { ...call.init, redirect: 'manual', headers });
        const text = await res.text();
        if (res.status >= 500) problems.push(`${call.label}: status ${res.status}`);
        const mixed = call.label.endsWith('(own site, victim ids)');
        if (targetsVictim && !mixed && !refused(res.status, res.headers.get('location')))
          problems.push(`${call.label}: not refused (status ${res.status})`);
        for (const m of target.markers) if (text.includes(m)) problems.push(`${call.label}: leaks "${m}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await snapshotVictim(h, target.scope, attacker.userId()))).toEqual([]);
  });

  it('every tRPC procedure refuses the victim, leaks nothing and changes nothing', async () => {
    const target = attacker.target();
    const before = await snapshotVictim(h, target.scope, attacker.userId());
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<
        string,
        {
          _def: {
            type: 'query' | 'mutation';
            inputs: unknown[];
            meta?: { tenantList?: boolean; chargers?: boolean };
          };
        }
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
    const cookie = await attacker.cookie();
    const headers: Record<string, string> = {
      origin: h.url,
      'accept-language': 'nl-BE',
      ...(cookie ? { cookie } : {}),
    };
    for (const [name, proc] of procedures) {
      // On their own site the charger procedures are the chargers-only member's to use (and to change things with).
      if (attacker.ownChargersSite && proc._def.meta?.chargers) continue;
      const fields = proc._def.inputs.flatMap((i) => fieldNames(declaredInput(i) ?? i));
      const unknown = fields.filter((f) => isIdField(f) && !samplesFor(target, f));
      if (unknown.length > 0) {
        problems.push(`${name}: no victim object for ${unknown.join(', ')} (add one to makeVictim)`);
        continue;
      }
      for (const input of inputsFor(target, fields, attacker.ownSiteId?.())) {
        const label = `${name} ${JSON.stringify(Object.fromEntries(Object.entries(input).filter(([k]) => isIdField(k))))}`;
        const res = await callTrpc(h.url, name, proc._def.type, input, headers);
        const text = await res.text();
        const err = (
          JSON.parse(text) as {
            error?: { data?: { code?: string; fieldErrors?: Record<string, string> } };
          }
        ).error?.data;
        if (res.status >= 500) problems.push(`${label}: status ${res.status}`);
        for (const m of target.markers) if (text.includes(m)) problems.push(`${label}: leaks "${m}"`);
        if (selfService.has(name) || proc._def.meta?.tenantList) continue;
        if (!err) problems.push(`${label}: answered without refusing`);
        else if (!['UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND'].includes(err.code ?? '')) {
          // A form may refuse a foreign id as an invalid choice; anything else came before access was decided.
          const rejectedAnId = Object.keys(err.fieldErrors ?? {}).some((f) => isIdField(f) && f in input);
          if (!rejectedAnId) problems.push(`${label}: refused with ${err.code} before deciding access`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await snapshotVictim(h, target.scope, attacker.userId()))).toEqual([]);
  });

  it('the other HTTP endpoints refuse the victim', async () => {
    const target = attacker.target();
    const cookie = await attacker.cookie();
    const problems: string[] = [];
    for (const endpoint of HTTP_ENDPOINTS) {
      if (attacker.ownChargersSite && endpoint.chargers) continue;
      const params = [...endpoint.path.matchAll(/:(\w+)/g)].map((m) => m[1]!).filter(isIdField);
      if (params.length === 0) continue;
      const url = params.reduce(
        (u, p) => u.replace(`:${p}`, String(samplesFor(target, p)?.[0] ?? '')),
        endpoint.path,
      );
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

/**
 * People inside the tenant reaching above their role (docs/security.md, decision 081): an "Alle data" member and a
 * chargers-only member acting as the main user, a technician acting as the installer admin, and iLumen's support and
 * fleet staff writing to a site. Every mutation of the router that names an object is tried, with the site's real
 * objects, unless it is one of the person's rights; each right names the permission that gives it, and the suite checks
 * that the policy really grants it. So a new procedure is refused-tested for every role without editing this file, and a
 * right the policy takes away fails here until it is gone from the list too.
 */
describe('roles above their own', () => {
  /**
   * A procedure a person may call, and what gives it: a permission on the target site, on the site's organization
   * (`org:`), a global one (`can:`), or acting on the alarms of their scope (`alarm`).
   */
  type Right = SitePermission | `org:${OrgPermission}` | `can:${GlobalPermission}` | 'alarm';
  const installerRights: Record<string, Right> = {
    'sites.create': 'org:org.sites.create',
    'sites.update': 'site.manage',
    'devices.create': 'site.manage',
    'devices.update': 'site.manage',
    'devices.remove': 'site.manage',
    'invitations.inviteToSite': 'site.manage',
    'invitations.revoke': 'site.manage',
    'homeowner.embedLink': 'site.embed',
    'control.savePeakShaving': 'site.control',
    'control.saveDynamicCharging': 'site.control',
    'control.saveLoadBalancing': 'site.control',
    'gateways.diagnose': 'site.diagnose',
    'fleet.readRegisters': 'site.diagnose',
    'fleet.requestTelegram': 'site.diagnose',
    'mandates.start': 'site.fluvius',
    'mandates.link': 'site.fluvius',
    'mandates.cancel': 'site.fluvius',
    'mandates.checkNow': 'site.fluvius',
    'mandates.csvImport': 'site.fluvius',
    'commissioning.start': 'can:commissioning.start',
    'commissioning.open': 'site.manage',
    'commissioning.saveSite': 'site.manage',
    'commissioning.saveGrid': 'site.manage',
    'commissioning.saveEan': 'site.manage',
    'commissioning.claim': 'site.manage',
    'commissioning.scan': 'site.manage',
    'commissioning.confirmDevices': 'site.manage',
    'commissioning.liveCheck': 'site.manage',
    'commissioning.activate': 'site.manage',
    'alarms.acknowledge': 'alarm',
    'alarms.assign': 'alarm',
    'alarms.comment': 'alarm',
    'alarms.resolve': 'alarm',
  };
  const cases: Array<{
    who: string;
    userId: () => number;
    target: () => Victim;
    rights: Record<string, Right>;
  }> = [
    {
      who: 'an "Alle data" member acting as the main user',
      userId: () => h.world.users.memberAll,
      target: () => victimAForChargers,
      rights: { 'homeowner.embedLink': 'site.embed' },
    },
    {
      who: 'a chargers-only member acting as the main user',
      userId: () => h.world.users.memberChargers,
      target: () => victimAForChargers,
      rights: {},
    },
    {
      who: 'a technician acting as the installer admin',
      userId: () => h.world.users.instATech,
      target: () => victimAForChargers,
      rights: installerRights,
    },
    {
      who: 'iLumen support staff writing to a site',
      userId: () => h.world.users.support,
      target: () => victimB,
      rights: {
        'gateways.diagnose': 'site.diagnose',
        'fleet.readRegisters': 'site.diagnose',
        'fleet.requestTelegram': 'site.diagnose',
        'alarms.acknowledge': 'alarm',
        'alarms.assign': 'alarm',
        'alarms.comment': 'alarm',
        'alarms.resolve': 'alarm',
      },
    },
    {
      who: 'iLumen fleet staff writing to a site',
      userId: () => h.world.users.fleet,
      target: () => victimB,
      rights: {
        'commissioning.registerGateways': 'can:gateways.register',
        'firmware.retireRelease': 'can:firmware.manage',
        'firmware.createRollout': 'can:firmware.manage',
        'firmware.pauseRollout': 'can:firmware.manage',
        'firmware.abortRollout': 'can:firmware.manage',
        'firmware.resumeRollout': 'can:firmware.manage',
        'firmware.tagSites': 'can:firmware.manage',
      },
    },
  ];
  /** Whether the policy gives the right to this person on the target. */
  async function policyGives(actor: Actor, target: Victim, right: Right): Promise<boolean> {
    if (right === 'alarm')
      return policy.alarmAccess(actor, { organization_id: target.organizationId })?.act === true;
    if (right.startsWith('org:'))
      return policy.canOnOrg(actor, target.organizationId, right.slice(4) as OrgPermission);
    if (right.startsWith('can:')) return policy.can(actor, right.slice(4) as GlobalPermission);
    const access = await policy.siteAccess(h.testDb.db, actor, target.siteId);
    return policy.canOnSite(access, right as SitePermission);
  }
  const procedures = () =>
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: 'query' | 'mutation'; inputs: unknown[] } }
    >;
  const mutationsNamingObjects = () =>
    Object.entries(procedures())
      .filter(([, p]) => p._def.type === 'mutation')
      .map(([name, p]) => ({
        name,
        fields: p._def.inputs.flatMap((i) => fieldNames(declaredInput(i) ?? i)),
      }))
      .filter((p) => p.fields.some(isIdField));

  it.each(cases)('$who: every right named is one the policy gives', async (c) => {
    const actor = await h.world.actor(c.userId());
    const problems: string[] = [];
    for (const [name, right] of Object.entries(c.rights))
      if (!(await policyGives(actor, c.target(), right)))
        problems.push(`${name}: the policy does not give ${right}`);
    const unknown = Object.keys(c.rights).filter((name) => !(name in procedures()));
    expect([...problems, ...unknown.map((n) => `${n}: no such procedure`)]).toEqual([]);
  });

  it.each(cases)('$who: every other write is refused and changes nothing', async (c) => {
    const target = c.target();
    const before = await snapshotVictim(h, target.scope, c.userId());
    const cookie = await h.cookieFor(c.userId());
    const problems: string[] = [];
    const tried = mutationsNamingObjects().filter((p) => !(p.name in c.rights));
    expect(tried.length).toBeGreaterThan(20);
    for (const proc of tried) {
      const input = {
        ...inputsFor(target, proc.fields)[0],
        // A change that would pass validation, so only the role can stop it.
        userId: target.ids.userId?.[0],
        role: 'installer_admin',
        module: 'peak_shaving',
        thresholdW: 5000,
        organizationId: target.organizationId,
      };
      const res = await callTrpc(h.url, proc.name, 'mutation', input, { cookie, origin: h.url });
      const code = ((await res.json()) as { error?: { data?: { code?: string } } }).error?.data?.code;
      if (!['FORBIDDEN', 'NOT_FOUND'].includes(code ?? ''))
        problems.push(`${proc.name}: ${code ?? `status ${res.status}`}`);
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await snapshotVictim(h, target.scope, c.userId()))).toEqual([]);
  });
});

describe('the suite itself', () => {
  it('sees every route and intent of the console', () => {
    const site = routes().find((r) => r.pattern === '/console/sites/:siteId');
    expect(site?.intents).toEqual(
      expect.arrayContaining([
        'device.create',
        'device.update',
        'device.remove',
        'member.invite',
        'member.remove',
      ]),
    );
    expect(routes().some((r) => r.pattern === '/console/tenants/:organizationId')).toBe(true);
  });

  it('reads the id fields of every procedure from its declared schema', () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { inputs: unknown[] } }
    >;
    const fields = (name: string) =>
      procedures[name]!._def.inputs.flatMap((i) => fieldNames(declaredInput(i) ?? i));
    expect(fields('modules.timerRemove')).toEqual(expect.arrayContaining(['siteId', 'timerId']));
    expect(fields('alarms.assign')).toEqual(expect.arrayContaining(['alarmId', 'assigneeId']));
  });

  it('lets the rightful users in, so a refusal above means something', async () => {
    const cookie = await h.cookieFor(h.world.users.instBTech);
    const res = await fetch(`${h.url}/console/sites/${victimB.siteId}`, {
      headers: { cookie, 'accept-language': 'nl-BE' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('ILB-B-0001');
    const trpc = await fetch(
      `${h.url}/api/trpc/devices.list?input=${encodeURIComponent(JSON.stringify({ siteId: victimB.siteId }))}`,
      { headers: { cookie } },
    );
    expect(await trpc.text()).toContain('ILB-B-0001');
  });

  it('sent the attackers no mail (or CSV in one) with anything of the victim', async () => {
    const u = h.world.users;
    const attackerIds = [u.instATech, u.instAAdmin, u.ownerA, u.memberChargers];
    const attackerEmails = new Set(
      (await h.testDb.db.selectFrom('users').select('email').where('id', 'in', attackerIds).execute()).map(
        (r) => r.email,
      ),
    );
    const problems = h.sink
      .messages()
      .filter((m) => m.to.some((to) => to.endsWith('@example.be') || attackerEmails.has(to)))
      .flatMap((m) => {
        const content = [
          m.subject,
          m.text,
          m.html,
          ...m.attachments.map((a) => a.content.toString('utf8')),
        ].join('\n');
        return victimB.markers
          .filter((k) => content.includes(k))
          .map((k) => `mail to ${m.to.join(', ')} has "${k}"`);
      });
    expect(problems).toEqual([]);
  });
});
