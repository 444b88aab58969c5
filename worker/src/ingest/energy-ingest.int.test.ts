import { createTestDb, type TestDb } from '@ilumen/db/testing';
import { localDate } from '@ilumen/energy';
import type { EnergyPayload } from '@ilumen/mqtt-contract';
import { writeQuarters } from '@ilumen/services/energy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestEnergyBatch } from './energy-ingest';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb('energy_ingest');
});
afterAll(async () => {
  await t.drop();
});
beforeEach(async () => {
  for (const table of [
    'energy_counters',
    'energy_qh',
    'energy_day',
    'energy_month',
    'device_qh',
    'events',
  ] as const) {
    await t.db.deleteFrom(table).execute();
  }
});

const Q = 15 * 60 * 1000;
const SITE = 7;
const GW = 3;

/** A gateway whose meter imports `importPerQuarter(i)` Wh and whose PV produces 100 Wh in every quarter. */
function boundaries(start: string, count: number, importPerQuarter: (i: number) => number = () => 250) {
  const out: EnergyPayload[] = [];
  let imp = 1_000_000;
  let pv = 50_000;
  for (let i = 0; i < count; i++) {
    out.push({
      v: 1,
      ts: new Date(Date.parse(start) + i * Q).toISOString(),
      seq: i,
      meter: { importT1Wh: imp, importT2Wh: 0, exportT1Wh: 2000 + i * 10, exportT2Wh: 0 },
      pv: { wh: pv },
      battery: { chargedWh: 100 * i, dischargedWh: 0, socPct: Math.min(100, 20 + i) },
    });
    imp += importPerQuarter(i);
    pv += 100;
  }
  return out;
}
const msg = (payload: EnergyPayload) => ({ siteId: SITE, gatewayId: GW, payload });

