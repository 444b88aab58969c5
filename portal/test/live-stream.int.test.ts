import { liveKeys, systemActor } from '@ilumen/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('live_stream');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** Reads server-sent events from a live stream until `until` says stop (or the stream ends). */
async function readEvents(
  url: string,
  cookie: string | null,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
  onOpen?: () => Promise<void>,
) {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200 || !res.body)
    return { status: res.status, events: [] as Array<{ event: string; data: unknown }>, ended: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: unknown }> = [];
  let buffer = '';
  let ended = false;
  let opened = false;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let idx = buffer.indexOf('\n\n');
    while (idx >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const event = block.match(/^event: (.*)$/m)?.[1];
      const data = block.match(/^data: (.*)$/m)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      idx = buffer.indexOf('\n\n');
    }
    if (!opened && events.length > 0) {
      opened = true;
      await onOpen?.();
    }
    if (until(events)) break;
  }
  await reader.cancel().catch(() => undefined);
  return { status: res.status, events, ended };
}

function publish(siteId: number, w: number) {
  const snapshot = {
    siteId,
    gatewaySerial: 'ILS-TEST0001',
    receivedAt: new Date().toISOString(),
    live: {
      v: 1,
      ts: new Date().toISOString(),
      grid: { importW: w, exportW: 0 },
      pv: { w: 300 },
      chargers: [{ id: 'c1', w: 7400, status: 'Laden' }],
    },
  };
  return h.redis.publish(liveKeys(h.redisPrefix).channel(siteId), JSON.stringify(snapshot));
}

describe('live stream', () => {
  it("pushes a site's live values as they arrive, to its owner", async () => {
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const siteId = h.world.sites.siteA;
    const r = await readEvents(
      `${h.url}/api/live/${siteId}`,
      cookie,
      (e) => e.filter((x) => x.event === 'live').length >= 3,
      async () => {
        await publish(siteId, 1500);
        await publish(siteId, 1600);
      },
    );
    expect(r.status).toBe(200);
    const lives = r.events
      .filter((e) => e.event === 'live')
      .map((e) => e.data as { live: { grid: { importW: number } } } | null);
    expect(lives[0]).toBeNull();
    expect(lives.slice(1).map((l) => l?.live.grid.importW)).toEqual([1500, 1600]);
  });

  it('gives a chargers-only member the chargers and nothing else', async () => {
    const cookie = await h.cookieFor(h.world.users.memberChargers);
    const siteId = h.world.sites.siteA;
    const r = await readEvents(
      `${h.url}/api/live/${siteId}`,
      cookie,
      (e) => e.length >= 2,
      () => publish(siteId, 999).then(() => undefined),
    );
    const live = r.events[1]!.data as { live: Record<string, unknown> };
    expect(Object.keys(live.live).sort()).toEqual(['chargers', 'ts', 'v']);
  });

  it('is refused to another tenant, another homeowner and nobody, with the right status', async () => {
    const siteId = h.world.sites.siteA;
    expect(
      (
        await readEvents(
          `${h.url}/api/live/${siteId}`,
          await h.cookieFor(h.world.users.instBTech),
          () => true,
        )
      ).status,
    ).toBe(404);
    expect(
      (await readEvents(`${h.url}/api/live/${siteId}`, await h.cookieFor(h.world.users.ownerB), () => true))
        .status,
    ).toBe(404);
    expect((await readEvents(`${h.url}/api/live/${siteId}`, null, () => true)).status).toBe(401);
  });

  it("ends cleanly when the user's session ends", async () => {
    const { cookie, actor } = await h.services.auth.startSession(h.world.users.memberAll, {
      ip: null,
      userAgent: null,
    });
    const r = await readEvents(
      `${h.url}/api/live/${h.world.sites.siteA}`,
      cookie.split(';')[0]!,
      (e) => e.some((x) => x.event === 'session-ended'),
      async () => {
        await h.services.auth.logout(actor);
      },
    );
    expect(r.events.map((e) => e.event)).toContain('session-ended');
  });
});

/**
 * Access that ends while a stream is open ends the stream (decision 081: a member removed from a site kept receiving its
 * live values). Each case opens a stream as someone allowed, takes the access away the way the product does, and reads
 * until the server closes the stream: its last event says why, and no live values come after it.
 */
