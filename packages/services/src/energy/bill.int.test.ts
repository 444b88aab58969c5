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
