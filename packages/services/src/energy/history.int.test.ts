import { instantOfLocal, quarterStartsOfDay } from '@ilumen/energy';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../errors';
import { createServiceHarness, createWorld, type ServiceHarness, type World } from '../testing';
import { type QuarterWrite, writeQuarters } from './store';

let h: ServiceHarness;
let world: World;
let siteId: number;

beforeAll(async () => {
  h = await createServiceHarness('history');
  world = await createWorld(h.services);
  siteId = world.sites.siteA;
  h.clock.set('2026-12-15T10:00:00Z');
});
afterAll(async () => {
  await h.close();
});

/** Every quarter of the given local days, with values from `f` (deterministic). */
function quarters(
  days: string[],
  f: (
    ts: number,
    i: number,
  ) => Partial<QuarterWrite & { importWh: number; exportWh: number; productionWh: number }>,
): QuarterWrite[] {
  const out: QuarterWrite[] = [];
  let i = 0;
  for (const day of days) {
    for (const ts of quarterStartsOfDay(day)) {
      out.push({
        source: 'gateway',
        siteId,
        ts: new Date(ts),
        importWh: 100,
        exportWh: 0,
        productionWh: 0,
        ...f(ts, i++),
      } as QuarterWrite);
    }
  }
  return out;
}

describe('history of a day', () => {
  it('has 23 hourly bars on the spring clock change, with the right totals', async () => {
    await writeQuarters(
      h.testDb.db,
      quarters(['2026-03-29'], () => ({ importWh: 100 })),
    );
    const owner = await world.actor(world.users.ownerA);
    const s = await h.services.history.series(owner, { siteId, period: 'day', date: '2026-03-29' });
    expect(s.buckets).toHaveLength(23);
    expect(s.buckets.map((b) => b.label)).not.toContain('02:00');
    expect(s.buckets.every((b) => b.importWh === 400 && b.gridQuarters === 4)).toBe(true);
    expect(s.totals.importWh).toBe(92 * 100);
  });

  it('has 25 hourly bars on the autumn clock change, the repeated hour told apart', async () => {
    await writeQuarters(
      h.testDb.db,
      quarters(['2026-10-25'], (_ts, i) => ({ importWh: i, exportWh: 1 })),
    );
    const owner = await world.actor(world.users.ownerA);
    const s = await h.services.history.series(owner, { siteId, period: 'day', date: '2026-10-25' });
    expect(s.buckets).toHaveLength(25);
    expect(s.buckets.map((b) => b.label).filter((l) => l.startsWith('02:00'))).toEqual([
      '02:00',
      '02:00 (2)',
    ]);
    // 100 quarters numbered 0..99 → their sum; each bar is its own four quarters.
    expect(s.totals.importWh).toBe((99 * 100) / 2);
    expect(s.totals.exportWh).toBe(100);
    expect(s.buckets[2]!.importWh).toBe(8 + 9 + 10 + 11);
    expect(s.buckets[3]!.importWh).toBe(12 + 13 + 14 + 15);
    expect(s.totals.netWh).toBe(s.totals.importWh - 100);
  });
});

