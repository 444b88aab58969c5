import { createLogger } from '@ilumen/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../app/trpc/router';
import { type PortalHarness, startPortal } from './support/portal-harness';

/**
 * The console-ops endpoints against real objects of another tenant (the main isolation suite walks every endpoint with
 * made-up alarm ids): an alarm, a commissioning, a gateway with a telegram and refused messages on the victim's site.
 * Each attacker is refused, learns nothing, and changes nothing; the lists and the search leave the victim out.
 */
let h: PortalHarness;
let alarmId = 0;
const VICTIM_SERIAL = 'ILS-VICTIM0001';

beforeAll(async () => {
  h = await startPortal('ops_isolation');
  const { world, services } = h;
  const db = h.testDb.db;
  const gw = Number(
    (
      await db
        .insertInto('gateways')
        .values({
          serial: VICTIM_SERIAL,
          site_id: world.sites.siteB,
          organization_id: world.orgs.instB,
          firmware_version: '9.9.9-victim',
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  const now = new Date();
  alarmId = Number(
    (
      await db
        .insertInto('alarms')
        .values({
          kind: 'gateway_offline',
          open_key: `gateway_offline:gw:${gw}`,
          subject: `gw:${gw}`,
          severity: 'critical',
          organization_id: world.orgs.instB,
          site_id: world.sites.siteB,
          gateway_id: gw,
          details: JSON.stringify({ serial: VICTIM_SERIAL }),
          since: now,
          raised_at: now,
          last_active_at: now,
        })
        .executeTakeFirstOrThrow()
    ).insertId,
  );
  await services.commissioning.open(await world.actor(world.users.instBAdmin), { siteId: world.sites.siteB });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const markers = [
  'Stationsplein',
  'owner-b@home.test',
  VICTIM_SERIAL,
  '9.9.9-victim',
  'Dakwerken Peeters',
  '541448820050357909',
  'ILB-B-0001',
];

async function victimState() {
  const db = h.testDb.db;
  const [alarm, comments, commissioning, gateways, commands] = await Promise.all([
    db.selectFrom('alarms').selectAll().where('id', '=', alarmId).executeTakeFirstOrThrow(),
    db.selectFrom('alarm_comments').selectAll().execute(),
    db
      .selectFrom('commissionings')
      .selectAll()
      .where('site_id', '=', h.world.sites.siteB)
      .executeTakeFirstOrThrow(),
    db.selectFrom('gateways').selectAll().where('serial', '=', VICTIM_SERIAL).execute(),
    db.selectFrom('commands').selectAll().execute(),
  ]);
  return JSON.stringify({ alarm, comments, commissioning, gateways, commands });
}

const attackers = () => {
  const u = h.world.users;
  return [
    { name: 'technician of another tenant', userId: u.instATech },
    { name: 'installer admin of another tenant', userId: u.instAAdmin },
    { name: 'homeowner of another site', userId: u.ownerA },
    { name: 'chargers-only member of another site', userId: u.memberChargers },
  ];
};

describe("console-ops endpoints against another tenant's real objects", () => {
  it('refuse every page, form and procedure, leak nothing, change nothing', async () => {
    const before = await victimState();
    const siteB = h.world.sites.siteB;
    const problems: string[] = [];
    for (const a of attackers()) {
      const cookie = await h.cookieFor(a.userId);
      const headers = { cookie, origin: h.url, 'accept-language': 'nl-BE' };
      const get = async (path: string) => {
        const res = await fetch(`${h.url}${path}`, { headers, redirect: 'manual' });
        // A search page shows back what was typed: that is the attacker's own text, not the victim's.
        const typed = decodeURIComponent(new URL(path, h.url).searchParams.get('q') ?? '');
        const text = (await res.text()).split(typed).join('');
        for (const m of markers) if (text.includes(m)) problems.push(`${a.name}: GET ${path} leaks ${m}`);
        return res.status;
      };
      for (const path of [
        `/console/alarms/${alarmId}`,
        `/console/commissioning/${siteB}`,
        `/console/commissioning/${siteB}/report`,
        `/console/commissioning/${siteB}/report.pdf`,
        `/console/sites/${siteB}/troubleshoot`,
      ]) {
        const status = await get(path);
        if (![401, 403, 404].includes(status) && !(status >= 300 && status < 400))
          problems.push(`${a.name}: GET ${path} answered ${status}`);
      }
      // Lists and search: allowed or refused, but never with the victim in them.
      for (const path of [
        '/console/alarms?status=all',
        '/console/fleet',
        '/console/fleet/devices',
        '/console/fleet/export?view=gateways',
        '/console/fleet/export?view=devices',
        '/console/search?q=ILS-VICTIM',
        '/console/search?q=541448820050357909',
        '/console/search?q=owner-b%40home.test',
        '/console/search?q=Stationsplein',
        '/console/commissioning',
      ]) {
        await get(path);
      }
      for (const intent of ['acknowledge', 'assign', 'comment']) {
        const body = new URLSearchParams({
          intent,
          alarmId: String(alarmId),
          assigneeId: String(a.userId),
          body: 'overgenomen',
        });
        const res = await fetch(`${h.url}/console/alarms/${alarmId}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body,
          redirect: 'manual',
        });
        if (res.status < 400) problems.push(`${a.name}: POST alarm ${intent} answered ${res.status}`);
      }
      for (const intent of ['grid.save', 'gateway.claim', 'scan.start', 'live.check', 'activate']) {
        const body = new URLSearchParams({
          intent,
          siteId: String(siteB),
          gridPhases: '1',
          mainFuseA: '40',
          serial: VICTIM_SERIAL,
          claimCode: 'X',
          endpoints: '10.0.0.1',
        });
        const res = await fetch(`${h.url}/console/commissioning/${siteB}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body,
          redirect: 'manual',
        });
        if (res.status < 400) problems.push(`${a.name}: POST commissioning ${intent} answered ${res.status}`);
      }
      const caller = appRouter.createCaller({
        services: h.services,
        actor: await h.world.actor(a.userId),
        locale: 'nl',
        requestId: 'iso',
        ip: null,
        userAgent: null,
        publicUrl: h.url,
        logger: createLogger({ name: 'iso', level: 'silent' }),
      });
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['alarms.get', () => caller.alarms.get({ alarmId })],
        ['alarms.acknowledge', () => caller.alarms.acknowledge({ alarmId })],
        ['alarms.assign', () => caller.alarms.assign({ alarmId, assigneeId: a.userId })],
        ['alarms.comment', () => caller.alarms.comment({ alarmId, body: 'x' })],
        ['alarms.forSite', () => caller.alarms.forSite({ siteId: siteB })],
        ['commissioning.get', () => caller.commissioning.get({ siteId: siteB })],
        [
          'commissioning.claim',
          () => caller.commissioning.claim({ siteId: siteB, serial: VICTIM_SERIAL, claimCode: 'X' }),
        ],
        ['fleet.troubleshoot', () => caller.fleet.troubleshoot({ siteId: siteB })],
        [
          'fleet.readRegisters',
          () =>
            caller.fleet.readRegisters({
              siteId: siteB,
              deviceId: h.world.devices.batteryB,
              address: 0,
              count: 1,
              kind: 'holding',
            }),
        ],
      ];
      for (const [name, call] of calls) {
        const outcome = await call().then(
          () => 'answered',
          (e: { code?: string }) => e.code ?? 'error',
        );
        if (!['NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED'].includes(outcome))
          problems.push(`${a.name}: ${name} → ${outcome}`);
      }
      const found = await caller.fleet.search({ q: VICTIM_SERIAL }).catch(() => null);
      const lists = [
        await caller.fleet.gateways({} as never).catch(() => null),
        await caller.fleet.devices({} as never).catch(() => null),
        found ? [found.sites, found.gateways] : null,
        await caller.alarms.list({ status: 'all' } as never).catch(() => null),
      ];
      for (const l of lists)
        for (const m of markers)
          if (JSON.stringify(l ?? '').includes(m)) problems.push(`${a.name}: a list leaks ${m}`);
    }
    expect(problems).toEqual([]);
    expect(await victimState()).toBe(before);
  });

  it("lets the victim's own installer and iLumen support in, so the refusals above mean something", async () => {
    const own = await h.cookieFor(h.world.users.instBTech);
    const res = await fetch(`${h.url}/console/alarms/${alarmId}`, {
      headers: { cookie: own, 'accept-language': 'nl-BE' },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(VICTIM_SERIAL);
    const support = await h.cookieFor(h.world.users.support);
    const search = await fetch(`${h.url}/console/search?q=541448820050357909`, {
      headers: { cookie: support, 'accept-language': 'nl-BE' },
    });
    expect(await search.text()).toContain('Stationsplein');
    const wizard = await fetch(`${h.url}/console/commissioning/${h.world.sites.siteB}`, {
      headers: { cookie: own, 'accept-language': 'nl-BE' },
    });
    expect(wizard.status).toBe(200);
    const csv = await fetch(`${h.url}/console/fleet/export?view=gateways`, { headers: { cookie: support } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain(VICTIM_SERIAL);
  });
});
