import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('console_home');
  const at = new Date();
  const alarm = (
    siteId: number,
    organizationId: number,
    serial: string,
    severity: 'critical' | 'warning',
  ) => ({
    kind: 'gateway_offline' as const,
    open_key: `gateway_offline:${serial}`,
    subject: serial,
    severity,
    organization_id: organizationId,
    site_id: siteId,
    details: JSON.stringify({ serial }),
    since: at,
    raised_at: at,
    last_active_at: at,
  });
  const { orgs, sites } = h.world;
  await h.testDb.db
    .insertInto('alarms')
    .values([
      alarm(sites.siteA, orgs.instA, 'ILS-HOME-A1', 'critical'),
      alarm(sites.siteA2, orgs.instA, 'ILS-HOME-A2', 'warning'),
      alarm(sites.siteB, orgs.instB, 'ILS-HOME-B1', 'critical'),
    ])
    .execute();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function home(userId: number) {
  const html = await (
    await fetch(`${h.url}/console`, { headers: { cookie: await h.cookieFor(userId) } })
  ).text();
  const figure = (id: string) => {
    const m = new RegExp(`data-testid="${id}"[^>]*>(?:<[^>]+>)*[^<]*(?:<[^>]+>)+([\\d.]+)<`).exec(html);
    return m ? Number(m[1]!.replace('.', '')) : null;
  };
  return {
    html,
    alarms: figure('home-alarms'),
    sites: figure('home-sites'),
    tenants: figure('home-tenants'),
    offline: figure('home-offline'),
  };
}

describe('the console start page', () => {
  it('counts what needs an installer today, their own only, and lists their newest open alarms', async () => {
    const a = await home(h.world.users.instAAdmin);
    expect(a.alarms).toBe(2);
    expect(a.sites).toBe(2);
    expect(a.tenants).toBeNull();
    expect(a.html).toContain('1 kritiek · 1 waarschuwing');
    expect(a.html).toContain('iLusmart ILS-HOME-A1 is offline.');
    expect(a.html).toContain('iLusmart ILS-HOME-A2 is offline.');
    expect(a.html).not.toContain('ILS-HOME-B1');
  });

  it('counts the whole fleet for iLumen staff', async () => {
    const staff = await home(h.world.users.support);
    expect(staff.alarms).toBe(3);
    expect(staff.html).toContain('ILS-HOME-B1');
  });

  it("tells staff whether the gateways' data arrives, and installers nothing of it", async () => {
    // no ingest process runs beside this portal: nothing the gateways send is stored
    const staff = await home(h.world.users.support);
    expect(staff.html).toMatch(/data-testid="home-ingest"[^>]*data-state="none"/);
    expect(staff.html).toContain('Niemand slaat ze op');
    const installer = await home(h.world.users.instAAdmin);
    expect(installer.html).not.toContain('home-ingest');
  });

  it('says so when nothing is open', async () => {
    await h.testDb.db
      .updateTable('alarms')
      .set({ status: 'cleared', open_key: null, cleared_at: new Date() })
      .execute();
    const a = await home(h.world.users.instAAdmin);
    expect(a.alarms).toBe(0);
    expect(a.html).toContain('Geen open alarmen. Alles in orde.');
  });
});