describe('costs', () => {
  it('costs each day of a week at the tariff of that day; a change applies from the day it takes effect', async () => {
    const db = h.testDb.db;
    await db
      .insertInto('tariffs')
      .values([
        {
          site_id: siteId,
          effective_from: '2026-05-01',
          import_eur_per_kwh: '0.30000',
          export_eur_per_kwh: '0.05000',
        },
        {
          site_id: siteId,
          effective_from: '2026-05-06',
          import_eur_per_kwh: '0.40000',
          export_eur_per_kwh: '0.02000',
        },
      ])
      .execute();
    const week = [
      '2026-05-04',
      '2026-05-05',
      '2026-05-06',
      '2026-05-07',
      '2026-05-08',
      '2026-05-09',
      '2026-05-10',
    ];
    // Every day imports 9.6 kWh (96 × 100 Wh) and exports 2.4 kWh.
    await writeQuarters(
      db,
      quarters(week, () => ({ importWh: 100, exportWh: 25 })),
    );
    const owner = await world.actor(world.users.ownerA);
    const s = await h.services.history.series(owner, { siteId, period: 'week', date: '2026-05-07' });
    expect(s.buckets).toHaveLength(7);
    expect(s.totals.importWh).toBe(7 * 9600);
    // Mon, Tue at 0.30/0.05; Wed–Sun at 0.40/0.02.
    const importEur = 2 * 9.6 * 0.3 + 5 * 9.6 * 0.4;
    const exportEur = 2 * 2.4 * 0.05 + 5 * 2.4 * 0.02;
    expect(s.cost.importEur).toBe(importEur.toFixed(2));
    expect(s.cost.exportEur).toBe(exportEur.toFixed(2));
    expect(s.cost.netEur).toBe((importEur - exportEur).toFixed(2));
  });
});

describe('a simulated month', () => {
  it('adds up the same through quarters, days, months and the year', async () => {
    const days = Array.from({ length: 30 }, (_, i) => `2026-09-${String(i + 1).padStart(2, '0')}`);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const writes = quarters(days, () => ({
      importWh: Math.floor(rand() * 900),
      exportWh: Math.floor(rand() * 300),
      productionWh: Math.floor(rand() * 700),
    }));
    // A gap of two hours stays a gap.
    const kept = writes.filter((_, i) => i < 500 || i >= 508);
    for (let i = 0; i < kept.length; i += 700) await writeQuarters(h.testDb.db, kept.slice(i, i + 700));
    const expected = kept.reduce(
      (a, w) => ({
        imp: a.imp + (w as { importWh: number }).importWh,
        pv: a.pv + ((w as { productionWh?: number }).productionWh ?? 0),
      }),
      { imp: 0, pv: 0 },
    );

    const owner = await world.actor(world.users.ownerA);
    const month = await h.services.history.series(owner, { siteId, period: 'month', date: '2026-09-15' });
    expect(month.buckets).toHaveLength(30);
    expect(month.totals.importWh).toBe(expected.imp);
    expect(month.totals.productionWh).toBe(expected.pv);
    expect(month.buckets.reduce((s, b) => s + b.gridQuarters, 0)).toBe(kept.length);

    let viaDays = 0;
    for (const d of days)
      viaDays += (await h.services.history.series(owner, { siteId, period: 'day', date: d })).totals.importWh;
    expect(viaDays).toBe(expected.imp);

    const year = await h.services.history.series(owner, { siteId, period: 'year', date: '2026-09-01' });
    expect(year.buckets).toHaveLength(12);
    expect(year.buckets[8]!.importWh).toBe(expected.imp);
    expect(year.buckets[8]!.gridQuarters).toBe(kept.length);
  });
});

