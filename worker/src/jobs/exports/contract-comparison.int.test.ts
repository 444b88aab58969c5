import { csvDocument } from '@ilumen/csv';
import { writeJson } from '@ilumen/db';
import { addDays, startOfLocalDay } from '@ilumen/energy';
import { parseFluviusCsv } from '@ilumen/fluvius/csv';
import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import { ENERGY_CSV_COLUMNS, systemActor } from '@ilumen/services';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '@ilumen/services/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractComparisonJob } from './contract-comparison.job';

/*
 * The homeowner's contract comparison (decisions 191, 240) and energy data export (decision 241), as they get them:
 * on the page (the service), as a PDF, by mail, and as a Mijn Fluvius CSV our own import reads back. Every amount is
 * a hand computation; the month holds the autumn clock change (Sunday 25 October 2026, 02:00–03:00 twice).
 */

let h: ServiceHarness;
let world: World;
let mailer: Mailer;

// Network rates without the parts that belong to days, so every line is per kWh: 0.05 + 0.02 + 0.05 = €0.12 a kWh.
const rates = {
  area: 'fluvius-imewo',
  effectiveFrom: '2025-01-01',
  capacityEurPerKwYear: '0',
  offtakeEurPerKwh: '0.05',
  dataManagementEurPerYear: '0',
  transmissionEurPerKwh: '0.02',
  energyFundEurPerYear: '0',
  exciseEurPerKwh: '0.05',
  vatPct: '6',
};

