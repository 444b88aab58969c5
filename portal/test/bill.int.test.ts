/*
 * Decision 131: a homeowner reads the month's bill of an address — energy, network costs, levies, VAT and injection —
 * computed by the one bill model from what is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalHarness, startPortal } from './support/portal-harness';

let h: PortalHarness;
beforeAll(async () => {
  h = await startPortal('bill');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const text = (html: string) =>
  html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('the month bill page', () => {
  it('shows the lines and the total, hand-checked, and says what is missing', async () => {
    const siteId = h.world.sites.siteA;
    const owner = await h.world.actor(h.world.users.ownerA);
    const admin = await h.world.actor(h.world.users.admin);
    await h.services.bill.saveRates(admin, {
      name: 'Fluvius Imewo 2026',
      rates: {
        area: 'fluvius-imewo',
        effectiveFrom: '2026-01-01',
        capacityEurPerKwYear: '48',
        offtakeEurPerKwh: '0.05',
        dataManagementEurPerYear: '18.25',
        transmissionEurPerKwh: '0.02',
        energyFundEurPerYear: '7.30',
        exciseEurPerKwh: '0.05',
        vatPct: '6',
      },
    });
    await h.services.bill.saveContract(owner, {
      siteId,
      contract: {
        kind: 'single',
        effectiveFrom: '2026-02-15',
        fixedEurPerYear: '36.50',
        importEurPerKwh: '0.30',
        exportEurPerKwh: '0.04',
      },
    });
    await h.testDb.db
      .insertInto('energy_qh')
      .values([
        { site_id: siteId, ts: new Date('2026-02-16T09:00:00Z'), import_wh: 10_000, export_wh: 0 },
      ] as never)
      .execute();
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const page = async (lang: string) =>
      text(
        await (
          await fetch(`${h.url}/app/sites/${siteId}/bill?month=2026-02`, {
            headers: { cookie, 'accept-language': lang },
          })
        ).text(),
      );
    // 14 days × €0.10 + 10 kWh × €0.30 = €4.40 energy; no peak known: 2.5 kW × €48 / 12 = €10.00 capacity;
    // network 10.00 + 0.50 + 1.40 + 0.20 = €12.10; levies 0.56 + 0.50 = €1.06; excl. VAT €17.56; VAT €1.05 (1.0536)
    const nl = await page('nl-BE');
    expect(nl).toContain('Je factuur van februari 2026');
    expect(nl).toContain('Capaciteitstarief');
    expect(nl).toMatch(/Totaal excl\. btw\s*€\s*17,56/);
    expect(nl).toMatch(/Te betalen\s*€\s*18,61/);
    expect(nl).toContain('14 dagen zonder contract of tarief zijn niet aangerekend');
    // the area by its name, and a past month leads to the next one
    expect(nl).toContain('Netgebied: Fluvius Imewo');
    const february = await (
      await fetch(`${h.url}/app/sites/${siteId}/bill?month=2026-02`, { headers: { cookie } })
    ).text();
    expect(february).toContain('bill?month=2026-03"');
    // this month's bill has a link to the month before, none to a month still to come
    const html = await (
      await fetch(`${h.url}/app/sites/${siteId}/bill`, { headers: { cookie, 'accept-language': 'nl-BE' } })
    ).text();
    const months = [...html.matchAll(/bill\?month=(\d{4}-\d{2})"/g)].map((m) => m[1]!);
    const thisMonth = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Brussels',
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date())
      .slice(0, 7);
    expect(months.length).toBe(1);
    expect(months[0]! < thisMonth).toBe(true);
    // and says it runs up to today, not to the month's end
    const today = new Intl.DateTimeFormat('nl-BE', {
      timeZone: 'Europe/Brussels',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date());
    expect(html).toMatch(new RegExp(`data-testid="bill-through"[^>]*>[^<]*tot en met ${today}`));
    expect(february).not.toContain('data-testid="bill-through"');
    // someone else's address: not found
    const other = await fetch(`${h.url}/app/sites/${h.world.sites.siteB}/bill`, { headers: { cookie } });
    expect(other.status).toBe(404);
  });

  it('the owner enters a day/night contract in Tarieven, with decimal commas; a bad price writes nothing', async () => {
    const siteId = h.world.sites.siteA;
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const post = (fields: Record<string, string>) =>
      fetch(`${h.url}/app/sites/${siteId}/settings/tariffs`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, origin: h.url, 'accept-language': 'nl-BE' },
        body: new URLSearchParams({ intent: 'contract.save', ...fields }),
      });
    const res = await post({
      kind: 'dayNight',
      effectiveFrom: '2026-03-01',
      fixedEurPerYear: '60,00',
      dayEurPerKwh: '0,145',
      nightEurPerKwh: '0,112',
      exportEurPerKwh: '0,035',
      importFactor: 'ignored for this kind',
    });
    expect(res.status).toBeLessThan(400);
    const listed = await h.services.bill.contracts(await h.world.actor(h.world.users.ownerA), { siteId });
    expect(listed.contracts.at(-1)).toMatchObject({
      kind: 'dayNight',
      effectiveFrom: '2026-03-01',
      dayEurPerKwh: '0.145',
      nightEurPerKwh: '0.112',
    });
    // a price that is not a number is refused and nothing is written
    const bad = await post({
      kind: 'single',
      effectiveFrom: '2026-04-01',
      fixedEurPerYear: '0',
      importEurPerKwh: 'veel',
    });
    expect(bad.status).toBe(422);
    const after = await h.services.bill.contracts(await h.world.actor(h.world.users.ownerA), { siteId });
    expect(after.contracts.map((c) => c.effectiveFrom)).not.toContain('2026-04-01');
    const page = await (
      await fetch(`${h.url}/app/sites/${siteId}/settings/tariffs`, { headers: { cookie } })
    ).text();
    expect(page).toContain('Dag/nacht (tweevoudig)');
    // a month price for a month without a variable contract: refused next to the month, named in words
    const refused = await fetch(`${h.url}/app/sites/${siteId}/settings/tariffs`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: h.url, 'accept-language': 'nl-BE' },
      body: new URLSearchParams({
        intent: 'contract.monthPrice',
        siteId: String(siteId),
        month: '2025-01',
        eurPerKwh: '0,25',
      }),
    });
    expect(refused.status).toBe(422);
    const said = await refused.text();
    expect(said).toContain('In januari 2025 loopt er geen variabel contract');
    expect(said).not.toContain('In 2025-01 loopt');
  });
});

describe('the contract offers page (decision 303)', () => {
  it('admins add an offer with decimal commas and retire it; support reads without a form; installers are refused', async () => {
    const admin = await h.cookieFor(h.world.users.admin);
    const post = (fields: Record<string, string>) =>
      fetch(`${h.url}/console/contract-offers`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: admin, origin: h.url, 'accept-language': 'nl-BE' },
        body: new URLSearchParams(fields),
      });
    const saved = await post({
      intent: 'offers.save',
      name: 'Dag/nacht groen',
      kind: 'dayNight',
      fixedEurPerYear: '55,00',
      dayEurPerKwh: '0,1480',
      nightEurPerKwh: '0,1100',
      exportEurPerKwh: '0,03',
      importFactor: 'not for this kind',
    });
    expect(saved.status).toBeLessThan(400);
    const page = await (
      await fetch(`${h.url}/console/contract-offers`, { headers: { cookie: admin } })
    ).text();
    const row = page.match(/<tr[^>]*>(?:(?!<\/tr>).)*Dag\/nacht groen(?:(?!<\/tr>).)*<\/tr>/s)?.[0] ?? '';
    expect(text(row)).toContain('Dag/nacht (tweevoudig)');
    expect(text(row)).toContain('Dagprijs per kWh: 0,14800');
    expect(page).toContain('aria-label="Aanbod toevoegen of aanpassen"');
    // a bad price is refused next to its field
    const bad = await post({
      intent: 'offers.save',
      name: 'Kapot',
      kind: 'single',
      fixedEurPerYear: '0',
      importEurPerKwh: 'veel',
      exportEurPerKwh: '0',
    });
    expect(bad.status).toBe(422);
    const { offers } = await h.services.contractOffers.list(await h.world.actor(h.world.users.admin));
    const offer = offers.find((o) => o.name === 'Dag/nacht groen')!;
    expect(offers.some((o) => o.name === 'Kapot')).toBe(false);
    expect((await post({ intent: 'offers.retire', offerId: String(offer.id) })).status).toBeLessThan(400);
    const after = await (
      await fetch(`${h.url}/console/contract-offers`, { headers: { cookie: admin } })
    ).text();
    expect(after).not.toContain('>Dag/nacht groen<');
    // support reads the offers, without the form; an installer is refused
    await h.services.contractOffers.save(await h.world.actor(h.world.users.admin), {
      name: 'Enkelvoudig (test)',
      contract: { kind: 'single', fixedEurPerYear: '0', importEurPerKwh: '0.25', exportEurPerKwh: '0.03' },
    });
    const support = await fetch(`${h.url}/console/contract-offers`, {
      headers: { cookie: await h.cookieFor(h.world.users.support) },
    });
    expect(support.status).toBe(200);
    const supportPage = await support.text();
    expect(supportPage).toContain('data-testid="contract-offers"');
    expect(supportPage).not.toContain('aria-label="Aanbod toevoegen of aanpassen"');
    const installer = await fetch(`${h.url}/console/contract-offers`, {
      headers: { cookie: await h.cookieFor(h.world.users.instAAdmin) },
    });
    expect(installer.status).toBe(403);
  });
});

describe("a company car's sessions (decision 304)", () => {
  it('the owner sees this month’s sessions of a company-car charger and marks one private', async () => {
    const siteId = h.world.sites.siteA;
    const owner = await h.world.actor(h.world.users.ownerA);
    await h.services.companyCars.mark(owner, {
      siteId,
      deviceId: h.world.devices.chargerA,
      employerEmail: 'wagenpark@werkgever.test',
    });
    const now = Date.now();
    const session = await h.testDb.db
      .insertInto('charge_sessions')
      .values({
        site_id: siteId,
        device_id: h.world.devices.chargerA,
        charger_key: 'charger-a',
        session_uid: 'portal-company-car',
        mode: 'fast',
        started_at: new Date(now - 3 * 3_600_000),
        ended_at: new Date(now - 3_600_000),
        energy_wh: 7_400,
      })
      .executeTakeFirstOrThrow();
    const sessionId = Number(session.insertId);
    const cookie = await h.cookieFor(h.world.users.ownerA);
    const url = `${h.url}/app/sites/${siteId}/settings/company-car`;
    const row = async () => {
      const html = await (await fetch(url, { headers: { cookie } })).text();
      return text(
        html.match(
          new RegExp(`<tr[^>]*data-testid="company-car-session-${sessionId}"[^>]*>.*?</tr>`, 's'),
        )?.[0] ?? '',
      );
    };
    expect(await row()).toContain('7,400');
    expect(await row()).toContain('Telt mee');
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: h.url, 'accept-language': 'nl-BE' },
      body: new URLSearchParams({
        intent: 'companyCar.session',
        siteId: String(siteId),
        sessionId: String(sessionId),
        companyCar: 'no',
      }),
    });
    expect(res.status).toBeLessThan(400);
    expect(await row()).toContain('Telt niet mee');
  });
});