describe('data missing', () => {
  it('counts only the part of the month that has passed: a complete week is not "19 % present"', async () => {
    // the clock: 15 December, 11:00 in Brussels. Every quarter until then is there.
    const now = h.clock.now().getTime();
    const days = Array.from({ length: 15 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
    const writes = quarters(days, () => ({ importWh: 50 })).filter((w) => w.ts.getTime() < now);
    for (let i = 0; i < writes.length; i += 700) await writeQuarters(h.testDb.db, writes.slice(i, i + 700));
    const owner = await world.actor(world.users.ownerA);
    const month = await h.services.history.series(owner, { siteId, period: 'month', date: '2026-12-15' });
    const expected = month.buckets.reduce((s, b) => s + b.expectedQuarters, 0);
    const present = month.buckets.reduce((s, b) => s + b.gridQuarters, 0);
    expect(present).toBe(writes.length);
    expect(expected).toBe(writes.length);
    // days to come expect nothing; today expects its first 44 quarters (00:00–11:00 local)
    expect(month.buckets.slice(15).every((b) => b.expectedQuarters === 0)).toBe(true);
    expect(month.buckets[14]!.expectedQuarters).toBe(44);
    // a day still missing is still missing
    await h.testDb.db
      .deleteFrom('energy_qh')
      .where('site_id', '=', siteId)
      .where('ts', '>=', new Date(instantOfLocal('2026-12-03', 0, 0)))
      .where('ts', '<', new Date(instantOfLocal('2026-12-04', 0, 0)))
      .execute();
    await h.testDb.db
      .deleteFrom('energy_day')
      .where('site_id', '=', siteId)
      .where('day', '=', '2026-12-03')
      .execute();
    const gap = await h.services.history.series(owner, { siteId, period: 'month', date: '2026-12-15' });
    expect(gap.buckets.reduce((s, b) => s + b.gridQuarters, 0)).toBe(writes.length - 96);
    expect(gap.buckets.reduce((s, b) => s + b.expectedQuarters, 0)).toBe(writes.length);
  });
});

describe('capacity tariff', () => {
  it('gives the month peak and the rolling average of 12 months with 2.5 kW as the floor', async () => {
    const db = h.testDb.db;
    const peaks: Record<string, number> = {
      '2025-12': 632,
      '2026-01': 4600,
      '2026-02': 0,
      '2026-03': 1028,
      '2026-04': 3444,
      '2026-05': 4164,
      '2026-06': 4564,
      '2026-07': 6000,
      '2026-08': 9200,
      '2026-09': 5000,
      '2026-10': 4120,
      '2026-11': 4880,
    };
    // Replace the months earlier tests touched, so the twelve months are exactly the test vector.
    await db.deleteFrom('energy_month').where('site_id', '=', siteId).execute();
    await db
      .insertInto('energy_month')
      .values(
        Object.entries(peaks).map(([m, w]) => ({
          site_id: siteId,
          month: `${m}-01`,
          qh_peak_w: w || null,
          qh_peak_at: w ? new Date(instantOfLocal(`${m}-10`, 18, 15)) : null,
        })),
      )
      .execute();
    await db
      .updateTable('energy_month')
      .set({ meter_peak_w: 4880, meter_peak_at: new Date('2026-11-10T17:15:00Z'), qh_peak_w: 4872 })
      .where('site_id', '=', siteId)
      .where('month', '=', '2026-11-01')
      .execute();
    const owner = await world.actor(world.users.ownerA);
    const c = await h.services.history.capacity(owner, { siteId, month: '2026-11' });
    // February has no data and is left out (decision 130): (53.472 − 2.5) kW / 11 → 4.634 kW
    expect(c.rolling.averageW).toBe(4634);
    expect(c.peak).toMatchObject({ quartersW: 4872, meterW: 4880 });
    expect(c.rolling.months.find((m) => m.month === '2026-02')).toMatchObject({
      peakW: null,
      countedW: null,
    });
    expect(c.rolling.months.at(-1)).toMatchObject({ month: '2026-11', peakW: 4880, source: 'meter' });
  });
});

describe('the month peak that counts (decision 091)', () => {
  it('takes our quarters over a meter register that restarted low (0,03 kW against 1,54 kW)', async () => {
    const db = h.testDb.db;
    await db.updateTable('sites').set({ grid_phases: 3, main_fuse_a: 32 }).where('id', '=', siteId).execute();
    await db
      .insertInto('energy_month')
      .values({
        site_id: siteId,
        month: '2026-12-01',
        qh_peak_w: 1540,
        qh_peak_at: new Date('2026-12-01T20:45:00Z'),
        meter_peak_w: 30,
        meter_peak_at: new Date('2026-12-06T10:00:00Z'),
      })
      .onDuplicateKeyUpdate({
        qh_peak_w: 1540,
        qh_peak_at: new Date('2026-12-01T20:45:00Z'),
        meter_peak_w: 30,
        meter_peak_at: new Date('2026-12-06T10:00:00Z'),
      })
      .execute();
    const owner = await world.actor(world.users.ownerA);
    const c = await h.services.history.capacity(owner, { siteId, month: '2026-12' });
    expect(c.peak).toMatchObject({ countedW: 1540, source: 'quarters', meterW: 30 });
    expect(c.rolling.months.at(-1)).toMatchObject({ month: '2026-12', peakW: 1540, source: 'quarters' });
    const report = await h.services.capacityReport.report(owner, { siteId, month: '2026-12' });
    expect(report.months[0]).toMatchObject({ month: '2026-12', peakW: 1540, source: 'quarters' });

    // a 31 kW meter value on a 3 × 32 A home is no peak at all
    await db
      .updateTable('energy_month')
      .set({ meter_peak_w: 31_337 })
      .where('site_id', '=', siteId)
      .where('month', '=', '2026-12-01')
      .execute();
    const rogue = await h.services.history.capacity(owner, { siteId, month: '2026-12' });
    expect(rogue.peak).toMatchObject({ countedW: 1540, source: 'quarters' });
  });

  it('keeps a Fluvius quarter the connection cannot carry out of the energy, and says why', async () => {
    const db = h.testDb.db;
    const ts = new Date('2026-10-05T18:00:00Z');
    await writeQuarters(db, [
      { source: 'fluvius', siteId, ts, importWh: 9000, exportWh: 0, state: 'VAL' },
      {
        source: 'fluvius',
        siteId,
        ts: new Date(ts.getTime() + 900_000),
        importWh: 400,
        exportWh: 0,
        state: 'VAL',
      },
    ]);
    const rows = await db
      .selectFrom('energy_qh')
      .select(['ts', 'fl_import_wh'])
      .where('site_id', '=', siteId)
      .where('ts', 'in', [ts, new Date(ts.getTime() + 900_000)])
      .orderBy('ts')
      .execute();
    expect(rows.map((r) => r.fl_import_wh)).toEqual([null, 400]);
    const event = await db
      .selectFrom('events')
      .select(['type', 'payload'])
      .where('site_id', '=', siteId)
      .where('ts', '=', ts)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      type: 'data.implausible',
      payload: { code: 'over-connection', field: 'importWh', value: 9000, limit: 6900, source: 'fluvius' },
    });
  });
});

