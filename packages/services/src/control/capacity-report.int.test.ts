import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeQuarters } from '../energy/store';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';

let h: ServiceHarness;
let world: World;

/** The Wikibooks test vector (shared/domain/prices-and-capacity-tariff.md), Feb 2025 … Jan 2026; 0 = no data. */
const PEAKS_W = [632, 4600, 0, 1028, 3444, 4164, 4564, 6000, 9200, 5000, 4120, 4880];
const MONTHS = [
  '2025-02',
  '2025-03',
  '2025-04',
  '2025-05',
  '2025-06',
  '2025-07',
  '2025-08',
  '2025-09',
  '2025-10',
  '2025-11',
  '2025-12',
  '2026-01',
];
/** January's peak quarter (17:15–17:30 UTC); the meter stamps its peak with the quarter's end. */
const PEAK_QUARTER = new Date('2026-01-12T17:15:00Z');

beforeAll(async () => {
  h = await createServiceHarness('capacity_report');
  world = await createWorld(h.services);
  h.clock.set('2026-01-20T10:00:00Z');
  const db = h.testDb.db;
  const siteId = world.sites.siteA;
  const gw = await db
    .insertInto('gateways')
    .values({ serial: 'ILS-CAP00001', site_id: siteId, organization_id: world.orgs.instA, online: true })
    .executeTakeFirstOrThrow();
  await db
    .updateTable('devices')
    .set({ device_key: 'bat1' })
    .where('id', '=', world.devices.batteryA)
    .execute();
  await db
    .updateTable('devices')
    .set({ device_key: 'charger1' })
    .where('id', '=', world.devices.chargerA)
    .execute();
  // every month's peak, ours from the quarters; the meter's own for January (stamped at the quarter's end)
  await db
    .insertInto('energy_month')
    .values(
      MONTHS.flatMap((m, i) =>
        PEAKS_W[i] === 0
          ? []
          : [
              {
                site_id: siteId,
                month: `${m}-01`,
                qh_peak_w: PEAKS_W[i]!,
                qh_peak_at: new Date(`${m}-10T18:00:00Z`),
              },
            ],
      ),
    )
    .execute();
  await db
    .updateTable('energy_month')
    .set({ meter_peak_w: 4880, meter_peak_at: new Date(PEAK_QUARTER.getTime() + 15 * 60_000) })
    .where('site_id', '=', siteId)
    .where('month', '=', '2026-01-01')
    .execute();
  // what the quarter and the next one looked like
  await db.transaction().execute((trx) =>
    writeQuarters(trx, [
      {
        siteId,
        ts: PEAK_QUARTER,
        source: 'gateway',
        importWh: 1220,
        exportWh: 0,
        productionWh: 0,
        batteryChargeWh: 0,
        batteryDischargeWh: 20,
        evWh: 920,
        heatWh: 0,
      },
      {
        siteId,
        ts: new Date(PEAK_QUARTER.getTime() + 15 * 60_000),
        source: 'gateway',
        importWh: 500,
        exportWh: 0,
        productionWh: 0,
        batteryChargeWh: 0,
        batteryDischargeWh: 0,
        evWh: 0,
        heatWh: 0,
      },
    ]),
  );
  await db
    .insertInto('device_qh')
    .values([
      {
        site_id: siteId,
        device_key: 'bat1',
        ts: PEAK_QUARTER,
        soc_pct: '5.0',
        temp_c: null,
        energy_wh: null,
      },
      {
        site_id: siteId,
        device_key: 'charger1',
        ts: PEAK_QUARTER,
        soc_pct: null,
        temp_c: null,
        energy_wh: 920,
      },
    ])
    .execute();
  const ev = (ts: Date, type: string, payload: object) => ({
    site_id: siteId,
    gateway_id: Number(gw.insertId),
    uid: randomUUID(),
    ts,
    type,
    device_key: null,
    payload: JSON.stringify(payload),
  });
  await db
    .insertInto('events')
    .values([
      ev(new Date('2026-01-12T17:16:00Z'), 'device.status', {
        deviceId: 'charger1',
        deviceType: 'charger',
        from: 'EV geconnecteerd',
        to: 'Laden',
      }),
      ev(new Date('2026-01-12T17:20:00Z'), 'control.decision', {
        controller: 'peakShaving',
        action: 'battery.setpoint',
        reason: 'the home takes 4.90 kW…',
        values: { code: 'peak.shave', watts: -900, socPct: 6 },
      }),
      // the gateway's notice comes just after the quarter
      ev(new Date('2026-01-12T17:30:01Z'), 'control.decision', {
        controller: 'peakShaving',
        action: 'peak.exceeded',
        reason:
          'quarter 17:15–17:30 UTC ended at 4.88 kW, over the 4.00 kW threshold: the battery was empty (5 %)',
        values: {
          code: 'peak.exceeded',
          cause: 'battery-empty',
          quarterStart: PEAK_QUARTER.toISOString(),
          averageW: 4880,
          thresholdW: 4000,
        },
      }),
    ])
    .execute();
});
afterAll(async () => {
  await h.close();
});