async function totals() {
  const qh = await t.db
    .selectFrom('energy_qh')
    .select((eb) => [
      eb.fn.sum<number>('import_wh').as('imp'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('production_wh').as('pv'),
    ])
    .executeTakeFirstOrThrow();
  const day = await t.db
    .selectFrom('energy_day')
    .select((eb) => [
      eb.fn.sum<number>('import_wh').as('imp'),
      eb.fn.sum<number>('grid_quarters').as('n'),
      eb.fn.sum<number>('production_wh').as('pv'),
    ])
    .executeTakeFirstOrThrow();
  const month = await t.db
    .selectFrom('energy_month')
    .select((eb) => [
      eb.fn.sum<number>('import_wh').as('imp'),
      eb.fn.sum<number>('grid_quarters').as('n'),
      eb.fn.sum<number>('production_wh').as('pv'),
    ])
    .executeTakeFirstOrThrow();
  const n = (x: unknown) => Number(x ?? 0);
  return {
    qh: [n(qh.imp), n(qh.n), n(qh.pv)],
    day: [n(day.imp), n(day.n), n(day.pv)],
    month: [n(month.imp), n(month.n), n(month.pv)],
  };
}

describe('energy ingest', () => {
  it('derives quarters from consecutive boundaries and keeps days and months in step', async () => {
    const b = boundaries('2026-03-31T21:00:00Z', 9); // crosses Brussels midnight into April
    const r = await ingestEnergyBatch(t.db, b.map(msg));
    expect(r).toMatchObject({ received: 9, duplicates: 0, quarters: 8 });
    const sums = await totals();
    expect(sums.qh).toEqual([8 * 250, 8, 8 * 100]);
    expect(sums.day).toEqual(sums.qh);
    expect(sums.month).toEqual(sums.qh);
    const days = await t.db
      .selectFrom('energy_day')
      .select(['day', 'grid_quarters'])
      .orderBy('day')
      .execute();
    // 21:00Z–22:00Z is 31 March in Brussels (23:00–24:00 CEST); the rest is 1 April.
    expect(days).toEqual([
      { day: '2026-03-31', grid_quarters: 4 },
      { day: '2026-04-01', grid_quarters: 4 },
    ]);
  });

  it("keeps the battery's state of charge, the boiler's temperature and each charger's energy under the devices' own keys (decision 071)", async () => {
    const org = await t.db
      .insertInto('organizations')
      .values({ kind: 'installer', name: 'Sleutels' })
      .executeTakeFirstOrThrow();
    const site = await t.db
      .insertInto('sites')
      .values({
        organization_id: Number(org.insertId),
        street: 'Sleutelstraat',
        house_number: '2',
        postal_code: '9000',
        city: 'Gent',
        grid_phases: 3,
        main_fuse_a: 40,
      })
      .executeTakeFirstOrThrow();
    const siteId = Number(site.insertId);
    // a battery and a boiler that are not the site's first of their kind ever (bat1, heat1 were removed)
    for (const [type, key] of [
      ['battery', 'bat2'],
      ['heat', 'heat3'],
    ] as const)
      await t.db
        .insertInto('devices')
        .values({
          site_id: siteId,
          type,
          model: 'M',
          serial: `S-${key}`,
          device_key: key,
          active_since: '2026-01-01',
        })
        .execute();
    const b = boundaries('2026-03-31T21:00:00Z', 3).map((p, i) => ({
      ...p,
      heat: { wh: 1000 + i * 300, tempC: 50 + i },
      chargers: [{ id: 'charger1', wh: 5000 + i * 700 }],
    }));
    await ingestEnergyBatch(
      t.db,
      b.map((payload) => ({ siteId, gatewayId: GW, payload })),
    );
    const rows = await t.db
      .selectFrom('device_qh')
      .select(['device_key', 'ts', 'soc_pct', 'temp_c', 'energy_wh'])
      .where('site_id', '=', siteId)
      .where('ts', '=', new Date('2026-03-31T21:00:00Z'))
      .orderBy('device_key')
      .execute();
    expect(rows).toEqual([
      {
        device_key: 'bat2',
        ts: new Date('2026-03-31T21:00:00Z'),
        soc_pct: '21.0',
        temp_c: null,
        energy_wh: null,
      },
      {
        device_key: 'charger1',
        ts: new Date('2026-03-31T21:00:00Z'),
        soc_pct: null,
        temp_c: null,
        energy_wh: 700,
      },
      {
        device_key: 'heat3',
        ts: new Date('2026-03-31T21:00:00Z'),
        soc_pct: null,
        temp_c: '51.0',
        energy_wh: 300,
      },
    ]);
  });

  it('changes nothing when the same messages arrive again, in one batch or later', async () => {
    const b = boundaries('2026-05-01T10:00:00Z', 5);
    await ingestEnergyBatch(t.db, b.map(msg));
    const before = await totals();
    const again = await ingestEnergyBatch(t.db, [...b, ...b].map(msg));
    expect(again).toMatchObject({ duplicates: 10, quarters: 0 });
    expect(await totals()).toEqual(before);
  });

  it('gives the same result whatever order the boundaries arrive in', async () => {
    const b = boundaries('2026-05-01T10:00:00Z', 12, (i) => 100 + i * 37);
    await ingestEnergyBatch(t.db, b.map(msg));
    const inOrder = await t.db.selectFrom('energy_qh').select(['ts', 'import_wh']).orderBy('ts').execute();
    const inOrderTotals = await totals();
    await t.db.deleteFrom('energy_counters').execute();
    await t.db.deleteFrom('energy_qh').execute();
    await t.db.deleteFrom('energy_day').execute();
    await t.db.deleteFrom('energy_month').execute();
    const shuffled = [b[5], b[0], b[11], b[3], b[1], b[2]];
    await ingestEnergyBatch(
      t.db,
      shuffled.map((p) => msg(p!)),
    );
    for (const p of [b[9], b[4], b[6], b[10], b[8], b[7]]) await ingestEnergyBatch(t.db, [msg(p!)]);
    expect(await t.db.selectFrom('energy_qh').select(['ts', 'import_wh']).orderBy('ts').execute()).toEqual(
      inOrder,
    );
    expect(await totals()).toEqual(inOrderTotals);
  });

  it('leaves a gap where a boundary is missing, without inventing data', async () => {
    const b = boundaries('2026-05-01T10:00:00Z', 6);
    await ingestEnergyBatch(
      t.db,
      [b[0], b[1], b[2], b[4], b[5]].map((p) => msg(p!)),
    );
    const quarters = await t.db.selectFrom('energy_qh').select('ts').orderBy('ts').execute();
    expect(quarters.map((q) => q.ts.toISOString())).toEqual([
      '2026-05-01T10:00:00.000Z',
      '2026-05-01T10:15:00.000Z',
      '2026-05-01T11:00:00.000Z',
    ]);
  });

  it('treats a counter that goes down as a reset: a gap for that register and an event saying so', async () => {
    const b = boundaries('2026-05-01T10:00:00Z', 4);
    b[2] = {
      ...b[2]!,
      meter: { importT1Wh: 12, importT2Wh: 0, exportT1Wh: b[2]!.meter!.exportT1Wh, exportT2Wh: 0 },
    };
    b[3] = {
      ...b[3]!,
      meter: { importT1Wh: 262, importT2Wh: 0, exportT1Wh: b[3]!.meter!.exportT1Wh, exportT2Wh: 0 },
    };
    await ingestEnergyBatch(t.db, b.map(msg));
    const rows = await t.db
      .selectFrom('energy_qh')
      .select(['ts', 'import_wh', 'export_wh', 'production_wh'])
      .orderBy('ts')
      .execute();
    expect(rows.map((r) => r.import_wh)).toEqual([250, null, 250]);
    expect(rows.every((r) => r.production_wh === 100 && r.export_wh === 10)).toBe(true);
    const events = await t.db.selectFrom('events').select(['type', 'ts', 'payload']).execute();
    expect(events).toEqual([
      {
        type: 'data.implausible',
        ts: new Date('2026-05-01T10:15:00Z'),
        payload: expect.objectContaining({ code: 'counter-backwards', field: 'meter.import', value: 12 }),
      },
    ]);
  });

  it("refuses grid energy beyond the site's connection and boundaries from the future (decision 090)", async () => {
    // a single-phase 25 A home: 7.2 kW with the margin, at most 1,797 Wh a quarter
    const org = await t.db
      .insertInto('organizations')
      .values({ kind: 'installer', name: 'Plausible' })
      .executeTakeFirstOrThrow();
    const site = await t.db
      .insertInto('sites')
      .values({
        organization_id: Number(org.insertId),
        street: 'Kleine Aansluiting',
        house_number: '1',
        postal_code: '9000',
        city: 'Gent',
        grid_phases: 1,
        main_fuse_a: 25,
      })
      .executeTakeFirstOrThrow();
    const siteId = Number(site.insertId);
    const now = Date.parse('2026-05-02T12:00:00Z');
    // 1,500 Wh, then 7,834 Wh (a 31 kW quarter), then 1,500 Wh again
    const b = boundaries('2026-05-02T10:00:00Z', 4, (i) => [1500, 7834, 1500][i] ?? 0);
    const ahead = boundaries('2026-05-03T10:00:00Z', 1);
    const r = await ingestEnergyBatch(
      t.db,
      [...b, ...ahead].map((payload) => ({ siteId, gatewayId: GW, payload })),
      now,
    );
    expect(r).toMatchObject({ quarters: 3, anomalies: 2 });
    const rows = await t.db
      .selectFrom('energy_qh')
      .select(['ts', 'import_wh'])
      .where('site_id', '=', siteId)
      .orderBy('ts')
      .execute();
    expect(rows.map((q) => q.import_wh)).toEqual([1500, null, 1500]);
    // the month peak is the plausible 6 kW, not 31 kW
    const month = await t.db
      .selectFrom('energy_month')
      .select('qh_peak_w')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(month.qh_peak_w).toBe(6000);
    // the boundary from tomorrow is not stored
    const counters = await t.db
      .selectFrom('energy_counters')
      .select('ts')
      .where('site_id', '=', siteId)
      .execute();
    expect(counters).toHaveLength(4);
    const events = await t.db
      .selectFrom('events')
      .select(['payload'])
      .where('site_id', '=', siteId)
      .orderBy('ts')
      .execute();
    expect(events.map((e) => e.payload)).toEqual([
      { code: 'over-connection', field: 'meter.import', value: 7834, limit: 1797, source: 'gateway' },
      expect.objectContaining({ code: 'future-time', field: 'ts', value: '2026-05-03T10:00:00.000Z' }),
    ]);
    // the same messages again add nothing
    await ingestEnergyBatch(
      t.db,
      [...b, ...ahead].map((payload) => ({ siteId, gatewayId: GW, payload })),
      now,
    );
    expect(await t.db.selectFrom('events').select('id').where('site_id', '=', siteId).execute()).toHaveLength(
      2,
    );
  });

  it('keeps the month peak: the highest quarter average import, the earliest on a tie', async () => {
    const b = boundaries('2026-06-10T08:00:00Z', 6, (i) => [300, 900, 400, 900, 200][i] ?? 0);
    await ingestEnergyBatch(t.db, b.map(msg));
    const m = await t.db
      .selectFrom('energy_month')
      .select(['month', 'qh_peak_w', 'qh_peak_at'])
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ month: '2026-06-01', qh_peak_w: 3600, qh_peak_at: new Date('2026-06-10T08:15:00Z') });
  });
});