describe('who may read history', () => {
  it('refuses a chargers-only member, another tenant and another homeowner', async () => {
    const refusal = async (userId: number) => {
      try {
        await h.services.history.series(await world.actor(userId), {
          siteId,
          period: 'day',
          date: '2026-10-25',
        });
        return 'ok';
      } catch (e) {
        return (e as AppError).code;
      }
    };
    expect(await refusal(world.users.memberChargers)).toBe('forbidden');
    expect(await refusal(world.users.instBTech)).toBe('not_found');
    expect(await refusal(world.users.ownerB)).toBe('not_found');
    expect(await refusal(world.users.memberAll)).toBe('ok');
  });

  it('lets support read a home only through its audited support view (decisions 012, 081)', async () => {
    const support = await world.actor(world.users.support);
    const read = () => h.services.history.series(support, { siteId, period: 'day', date: '2026-10-25' });
    await expect(read()).rejects.toMatchObject({ code: 'forbidden' });
    await h.services.homeowner.openSupportView(support, { siteId });
    // The opening is the audit line; the view's own requests (the live values in the browser) follow it.
    await expect(read()).resolves.toBeDefined();
    await h.testDb.db
      .updateTable('audit_log')
      .set({ at: sql<Date>`NOW(3) - INTERVAL 61 MINUTE` })
      .where('action', '=', 'homeowner_view.open')
      .execute();
    await expect(read()).rejects.toMatchObject({ code: 'forbidden' });
  });
});