describe('capacity report', () => {
  it('gives the 12 monthly peaks, the billed average with the 2.5 kW floor, and the yearly cost at the operator’s rate', async () => {
    const admin = await world.actor(world.users.admin);
    const installer = await world.actor(world.users.instAAdmin);
    const owner = await world.actor(world.users.ownerA);
    const siteId = world.sites.siteA;
    // staff sets the operator's rate; the site's installer points the site at it
    await h.services.capacityRates.save(admin, {
      code: 'fluvius-imewo',
      name: 'Fluvius Imewo',
      eurPerKwYear: '50,00',
    });
    await expect(
      h.services.capacityRates.save(installer, { code: 'x-y', name: 'X', eurPerKwYear: '1' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.capacityReport.setSiteRate(owner, { siteId, rateCode: 'fluvius-imewo' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      h.services.capacityReport.setSiteRate(installer, { siteId, rateCode: 'nope' }),
    ).rejects.toMatchObject({ code: 'validation' });
    await h.services.capacityReport.setSiteRate(installer, { siteId, rateCode: 'fluvius-imewo' });

    const report = await h.services.capacityReport.report(owner, { siteId });
    expect(report.month).toBe('2026-01');
    expect(report.months.map((m) => m.month)).toEqual([...MONTHS].reverse());
    expect(report.months.map((m) => m.peakW)).toEqual(
      [...PEAKS_W].reverse().map((w) => (w === 0 ? null : w)),
    );
    expect(report.months.map((m) => m.countedW)).toEqual(
      [...PEAKS_W].reverse().map((w) => (w === 0 ? null : Math.max(w, 2500))),
    );
    // The month without data is left out (decision 130): (53.472 − 2.5) kW / 11 = 4.633818… → 4.634 kW
    expect(report.rolling.averageW).toBe(4634);
    // 4.634 kW × €50 = €231.70 a year, €19.308… → €19.31 a month
    expect(report.cost).toMatchObject({
      eurPerYear: '231.70',
      eurPerMonth: '19.31',
      rate: { code: 'fluvius-imewo', eurPerKwYear: '50.00000' },
    });
    const rates = await h.services.capacityRates.list(await world.actor(world.users.support));
    expect(rates.canEdit).toBe(false);
    expect(rates.rates.map((r) => r.code)).toEqual(['flanders-average-2023', 'fluvius-imewo']);
    expect(
      (
        await h.testDb.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', 'like', 'capacity_rate.%')
          .execute()
      ).map((a) => a.action),
    ).toEqual(['capacity_rate.create', 'capacity_rate.site']);
  });

  it('tells for each peak which quarter made it, what was running, and why peak shaving could not prevent it', async () => {
    const installer = await world.actor(world.users.instAAdmin);
    const siteId = world.sites.siteA;
    await h.services.storeModules.grant(installer, { siteId, module: 'peak_shaving' });
    const report = await h.services.capacityReport.report(await world.actor(world.users.ownerA), { siteId });
    const jan = report.months[0]!;
    expect(jan).toMatchObject({ month: '2026-01', peakW: 4880, source: 'meter', overThreshold: true });
    // the meter stamped 17:30; the quarter whose import makes 4880 W is 17:15
    expect(jan.quarter).toMatchObject({
      start: PEAK_QUARTER.toISOString(),
      importW: 4880,
      evW: 3680,
      batteryW: -80,
    });
    expect(jan.quarter?.batteries).toEqual([{ deviceKey: 'bat1', name: 'Model battery', socPct: 5 }]);
    expect(jan.quarter?.devices).toEqual([
      { deviceKey: 'charger1', name: 'Model charger', type: 'charger', w: 3680 },
    ]);
    expect(jan.quarter?.events.map((e) => [e.type, e.action])).toEqual([
      ['device.status', null],
      ['control.decision', 'battery.setpoint'],
      ['control.decision', 'peak.exceeded'],
    ]);
    expect(jan.quarter?.why).toEqual({
      cause: 'battery-empty',
      reason:
        'quarter 17:15–17:30 UTC ended at 4.88 kW, over the 4.00 kW threshold: the battery was empty (5 %)',
    });
    // an earlier month over the threshold without data for its quarter says so
    const oct = report.months.find((m) => m.month === '2025-10')!;
    expect(oct.quarter?.why).toEqual({ cause: 'no-data', reason: null });
    // under the threshold: nothing to explain
    expect(report.months.find((m) => m.month === '2025-06')?.quarter?.why).toBeNull();
    await expect(
      h.services.capacityReport.report(await world.actor(world.users.memberChargers), { siteId }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