describe('two sources for a quarter', () => {
  const ts = new Date('2026-07-01T12:00:00Z');
  const row = () =>
    t.db
      .selectFrom('energy_qh')
      .select(['import_wh', 'grid_source', 'grid_quality', 'gw_import_wh', 'fl_import_wh'])
      .executeTakeFirstOrThrow();
  const day = async () =>
    Number((await t.db.selectFrom('energy_day').select('import_wh').executeTakeFirstOrThrow()).import_wh);

  it('lets validated Fluvius values win, keeps the gateway value, and moves the rollups with it', async () => {
    await writeQuarters(t.db, [
      { source: 'gateway', siteId: SITE, ts, importWh: 300, exportWh: 0, productionWh: 50 },
    ]);
    expect(await row()).toMatchObject({ import_wh: 300, grid_source: 'gateway', grid_quality: 'measured' });
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts, importWh: 310, exportWh: 0, state: 'EST' },
    ]);
    expect(await row()).toMatchObject({ import_wh: 300, grid_source: 'gateway' });
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts, importWh: 305, exportWh: 0, state: 'VAL' },
    ]);
    expect(await row()).toEqual({
      import_wh: 305,
      grid_source: 'fluvius',
      grid_quality: 'validated',
      gw_import_wh: 300,
      fl_import_wh: 305,
    });
    expect(await day()).toBe(305);
    // A corrected re-sync replaces the value; the day follows, the quarter count does not double.
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts, importWh: 280, exportWh: 0, state: 'VAL' },
    ]);
    expect(await day()).toBe(280);
    const d = await t.db
      .selectFrom('energy_day')
      .select(['grid_quarters', 'production_wh', 'day'])
      .executeTakeFirstOrThrow();
    expect(d).toEqual({ grid_quarters: 1, production_wh: 50, day: localDate(ts) });
  });

  it('uses Fluvius alone for a site without a gateway, whatever its state', async () => {
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts, importWh: 120, exportWh: 5, state: 'EST' },
    ]);
    expect(await row()).toMatchObject({ import_wh: 120, grid_source: 'fluvius', grid_quality: 'estimated' });
  });

  it('recounts the month peak when the peak quarter is corrected down', async () => {
    const a = new Date('2026-07-01T12:00:00Z');
    const b = new Date('2026-07-02T12:00:00Z');
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts: a, importWh: 1000, exportWh: 0, state: 'READ' },
      { source: 'fluvius', siteId: SITE, ts: b, importWh: 800, exportWh: 0, state: 'READ' },
    ]);
    await writeQuarters(t.db, [
      { source: 'fluvius', siteId: SITE, ts: a, importWh: 500, exportWh: 0, state: 'VAL' },
    ]);
    const m = await t.db
      .selectFrom('energy_month')
      .select(['qh_peak_w', 'qh_peak_at'])
      .executeTakeFirstOrThrow();
    expect(m).toEqual({ qh_peak_w: 3200, qh_peak_at: b });
  });
});