describe('a page that shows live values', () => {
  it("shows the site's last known values from its first paint, not '–' until the stream speaks", async () => {
    const siteId = h.world.sites.siteA;
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const circle = (html: string, testId: string) =>
      new RegExp(`data-testid="${testId}"[^>]*>(.*?)</div>`, 's').exec(html)?.[1]?.replace(/<[^>]+>/g, ' ') ??
      '';
    const dashboard = async () =>
      (
        await fetch(`${h.url}/app/sites/${siteId}`, { headers: { cookie, 'accept-language': 'nl-BE' } })
      ).text();
    // the address's iLusmart
    const gateway = await h.services.deps.db
      .insertInto('gateways')
      .values({ serial: 'ILS-LIVE0001', site_id: siteId, organization_id: h.world.orgs.instA })
      .executeTakeFirstOrThrow();
    // nothing known yet: the page says so
    await h.redis.del(liveKeys(h.redisPrefix).latest(siteId));
    expect(circle(await dashboard(), 'live-net')).toContain('–');
    // what the ingest keeps of the site's last live message
    await h.redis.set(
      liveKeys(h.redisPrefix).latest(siteId),
      JSON.stringify({
        siteId,
        gatewaySerial: 'ILS-TEST0001',
        receivedAt: new Date().toISOString(),
        live: { v: 1, ts: new Date().toISOString(), grid: { importW: 1830, exportW: 0 }, pv: { w: 2450 } },
      }),
    );
    const html = await dashboard();
    expect(circle(html, 'live-net')).toContain('1,83');
    expect(circle(html, 'live-net')).not.toContain('–');
    await h.redis.del(liveKeys(h.redisPrefix).latest(siteId));
    await h.services.deps.db.deleteFrom('gateways').where('id', '=', Number(gateway.insertId)).execute();
  }, 60_000);

  it("shows them from the first paint on the console's site page and on the charger's page too", async () => {
    const siteId = h.world.sites.siteA;
    const page = async (path: string, user: number) =>
      (
        await fetch(`${h.url}${path}`, {
          headers: { cookie: await h.cookieFor(user), 'accept-language': 'nl-BE' },
        })
      ).text();
    const shown = (html: string, testId: string) =>
      new RegExp(`data-testid="${testId}"[^>]*>(.*?)</(?:div|p)>`, 's')
        .exec(html)?.[1]
        ?.replace(/<[^>]+>/g, ' ') ?? '';
    const gateway = await h.services.deps.db
      .insertInto('gateways')
      .values({ serial: 'ILS-LIVE0002', site_id: siteId, organization_id: h.world.orgs.instA })
      .executeTakeFirstOrThrow();
    const charger = await h.services.deps.db
      .selectFrom('devices')
      .select('device_key')
      .where('id', '=', h.world.devices.chargerA)
      .executeTakeFirstOrThrow();
    const consolePath = `/console/sites/${siteId}`;
    const chargerPath = `/app/chargers/${h.world.devices.chargerA}`;
    await h.redis.del(liveKeys(h.redisPrefix).latest(siteId));
    expect(shown(await page(consolePath, h.world.users.instAAdmin), 'live-net')).toContain('–');
    expect(shown(await page(chargerPath, h.world.users.ownerA), 'charger-power')).toContain('–');
    await h.redis.set(
      liveKeys(h.redisPrefix).latest(siteId),
      JSON.stringify({
        siteId,
        gatewaySerial: 'ILS-LIVE0002',
        receivedAt: new Date().toISOString(),
        live: {
          v: 1,
          ts: new Date().toISOString(),
          grid: { importW: 1830, exportW: 0 },
          pv: { w: 2450 },
          chargers: [{ id: charger.device_key, w: 7400, status: 'Laden' }],
        },
      }),
    );
    // the installer's live card and the homeowner's charger, before any stream event
    expect(shown(await page(consolePath, h.world.users.instAAdmin), 'live-net')).toContain('1,83');
    expect(shown(await page(chargerPath, h.world.users.ownerA), 'charger-power')).toContain('7,40');
    // a chargers-only member sees the charger's live power too
    expect(shown(await page(chargerPath, h.world.users.memberChargers), 'charger-power')).toContain('7,40');
    // a session still charging: its row in the sessions table says the energy the card says, not what was stored last
    const session = await h.services.deps.db
      .insertInto('charge_sessions')
      .values({
        site_id: siteId,
        device_id: h.world.devices.chargerA,
        charger_key: charger.device_key,
        session_uid: 'live-first-paint',
        mode: 'fast',
        started_at: new Date(Date.now() - 1_800_000),
        energy_wh: 0,
      })
      .executeTakeFirstOrThrow();
    await h.redis.set(
      liveKeys(h.redisPrefix).latest(siteId),
      JSON.stringify({
        siteId,
        gatewaySerial: 'ILS-LIVE0002',
        receivedAt: new Date().toISOString(),
        live: {
          v: 1,
          ts: new Date().toISOString(),
          chargers: [{ id: charger.device_key, w: 7400, status: 'Laden', sessionWh: 3650 }],
        },
      }),
    );
    const html = await page(chargerPath, h.world.users.ownerA);
    const table = /data-testid="sessions-table".*?<tbody[^>]*>(.*?)<\/tbody>/s.exec(html)?.[1] ?? '';
    const firstRow = /<tr[^>]*>(.*?)<\/tr>/s.exec(table)?.[1]?.replace(/<[^>]+>/g, ' ') ?? '';
    expect(firstRow).toContain('3,65');
    await h.services.deps.db
      .deleteFrom('charge_sessions')
      .where('id', '=', Number(session.insertId))
      .execute();
    await h.redis.del(liveKeys(h.redisPrefix).latest(siteId));
    await h.services.deps.db.deleteFrom('gateways').where('id', '=', Number(gateway.insertId)).execute();
  }, 60_000);
});