beforeAll(async () => {
  h = await createServiceHarness('comparison');
  world = await createWorld(h.services);
  mailer = new Mailer({ smtpUrl: h.sink.smtpUrl, from: 'iLumen <no-reply@ilumen.be>' });
  const db = h.testDb.db;
  const { siteA, siteA2 } = world.sites;
  const admin = await world.actor(world.users.admin);
  await h.services.bill.saveRates(admin, { name: 'Imewo (test)', rates });
  // Gent (9000): the Imewo area. The home's own contract is day/night.
  await h.services.bill.saveContract(await world.actor(world.users.ownerA), {
    siteId: siteA,
    contract: {
      kind: 'dayNight',
      effectiveFrom: '2025-01-01',
      fixedEurPerYear: '0',
      dayEurPerKwh: '0.30',
      nightEurPerKwh: '0.20',
      exportEurPerKwh: '0.04',
    },
  });
  await db
    .insertInto('contract_offers')
    .values([
      {
        name: 'Enkelvoudig (test)',
        kind: 'single',
        terms: writeJson({ fixedEurPerYear: '0', importEurPerKwh: '0.25', exportEurPerKwh: '0.05' })!,
      },
      {
        name: 'Dynamisch (test)',
        kind: 'dynamic',
        terms: writeJson({
          fixedEurPerYear: '0',
          importFactor: '1',
          importAdderEurPerKwh: '0.01',
          exportFactor: '1',
          exportCostEurPerKwh: '0.01',
        })!,
      },
    ])
    .execute();
  // €100 per MWh every hour of the two days with energy (the clock-change day has 25 hours)
  for (const day of ['2026-10-05', '2026-10-25']) {
    const start = startOfLocalDay(day);
    const hours = (startOfLocalDay(addDays(day, 1)) - start) / 3_600_000;
    await db
      .insertInto('day_ahead_prices')
      .values({
        zone: 'BE',
        day,
        minutes: 60,
        slots: JSON.stringify(
          Array.from({ length: hours }, (_, i) => ({
            start: new Date(start + i * 3_600_000).toISOString(),
            minutes: 60,
            eurPerMwh: 100,
          })),
        ),
        complete: true,
        fetched_at: new Date(),
      })
      .execute();
  }
  const q = (site: number, ts: string, v: Record<string, number>) => ({
    site_id: site,
    ts: new Date(ts),
    import_wh: 0,
    export_wh: 0,
    grid_source: 'gateway' as const,
    grid_quality: 'measured' as const,
    ...v,
  });
  await db
    .insertInto('energy_qh')
    .values([
      // October 2025, the same month a year before: 1 kWh at noon on a Monday (day)
      q(siteA, '2025-10-06T10:00:00Z', { import_wh: 1000 }),
      // Monday 5 October 2026, 12:00: 3 kWh of sun, 1 kWh into the battery, 1 kWh injected
      q(siteA, '2026-10-05T10:00:00Z', { export_wh: 1000, production_wh: 3000, battery_charge_wh: 1000 }),
      // 18:00: the car is plugged in (nothing measured yet)
      q(siteA, '2026-10-05T16:00:00Z', {}),
      // 19:00: the battery gives 0.8 kWh
      q(siteA, '2026-10-05T17:00:00Z', { battery_discharge_wh: 800 }),
      // 22:00 (night): the car charged by the control
      q(siteA, '2026-10-05T20:00:00Z', { import_wh: 1000, ev_wh: 1000 }),
      // Sunday 25 October, 02:15 summer time and 02:15 winter time: 1 kWh each, on the night register
      q(siteA, '2026-10-25T00:15:00Z', { import_wh: 1000 }),
      q(siteA, '2026-10-25T01:15:00Z', { import_wh: 1000, export_wh: 123 }),
      // a second home whose data starts in October 2026
      q(siteA2, '2026-10-20T10:00:00Z', { import_wh: 500 }),
    ] as never)
    .execute();
  await db
    .insertInto('charge_sessions')
    .values({
      site_id: siteA,
      device_id: world.devices.chargerA,
      charger_key: 'ILC-A-0001',
      session_uid: 'smart-1',
      mode: 'smart',
      started_at: new Date('2026-10-05T16:00:00Z'),
      ended_at: new Date('2026-10-05T21:00:00Z'),
      energy_wh: 1000,
    })
    .execute();
  h.clock.set('2026-11-15T10:00:00Z');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('the contract comparison', () => {
  it('bills the last 12 months under each contract, with and without our control, by hand', async () => {
    const c = await h.services.comparison.comparison(await world.actor(world.users.memberAll), {
      siteId: world.sites.siteA,
    });
    if (c.state !== 'ready') throw new Error('expected a comparison');
    expect(c).toMatchObject({
      firstDay: '2025-11-01',
      lastDay: '2026-10-31',
      months: 12,
      simpleTariff: false,
    });
    const row = (kind: string) => c.rows.find((r) => r.kind === kind)!;
    // As measured: 3 kWh on the night register (22:00 and the two 02:15s), 1.123 kWh injected.
    // Own day/night: 3 × 0.20 = 0.60 + 3 × 0.12 = 0.96, VAT 0.0576 → 1.02, injection 1.123 × 0.04 = 0.04 → 0.98.
    // Without our control: the battery's 1 kWh is injected (2.123 kWh) and its 0.8 kWh comes from the grid at 19:00
    // (day); the car charges at 18:00 (day) instead of 22:00: day 1.8 kWh × 0.30 = 0.54, night 2 kWh × 0.20 = 0.40;
    // offtake 3.8 × 0.05 = 0.19, transmission 0.076 → 0.08, excise 0.19: 1.40; VAT 6 % × 1.396 = 0.08 → 1.48;
    // injection 2.123 × 0.04 = 0.08 → 1.40. The control saved €0.42.
    expect(row('own')).toMatchObject({
      ownKind: 'dayNight',
      actual: { inclVatEur: '1.02', injectionEur: '0.04', netEur: '0.98', importKwh: '3.000' },
      without: { inclVatEur: '1.48', injectionEur: '0.08', netEur: '1.40', importKwh: '3.800' },
      savedEur: '0.42',
    });
    // Single €0.25: 0.75 + 0.36 = 1.11, VAT 0.0666 → 1.18, injection 1.123 × 0.05 = 0.06 → 1.12;
    // without: 0.95 + 0.19 + 0.08 + 0.19 = 1.41, VAT 0.08436 → 1.49, injection 2.123 × 0.05 = 0.11 → 1.38.
    expect(row('single')).toMatchObject({
      actual: { netEur: '1.12' },
      without: { netEur: '1.38' },
      savedEur: '0.26',
    });
    // Dynamic at €100/MWh: 1 × 0.100 + 0.01 = €0.11 a kWh, injection 0.100 − 0.01 = €0.09 (on the 25-hour day too):
    // 0.33 + 0.36 = 0.69, VAT 0.0414 → 0.73, injection 1.123 × 0.09 = 0.10 → 0.63;
    // without: 0.418 → 0.42 + 0.46 = 0.88, VAT 6 % × 0.874 = 0.05 → 0.93, injection 2.123 × 0.09 = 0.19 → 0.74.
    expect(row('dynamic')).toMatchObject({
      actual: { netEur: '0.63', quartersWithoutPrice: 0 },
      without: { netEur: '0.74' },
      savedEur: '0.11',
      cheapest: true,
    });
    expect(c.rows.filter((r) => r.cheapest)).toHaveLength(1);
    // production 3 kWh, injected 1.123: self-consumption 62.6 %; use 3 + 3 − 0.2 − 1.123 = 4.677 kWh, of which
    // 1.677 not from the grid: 35.9 %. Without: 0.877 of 3 = 29.2 %; use 3.8 + 3 − 2.123 = 4.677: 18.8 %.
    expect(c.shares).toMatchObject({ selfConsumptionPct: 62.6, selfSufficiencyPct: 35.9, useKwh: '4.677' });
    expect(c.sharesWithout).toMatchObject({ selfConsumptionPct: 29.2, selfSufficiencyPct: 18.8 });
    // October beside October 2025: 1 kWh day = 0.30 + 0.12 = 0.42, VAT 0.0252 → €0.45
    expect(c.monthly.at(-1)).toEqual({
      month: '2026-10',
      thisYear: { netEur: '0.98', importKwh: '3.000', exportKwh: '1.123', productionKwh: '3.000' },
      lastYear: { netEur: '0.45', importKwh: '1.000', exportKwh: '0.000', productionKwh: '0.000' },
    });
    expect(c.monthly[0]).toMatchObject({ month: '2025-11', lastYear: null });
  });

  it('never calls a contract cheapest whose months are not all priced, and names the months', async () => {
    // a variable offer with a price for September only: October's energy has none, so on paper it costs nothing
    const offer = await h.testDb.db
      .insertInto('contract_offers')
      .values({
        name: 'Variabel (test)',
        kind: 'variable',
        terms: writeJson({
          fixedEurPerYear: '0',
          monthlyEurPerKwh: { '2026-09': '0.20' },
          exportEurPerKwh: '0.05',
        })!,
      })
      .executeTakeFirstOrThrow();
    try {
      const c = await h.services.comparison.comparison(await world.actor(world.users.memberAll), {
        siteId: world.sites.siteA,
      });
      if (c.state !== 'ready') throw new Error('expected a comparison');
      const variable = c.rows.find((r) => r.kind === 'variable')!;
      // network and levies only (0.36 + VAT 0.02 = 0.38) minus injection 1.123 × 0.05 = 0.06: lower than any other
      expect(variable).toMatchObject({
        actual: { netEur: '0.32', monthsWithoutPrice: ['2026-10'] },
        cheapest: false,
      });
      // the cheapest stays the dynamic contract, priced for every quarter
      expect(c.rows.filter((r) => r.cheapest).map((r) => r.kind)).toEqual(['dynamic']);
    } finally {
      await h.testDb.db.deleteFrom('contract_offers').where('id', '=', Number(offer.insertId)).execute();
    }
  });

  it('compares fewer months when the data starts later, and waits for a whole month', async () => {
    const owner = await world.actor(world.users.ownerA);
    const sys = systemActor('test');
    const partial = await h.services.comparison.comparison(sys, { siteId: world.sites.siteA2 });
    expect(partial).toMatchObject({ state: 'ready', firstDay: '2026-10-20', months: 1, noOwnContract: true });
    h.clock.set('2026-10-25T10:00:00Z');
    expect(await h.services.comparison.comparison(sys, { siteId: world.sites.siteA2 })).toMatchObject({
      state: 'empty',
    });
    h.clock.set('2026-11-15T10:00:00Z');
    // another home's comparison, PDF, mail and data are not there for this person
    for (const call of [
      () => h.services.comparison.comparison(owner, { siteId: world.sites.siteB }),
      () => h.services.comparison.comparisonPdf(owner, { siteId: world.sites.siteB }, 'nl'),
      () => h.services.comparison.mailComparison(owner, { siteId: world.sites.siteB }),
      () =>
        h.services.comparison.energyCsv(owner, {
          siteId: world.sites.siteB,
          from: '2026-10-01',
          to: '2026-10-31',
        }),
      () => h.services.comparison.billPdf(owner, { siteId: world.sites.siteB, month: '2026-10' }, 'nl'),
    ])
      await expect(call()).rejects.toMatchObject({ code: 'not_found' });
  });

  it('mails the PDF once a day to the person who asked, in their language', async () => {
    const member = await world.actor(world.users.memberAll);
    const { siteA } = world.sites;
    expect(await h.services.comparison.mailComparison(member, { siteId: siteA })).toEqual({
      email: member.type === 'user' ? member.email : '',
    });
    await h.services.comparison.mailComparison(member, { siteId: siteA });
    const queue = h.jobs.raw('exports');
    const waiting = await queue.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.filter((j) => j.name === 'contractComparison')).toHaveLength(1);
    const job = contractComparisonJob({
      db: h.testDb.db,
      mailer,
      logger: createLogger({ name: 'comparison-test', level: 'silent' }),
      clock: h.clock,
    });
    const payload = waiting[0]!.data as { siteId: number; userId: number };
    expect(await job(payload, { id: waiting[0]!.id })).toEqual({ sent: true });
    const mail = await h.sink.waitFor((m) => m.subject.startsWith('Je contractvergelijking'), 15_000);
    expect(mail.subject).toBe('Je contractvergelijking voor Kerkstraat 1, 9000 Gent');
    expect(mail.attachments.map((a) => a.filename)).toEqual([
      'contractvergelijking-2025-11-01-2026-10-31.pdf',
    ]);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the energy data export', () => {
  it('writes the quarters as Mijn Fluvius does, and our own import reads them back (clock change included)', async () => {
    const owner = await world.actor(world.users.ownerA);
    const { siteA } = world.sites;
    const { filename, rows } = await h.services.comparison.energyCsv(owner, {
      siteId: siteA,
      from: '2026-10-25',
      to: '2026-10-25',
    });
    expect(filename).toBe(
      'Verbruikshistoriek_elektriciteit_541448820052377134_20261025_20261025_kwartiertotalen.csv',
    );
    const text = csvDocument(ENERGY_CSV_COLUMNS, rows);
    expect(text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFVan (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving',
      // the EAN as Mijn Fluvius writes it, so a spreadsheet keeps its 18 digits as text
      '25-10-2026;02:15:00;25-10-2026;02:30:00;="541448820052377134";1SAG1100000001;Digitale meter;Afname Nacht;1,000;kWh;Uitgelezen;',
      '25-10-2026;02:15:00;25-10-2026;02:30:00;="541448820052377134";1SAG1100000001;Digitale meter;Injectie Nacht;0,000;kWh;Uitgelezen;',
    ]);
    const parsed = await parseFluviusCsv(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    expect(
      parsed.quarters.map((q) => [q.start.toISOString(), q.direction, q.tariff, q.wh, q.validationState]),
    ).toEqual([
      ['2026-10-25T00:15:00.000Z', 'offtake', 'night', 1000, 'READ'],
      ['2026-10-25T00:15:00.000Z', 'injection', 'night', 0, 'READ'],
      ['2026-10-25T01:15:00.000Z', 'offtake', 'night', 1000, 'READ'],
      ['2026-10-25T01:15:00.000Z', 'injection', 'night', 123, 'READ'],
    ]);
    expect(parsed.quarters[0]!.ean).toBe('541448820052377134');
  });

  it('sums hours and days per register, and keeps a formula in a cell as text', async () => {
    const owner = await world.actor(world.users.ownerA);
    const { siteA } = world.sites;
    const days = await h.services.comparison.energyCsv(owner, {
      siteId: siteA,
      from: '2026-10-05',
      to: '2026-10-25',
      resolution: 'day',
    });
    expect(days.filename.endsWith('_dagtotalen.csv')).toBe(true);
    expect(days.rows.map((r) => [r[0], r[2], r[7], r[8]])).toEqual([
      ['05-10-2026', '06-10-2026', 'Afname Dag', '0.000'],
      ['05-10-2026', '06-10-2026', 'Injectie Dag', '1.000'],
      ['05-10-2026', '06-10-2026', 'Afname Nacht', '1.000'],
      ['05-10-2026', '06-10-2026', 'Injectie Nacht', '0.000'],
      ['25-10-2026', '26-10-2026', 'Afname Nacht', '2.000'],
      ['25-10-2026', '26-10-2026', 'Injectie Nacht', '0.123'],
    ]);
    const hours = await h.services.comparison.energyCsv(owner, {
      siteId: siteA,
      from: '2026-10-25',
      to: '2026-10-25',
      resolution: 'hour',
    });
    // the two 02:00 hours, summer time then winter time; the first ends at the second's 02:00
    expect(hours.rows.map((r) => r.slice(0, 4))).toEqual([
      ['25-10-2026', '02:00:00', '25-10-2026', '02:00:00'],
      ['25-10-2026', '02:00:00', '25-10-2026', '02:00:00'],
      ['25-10-2026', '02:00:00', '25-10-2026', '03:00:00'],
      ['25-10-2026', '02:00:00', '25-10-2026', '03:00:00'],
    ]);
    // an installer typed a formula as the meter's serial: a spreadsheet shows it as text
    await h.testDb.db
      .updateTable('devices')
      .set({ serial: '=HYPERLINK("http://x","y")' })
      .where('id', '=', world.devices.meterA)
      .execute();
    const unsafe = await h.services.comparison.energyCsv(owner, {
      siteId: siteA,
      from: '2026-10-25',
      to: '2026-10-25',
    });
    expect(csvDocument(ENERGY_CSV_COLUMNS, unsafe.rows)).toContain(';"\'=HYPERLINK(""http://x"",""y"")";');
  });

  it('refuses a wrong period next to its field, and makes the month bill as a PDF', async () => {
    const owner = await world.actor(world.users.ownerA);
    const { siteA } = world.sites;
    await expect(
      h.services.comparison.checkEnergyExport(owner, { siteId: siteA, from: '2026-10-25', to: '2026-10-01' }),
    ).rejects.toMatchObject({ code: 'validation', fieldErrors: { to: { key: 'energyExport.periodOrder' } } });
    await expect(
      h.services.comparison.checkEnergyExport(owner, { siteId: siteA, from: '2025-01-01', to: '2026-10-01' }),
    ).rejects.toMatchObject({ fieldErrors: { from: { key: 'energyExport.periodTooLong' } } });
    await expect(
      h.services.comparison.checkEnergyExport(owner, { siteId: siteA, from: '', to: '2026-10-01' }),
    ).rejects.toMatchObject({ fieldErrors: { from: { key: 'validation.required' } } });
    expect(
      await h.services.comparison.checkEnergyExport(owner, {
        siteId: String(siteA),
        from: '2026-10-01',
        to: '2026-10-31',
        resolution: 'hour',
      }),
    ).toEqual({ url: `/app/sites/${siteA}/energy.csv?from=2026-10-01&to=2026-10-31&resolution=hour` });
    const { filename, pdf } = await h.services.comparison.billPdf(
      owner,
      { siteId: siteA, month: '2026-10' },
      'fr',
    );
    expect(filename).toBe('factuur-2026-10.pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
