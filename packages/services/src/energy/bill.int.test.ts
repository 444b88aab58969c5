import { writeJson } from '@ilumen/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../actor';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let w: World;

beforeAll(async () => {
  h = await createServiceHarness('bill');
  w = await createWorld(h.services);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

// Round rates (2026 has 365 days): €36.50, €18.25 and €7.30 a year are €0.10, €0.05 and €0.02 a day.
const rates = {
  area: 'fluvius-imewo',
  effectiveFrom: '2026-01-01',
  capacityEurPerKwYear: '48',
  offtakeEurPerKwh: '0,05',
  dataManagementEurPerYear: '18,25',
  transmissionEurPerKwh: '0.02',
  energyFundEurPerYear: '7.30',
  exciseEurPerKwh: '0.05',
  vatPct: '6',
};
const dayNight = {
  kind: 'dayNight',
  effectiveFrom: '2026-01-01',
  fixedEurPerYear: '36,50',
  dayEurPerKwh: '0,30',
  nightEurPerKwh: '0,20',
  exportEurPerKwh: '0,04',
};

describe('the bill of a home', () => {
  it('staff keep the area rates; the owner enters a contract; installers set the area; others cannot', async () => {
    const admin = await w.actor(w.users.admin);
    const support = await w.actor(w.users.support);
    const owner = await w.actor(w.users.ownerA);
    const installer = await w.actor(w.users.instAAdmin);
    await expect(h.services.bill.saveRates(support, { name: 'Imewo', rates })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(h.services.bill.saveRates(installer, { name: 'Imewo', rates })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await h.services.bill.saveRates(admin, { name: 'Fluvius Imewo 2026', rates });
    expect((await h.services.bill.rates(support)).rates).toMatchObject([
      { area: 'fluvius-imewo', offtakeEurPerKwh: '0.05', name: 'Fluvius Imewo 2026' },
    ]);
    // each refused field says what it takes, in the reader's language (decision 181)
    await expect(
      h.services.bill.saveRates(admin, {
        name: 'x',
        rates: { ...rates, vatPct: 'zes', offtakeEurPerKwh: '0,051234', area: 'Fluvius West' },
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      fieldErrors: {
        'rates.vatPct': { key: 'bill.field.vat' },
        'rates.offtakeEurPerKwh': { key: 'bill.field.price' },
        'rates.area': { key: 'bill.area.code' },
      },
    });
    // a table saved by mistake is deleted by an admin only, audited; bills then use the area's previous table
    const wrong = { ...rates, effectiveFrom: '2026-06-01', offtakeEurPerKwh: '5' };
    await h.services.bill.saveRates(admin, { name: 'typo', rates: wrong });
    const target = { area: 'fluvius-imewo', effectiveFrom: '2026-06-01' };
    await expect(h.services.bill.deleteRates(support, target)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(h.services.bill.deleteRates(installer, target)).rejects.toMatchObject({ code: 'forbidden' });
    await h.services.bill.deleteRates(admin, target);
    await expect(h.services.bill.deleteRates(admin, target)).rejects.toMatchObject({ code: 'not_found' });
    expect((await h.services.bill.rates(support)).rates).toHaveLength(1);
    expect(
      await h.testDb.db
        .selectFrom('audit_log')
        .select(['action', 'entity_id'])
        .where('action', '=', 'network_rates.delete')
        .execute(),
    ).toEqual([{ action: 'network_rates.delete', entity_id: 'fluvius-imewo@2026-06-01' }]);

    const siteId = w.sites.siteA;
    await expect(
      h.services.bill.saveContract(await w.actor(w.users.memberAll), { siteId, contract: dayNight }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.bill.saveContract(await w.actor(w.users.ownerB), { siteId, contract: dayNight }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      h.services.bill.saveContract(owner, { siteId, contract: { ...dayNight, nightEurPerKwh: 'gratis' } }),
    ).rejects.toMatchObject({ code: 'validation' });
    await h.services.bill.saveContract(owner, { siteId, contract: dayNight });
    const listed = await h.services.bill.contracts(owner, { siteId });
    // Gent, 9000: the Imewo area from the postal code
    expect(listed).toMatchObject({
      area: 'fluvius-imewo',
      canEdit: true,
      contracts: [{ kind: 'dayNight', dayEurPerKwh: '0.30', effectiveFrom: '2026-01-01' }],
    });
    await expect(h.services.bill.setSiteArea(owner, { siteId, area: 'fluvius-west' })).rejects.toMatchObject({
      code: 'not_found',
    }); // a console action: the homeowner learns nothing of it
    await expect(
      h.services.bill.setSiteArea(await w.actor(w.users.instBAdmin), { siteId, area: 'fluvius-west' }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await h.services.bill.setSiteArea(installer, { siteId: w.sites.siteA2, area: 'fluvius-west' });
    expect((await h.services.bill.inputsOf(w.sites.siteA2)).area).toBe('fluvius-west');
    const audit = await h.testDb.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['contract.save', 'network_rates.create', 'site.gridArea'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'contract.save',
      'network_rates.create',
      'network_rates.create',
      'site.gridArea',
    ]);
  });

  it("a February month from the quarters, the meter's registers and the capacity peaks, by hand", async () => {
    const siteId = w.sites.siteA;
    const db = h.testDb.db;
    // Monday 2 February 2026: 2 kWh at 10:00 on the day register; 1 kWh at 21:30 on the night register (a municipality
    // whose night starts at 21:00: the clock alone would say day).
    const q1 = new Date('2026-02-02T09:00:00Z');
    const q2 = new Date('2026-02-02T20:30:00Z');
    await db
      .insertInto('energy_qh')
      .values([
        { site_id: siteId, ts: q1, import_wh: 2000, export_wh: 0 },
        { site_id: siteId, ts: q2, import_wh: 1000, export_wh: 0 },
      ] as never)
      .execute();
    const counters = (ts: string, t1: number, t2: number) => ({
      site_id: siteId,
      ts: new Date(ts),
      gateway_id: 0,
      seq: 0,
      counters: writeJson({ meter: { importT1Wh: t1, importT2Wh: t2, exportT1Wh: 0, exportT2Wh: 0 } })!,
    });
    await db
      .insertInto('energy_counters')
      .values([
        counters('2026-02-02T09:00:00Z', 10_000, 5_000),
        counters('2026-02-02T09:15:00Z', 12_000, 5_000),
        counters('2026-02-02T20:30:00Z', 12_000, 5_000),
        counters('2026-02-02T20:45:00Z', 12_000, 6_000),
      ])
      .execute();
    // Two known months, 4 kW and 8 kW: the capacity value is 6 kW (decision 130), €48 × 6 / 12 = €24.00 a month.
    await db
      .insertInto('energy_month')
      .values([
        {
          site_id: siteId,
          month: '2026-01-01',
          qh_peak_w: 4000,
          qh_peak_at: new Date('2026-01-12T17:00:00Z'),
        },
        {
          site_id: siteId,
          month: '2026-02-01',
          qh_peak_w: 8000,
          qh_peak_at: new Date('2026-02-02T09:00:00Z'),
        },
      ])
      .execute();
    const { bill, area } = await h.services.bill.month(await w.actor(w.users.memberAll), {
      siteId,
      month: '2026-02',
    });
    expect(area).toBe('fluvius-imewo');
    const byKey = Object.fromEntries(bill.lines.map((l) => [l.key, l]));
    expect(byKey['energy.day']).toMatchObject({ kwh: '2.000', eur: '0.60' });
    expect(byKey['energy.night']).toMatchObject({ kwh: '1.000', eur: '0.20' });
    expect(byKey['energy.fixed']?.eur).toBe('2.80'); // 28 days
    expect(byKey['network.capacity']?.eur).toBe('24.00');
    // energy 3.60; network 24.00 + 0.15 + 1.40 + 0.06 = 25.61; levies 0.56 + 0.15 = 0.71; VAT 6 % × 29.92 = 1.7952
    expect(bill).toMatchObject({
      energyEur: '3.60',
      networkEur: '25.61',
      leviesEur: '0.71',
      exclVatEur: '29.92',
      vatEur: '1.80',
      netEur: '31.72',
    });
    await expect(
      h.services.bill.month(await w.actor(w.users.ownerB), { siteId, month: '2026-02' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it("a month still running is billed up to today, the same figure as the dashboard's list of months", async () => {
    const siteId = w.sites.siteA;
    const reader = await w.actor(w.users.memberAll);
    h.clock.set('2026-02-10T10:00:00Z');
    try {
      const { bill, through } = await h.services.bill.month(reader, { siteId, month: '2026-02' });
      expect(through).toBe('2026-02-10');
      // the fixed fee for 10 days, not the whole month's 28 (€0.10 a day)
      expect(bill.lines.find((l) => l.key === 'energy.fixed')?.eur).toBe('1.00');
      const [february] = await h.services.history.monthlyNet(reader, { siteId, months: 1 });
      expect(february).toMatchObject({ month: '2026-02', netEur: bill.netEur });
    } finally {
      h.clock.set(new Date());
    }
    // once the month is over, the whole of it
    const { bill, through } = await h.services.bill.month(reader, { siteId, month: '2026-02' });
    expect(through).toBeNull();
    expect(bill.lines.find((l) => l.key === 'energy.fixed')?.eur).toBe('2.80');
  });

  it("splits day and night by the meter's own registers, not the clock, across the spring clock change", async () => {
    const siteId = w.sites.siteA;
    const db = h.testDb.db;
    const quarter = (ts: string, importWh: number) => ({
      site_id: siteId,
      ts: new Date(ts),
      import_wh: importWh,
      export_wh: 0,
    });
    const counters = (ts: string, t1: number, t2: number) => ({
      site_id: siteId,
      ts: new Date(ts),
      gateway_id: 0,
      seq: 0,
      counters: writeJson({ meter: { importT1Wh: t1, importT2Wh: t2, exportT1Wh: 0, exportT2Wh: 0 } })!,
    });
    await db
      .insertInto('energy_qh')
      .values([
        // Sunday 29 March 2026, 01:45 CET, the hour before the clocks go forward: 400 Wh on the night register
        quarter('2026-03-29T00:45:00Z', 400),
        // Monday 30 March, 07:00 CEST: the meter switched to day at 07:05 (its own clock): 200 night, 600 day, where
        // the clock alone would book all 800 Wh on day
        quarter('2026-03-30T05:00:00Z', 800),
        // Monday 22:00 CEST: the meter still on day (a holiday-free area with a late switch); the clock says night
        quarter('2026-03-30T20:00:00Z', 500),
        // Tuesday 12:00 CEST: Fluvius' validated 1000 Wh; the gateway's counters moved 450 day + 450 night: half each
        quarter('2026-03-31T10:00:00Z', 1000),
        // Tuesday 14:00 CEST without counters: the clock decides (day) and the bill counts the quarter
        quarter('2026-03-31T12:00:00Z', 200),
      ] as never)
      .execute();
    await db
      .insertInto('energy_counters')
      .values([
        counters('2026-03-29T00:45:00Z', 50_000, 20_000),
        counters('2026-03-29T01:00:00Z', 50_000, 20_400),
        counters('2026-03-30T05:00:00Z', 51_000, 21_000),
        counters('2026-03-30T05:15:00Z', 51_600, 21_200),
        counters('2026-03-30T20:00:00Z', 52_000, 21_500),
        counters('2026-03-30T20:15:00Z', 52_500, 21_500),
        counters('2026-03-31T10:00:00Z', 53_000, 22_000),
        counters('2026-03-31T10:15:00Z', 53_450, 22_450),
      ])
      .execute();
    const { bill } = await h.services.bill.month(await w.actor(w.users.ownerA), { siteId, month: '2026-03' });
    const byKey = Object.fromEntries(bill.lines.map((l) => [l.key, l]));
    // day 600 + 500 + 500 + 200 = 1800 Wh × €0.30 = €0.54; night 400 + 200 + 500 = 1100 Wh × €0.20 = €0.22
    // (by the clock alone: day 2000 Wh, night 900 Wh)
    expect(byKey['energy.day']).toMatchObject({ kwh: '1.800', eur: '0.54' });
    expect(byKey['energy.night']).toMatchObject({ kwh: '1.100', eur: '0.22' });
    expect(bill.quartersByClock).toBe(1);
  });

  it("a variable contract's monthly prices: entered by the owner or its installer, a missing month named, not priced", async () => {
    const siteId = w.sites.siteB;
    const owner = await w.actor(w.users.ownerB);
    h.clock.set('2026-03-20T10:00:00Z');
    await h.services.bill.saveContract(owner, {
      siteId,
      contract: {
        kind: 'variable',
        effectiveFrom: '2026-01-01',
        fixedEurPerYear: '0',
        monthlyEurPerKwh: {},
        exportEurPerKwh: '0,04',
      },
    });
    // each refused field says what it takes; a month before the contract is refused next to the month
    await expect(
      h.services.bill.saveMonthPrice(owner, { siteId, month: '2026-1', eurPerKwh: 'duur' }),
    ).rejects.toMatchObject({
      fieldErrors: { month: { key: 'bill.field.month' }, eurPerKwh: { key: 'bill.field.price' } },
    });
    await expect(
      h.services.bill.saveMonthPrice(owner, { siteId, month: '2025-12', eurPerKwh: '0,25' }),
    ).rejects.toMatchObject({ fieldErrors: { month: { key: 'bill.variable.noContract' } } });
    // a homeowner of another address cannot; the site's installer can
    await expect(
      h.services.bill.saveMonthPrice(await w.actor(w.users.ownerA), {
        siteId,
        month: '2026-01',
        eurPerKwh: '0,25',
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await h.services.bill.saveMonthPrice(owner, { siteId, month: '2026-01', eurPerKwh: '0,25' });
    await h.services.bill.saveMonthPrice(await w.actor(w.users.instBAdmin), {
      siteId,
      month: '2026-03',
      eurPerKwh: '0.275',
    });
    // saving the contract's other terms again keeps the months entered
    await h.services.bill.saveContract(owner, {
      siteId,
      contract: {
        kind: 'variable',
        effectiveFrom: '2026-01-01',
        fixedEurPerYear: '0',
        monthlyEurPerKwh: {},
        exportEurPerKwh: '0,05',
      },
    });
    const view = await h.services.bill.contracts(owner, { siteId });
    expect(view.variable).toEqual({
      prices: [
        { month: '2026-03', eurPerKwh: '0.275' },
        { month: '2026-01', eurPerKwh: '0.25' },
      ],
      missing: ['2026-02'],
      canEdit: true,
    });
    await h.testDb.db
      .insertInto('energy_qh')
      .values([
        { site_id: siteId, ts: new Date('2026-01-15T10:00:00Z'), import_wh: 4000, export_wh: 0 },
        { site_id: siteId, ts: new Date('2026-02-16T10:00:00Z'), import_wh: 3000, export_wh: 0 },
      ] as never)
      .execute();
    // January: 4 kWh × €0.25 = €1.00; February has no price: its 3 kWh are named, not guessed
    const jan = await h.services.bill.month(owner, { siteId, month: '2026-01' });
    expect(jan.bill.lines.find((l) => l.key === 'energy.single')).toMatchObject({
      kwh: '4.000',
      eur: '1.00',
    });
    expect(jan.bill.monthsWithoutPrice).toEqual([]);
    const feb = await h.services.bill.month(owner, { siteId, month: '2026-02' });
    expect(feb.bill.monthsWithoutPrice).toEqual(['2026-02']);
    expect(feb.bill.lines.find((l) => l.key === 'energy.single')).toBeUndefined();
    h.clock.set(new Date());
  });

  it("a home on the manual's simple tariff pays that price all in: no network costs, levies or VAT on top", async () => {
    const siteId = w.sites.siteA2;
    // the area whose rates the first test saved: they must not be added to an all-in price
    await h.services.bill.setSiteArea(await w.actor(w.users.admin), { siteId, area: 'fluvius-imewo' });
    await h.services.tariffs.save(systemActor('test'), {
      siteId,
      importEurPerKwh: '0,32',
      exportEurPerKwh: '0,05',
      effectiveFrom: '2026-01-01',
    });
    await h.testDb.db
      .insertInto('energy_qh')
      .values([
        { site_id: siteId, ts: new Date('2026-02-10T09:00:00Z'), import_wh: 10_000, export_wh: 0 },
        { site_id: siteId, ts: new Date('2026-02-10T12:00:00Z'), import_wh: 0, export_wh: 4_000 },
      ] as never)
      .execute();
    const { bill, area } = await h.services.bill.month(await w.actor(w.users.admin), {
      siteId,
      month: '2026-02',
    });
    expect(area).toBe('fluvius-imewo');
    // 10 kWh × €0.32 = €3.20; 4 kWh × €0.05 = €0.20 back
    expect(bill).toMatchObject({
      energyEur: '3.20',
      networkEur: '0.00',
      leviesEur: '0.00',
      vatEur: '0.00',
      inclVatEur: '3.20',
      injectionEur: '0.20',
      netEur: '3.00',
    });
  });
});
