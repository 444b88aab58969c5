import { describe, expect, it } from 'vitest';
import {
  emptyRow,
  lockOrder,
  mergeQuarters,
  type QuarterRow,
  type QuarterWrite,
  quarterChanges,
  quarterKey,
  screenQuarters,
} from './merge-quarters';

const SITE = 7;
/** 22:45 UTC on 31 March 2026 is 00:45 on 1 April in Brussels (summer time). */
const at = (iso: string) => new Date(iso);

function stored(row: Partial<QuarterRow> & { ts: Date }): Map<string, QuarterRow> {
  const full: QuarterRow = { ...emptyRow(SITE, row.ts), ...row };
  return new Map([[quarterKey(full.site_id, full.ts), full]]);
}

const only = <T>(m: ReadonlyMap<string, T>): T => {
  expect(m.size).toBe(1);
  return [...m.values()][0]!;
};

describe('mergeQuarters', () => {
  const ts = at('2026-03-10T10:00:00Z');

  it("keeps the gateway's measurement over a Fluvius estimate and lets a validated Fluvius value win", () => {
    const gateway: QuarterWrite = { source: 'gateway', siteId: SITE, ts, importWh: 400, exportWh: 0 };
    const estimate: QuarterWrite = {
      source: 'fluvius',
      siteId: SITE,
      ts,
      importWh: 380,
      exportWh: 0,
      state: 'EST',
    };
    const afterEstimate = only(mergeQuarters(new Map(), [gateway, estimate]));
    expect(afterEstimate).toMatchObject({
      import_wh: 400,
      grid_source: 'gateway',
      grid_quality: 'measured',
      gw_import_wh: 400,
      fl_import_wh: 380,
      fl_state: 'EST',
    });

    const validated = only(
      mergeQuarters(stored(afterEstimate), [{ ...estimate, importWh: 390, state: 'VAL' }]),
    );
    expect(validated).toMatchObject({ import_wh: 390, grid_source: 'fluvius', grid_quality: 'validated' });
    expect(validated.gw_import_wh).toBe(400);
  });

  it('leaves values a gateway message does not carry as they are stored', () => {
    const before = stored({ ts, production_wh: 120, heat_wh: 30, gw_import_wh: 50, import_wh: 50 });
    const row = only(mergeQuarters(before, [{ source: 'gateway', siteId: SITE, ts, evWh: 200 }]));
    expect(row).toMatchObject({ production_wh: 120, heat_wh: 30, ev_wh: 200, import_wh: 50 });
  });
});

describe('quarterChanges', () => {
  it('writes nothing when the same values come again', () => {
    const ts = at('2026-03-10T10:00:00Z');
    const existing = only(mergeQuarters(new Map(), [{ source: 'gateway', siteId: SITE, ts, importWh: 300 }]));
    const before = stored(existing);
    const again = mergeQuarters(before, [{ source: 'gateway', siteId: SITE, ts, importWh: 300 }]);
    expect(quarterChanges(before, again)).toEqual({ rows: [], days: [], months: [] });
  });

  it("adds only the difference to the Brussels day and month, and names the month's candidate peak", () => {
    const late = at('2026-03-31T22:00:00Z'); // 00:00 on 1 April in Brussels
    const earlier = at('2026-03-31T21:45:00Z'); // 23:45 on 31 March
    const existing = stored({ ts: late, gw_import_wh: 100, import_wh: 100, grid_source: 'gateway' });
    const next = mergeQuarters(existing, [
      { source: 'gateway', siteId: SITE, ts: late, importWh: 250 },
      { source: 'gateway', siteId: SITE, ts: earlier, importWh: 500, productionWh: 40 },
    ]);
    const changes = quarterChanges(existing, next);
    expect(changes.rows).toHaveLength(2);
    expect(changes.days.map((d) => [d.day, d.t.import_wh, d.t.grid_quarters, d.t.production_wh])).toEqual([
      ['2026-03-31', 500, 1, 40],
      ['2026-04-01', 150, 0, 0],
    ]);
    expect(changes.months.map((m) => [m.month, m.t.import_wh, m.peakW, m.peakAt?.toISOString()])).toEqual([
      ['2026-03-01', 500, 2000, earlier.toISOString()],
      ['2026-04-01', 150, 1000, late.toISOString()],
    ]);
    expect(changes.months.every((m) => m.lostPeakAt.length === 0)).toBe(true);
  });

  it('marks a quarter whose import went down, so a peak it held is recounted', () => {
    const ts = at('2026-03-10T10:00:00Z');
    const existing = stored({ ts, gw_import_wh: 900, import_wh: 900, grid_source: 'gateway' });
    const next = mergeQuarters(existing, [{ source: 'gateway', siteId: SITE, ts, importWh: 200 }]);
    const [month] = quarterChanges(existing, next).months;
    expect(month).toMatchObject({ month: '2026-03-01', peakW: 800, lostPeakAt: [ts] });
    expect(month!.t.import_wh).toBe(-700);
  });
});

describe('screenQuarters', () => {
  it("turns grid energy above the site's connection into a gap and an anomaly, and keeps the rest", () => {
    const ts = at('2026-03-10T10:00:00Z');
    // 1 phase × 40 A × 230 V × 1.25 = 11 500 W, 2 875 Wh a quarter.
    const connections = new Map([[SITE, { gridPhases: 1, mainFuseA: 40 }]]);
    const { writes, anomalies } = screenQuarters(
      [
        { source: 'gateway', siteId: SITE, ts, importWh: 9000, exportWh: 10, productionWh: 9000 },
        { source: 'gateway', siteId: 8, ts, importWh: 9000 },
      ],
      connections,
    );
    expect(writes[0]).toMatchObject({ importWh: null, exportWh: 10, productionWh: 9000 });
    expect(writes[1]).toMatchObject({ importWh: 9000 });
    expect(anomalies).toEqual([
      expect.objectContaining({
        code: 'over-connection',
        field: 'importWh',
        siteId: SITE,
        source: 'gateway',
      }),
    ]);
  });
});

describe('lockOrder', () => {
  it('orders writes by site, then time, whatever order they came in', () => {
    const w = (siteId: number, iso: string): QuarterWrite => ({ source: 'gateway', siteId, ts: at(iso) });
    const sorted = lockOrder([
      w(2, '2026-01-01T00:15:00Z'),
      w(1, '2026-01-01T00:30:00Z'),
      w(2, '2026-01-01T00:00:00Z'),
    ]);
    expect(sorted.map((x) => `${x.siteId}@${x.ts.getUTCMinutes()}`)).toEqual(['1@30', '2@0', '2@15']);
  });
});