describe('live stream when access ends', () => {
  const sys = systemActor('live-stream-test');
  let n = 0;
  const person = async (membership?: {
    organizationId: number;
    role: 'admin' | 'support' | 'fleet' | 'installer_admin' | 'technician';
  }) => {
    n += 1;
    const { id } = await h.services.users.provision(sys, {
      email: `live-${n}@revoke.test`,
      name: `Live ${n}`,
      password: 'Live-stream-2026!',
      membership,
    });
    return id;
  };
  const member = async (siteId: number, scope: 'all' | 'chargers') => {
    const userId = await person();
    await h.services.members.provision(sys, { siteId, userId, role: 'member', scope });
    return userId;
  };
  /** Streams as the user until the server ends the stream; `revoke` runs once the first values arrived. */
  const streamUntilEnd = async (userId: number, siteId: number, revoke: () => Promise<unknown>) => {
    const r = await readEvents(
      `${h.url}/api/live/${siteId}`,
      await h.cookieFor(userId),
      () => false,
      async () => {
        await revoke();
      },
    );
    expect(r.status).toBe(200);
    expect(r.ended).toBe(true);
    return r.events.at(-1)?.event;
  };

  it('ends when the member is removed from the site', async () => {
    const siteId = h.world.sites.siteA;
    const userId = await member(siteId, 'all');
    expect(
      await streamUntilEnd(userId, siteId, () => h.services.members.remove(sys, { siteId, userId })),
    ).toBe('access-ended');
  });

  it('ends when the session expires', async () => {
    const siteId = h.world.sites.siteA;
    const userId = await member(siteId, 'all');
    const last = await streamUntilEnd(userId, siteId, () =>
      h.testDb.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('user_id', '=', userId)
        .execute(),
    );
    expect(last).toBe('session-ended');
  });

  it('ends when the person is deactivated', async () => {
    const siteId = h.world.sites.siteB;
    const userId = await person({ organizationId: h.world.orgs.instB, role: 'technician' });
    const last = await streamUntilEnd(userId, siteId, () =>
      h.services.users.setActive(sys, { organizationId: h.world.orgs.instB, userId, active: false }),
    );
    expect(last).toBe('session-ended');
  });

  it("ends when a staff member's role no longer reaches homes (support becomes fleet)", async () => {
    const siteId = h.world.sites.siteB;
    const userId = await person({ organizationId: h.world.orgs.operator, role: 'support' });
    // Support watches a home's live values from its audited support view (decision 081).
    await h.services.homeowner.openSupportView(await h.world.actor(userId), { siteId });
    const last = await streamUntilEnd(userId, siteId, () =>
      h.services.users.setRole(sys, { organizationId: h.world.orgs.operator, userId, role: 'fleet' }),
    );
    expect(last).toBe('access-ended');
  });

  it('ends when a member is cut down to the chargers, so the browser reconnects and gets only those', async () => {
    const siteId = h.world.sites.siteA;
    const userId = await member(siteId, 'all');
    const last = await streamUntilEnd(userId, siteId, () =>
      h.testDb.db
        .updateTable('site_members')
        .set({ scope: 'chargers' })
        .where('site_id', '=', siteId)
        .where('user_id', '=', userId)
        .execute(),
    );
    expect(last).toBe('access-changed');
    const again = await readEvents(
      `${h.url}/api/live/${siteId}`,
      await h.cookieFor(userId),
      (e) => e.length >= 2,
      () => publish(siteId, 777).then(() => undefined),
    );
    const live = again.events[1]!.data as { live: Record<string, unknown> };
    expect(Object.keys(live.live).sort()).toEqual(['chargers', 'ts', 'v']);
  });

  it("ends when the installer's organization is deactivated", async () => {
    const { id: organizationId } = await h.services.organizations.ensureInstaller(sys, {
      name: 'Tijdelijk Installatiebedrijf',
    });
    const site = await h.services.sites.create(sys, {
      organizationId,
      street: 'Korte straat',
      houseNumber: '2',
      postalCode: '2000',
      city: 'Antwerpen',
      gridPhases: 1,
      mainFuseA: 40,
    });
    const userId = await person({ organizationId, role: 'technician' });
    const last = await streamUntilEnd(userId, site.id, () =>
      h.services.organizations.setActive(sys, { organizationId, active: false }),
    );
    expect(last).toBe('access-ended');
  });
});
