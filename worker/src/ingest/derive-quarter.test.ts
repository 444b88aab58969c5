import { describe, expect, it } from 'vitest';
import {
  boundariesToRead,
  boundaryKey,
  type Counters,
  deriveBatch,
  deriveQuarter,
  type EnergyMessage,
  planEnergyBatch,
} from './derive-quarter';

const at = (importT1Wh: number, extra: Partial<Counters> = {}): Counters => ({
  meter: { importT1Wh, importT2Wh: 1000, exportT1Wh: 500, exportT2Wh: 0 },
  ...extra,
});

describe('deriveQuarter', () => {
  it('subtracts register by register, both tariffs together', () => {
    const q = deriveQuarter(
      {
        meter: { importT1Wh: 100, importT2Wh: 200, exportT1Wh: 10, exportT2Wh: 20 },
        pv: { wh: 5000 },
        battery: { chargedWh: 10, dischargedWh: 20, socPct: 50 },
      },
      {
        meter: { importT1Wh: 150, importT2Wh: 230, exportT1Wh: 15, exportT2Wh: 20 },
        pv: { wh: 5400 },
        battery: { chargedWh: 110, dischargedWh: 20, socPct: 60 },
      },
    );
    expect(q).toMatchObject({
      importWh: 80,
      exportWh: 5,
      productionWh: 400,
      batteryChargeWh: 100,
      batteryDischargeWh: 0,
      evWh: null,
      heatWh: null,
      anomalies: [],
    });
  });

  it('leaves a gap for a register that went down or jumped, and says why', () => {
    const reset = deriveQuarter(at(5000), at(10));
    expect(reset.importWh).toBeNull();
    expect(reset.exportWh).toBe(0);
    expect(reset.anomalies[0]).toMatchObject({ code: 'counter-backwards', field: 'meter.import' });
    const jump = deriveQuarter(at(0), at(90_000));
    expect(jump.importWh).toBeNull();
    expect(jump.anomalies[0]).toMatchObject({ code: 'counter-jump', field: 'meter.import' });
  });

  it("refuses more grid energy in a quarter than the site's connection carries", () => {
    // 3 × 25 A: 21.6 kW with the margin, 5,390 Wh a quarter
    const small = { gridPhases: 3, mainFuseA: 25 };
    expect(deriveQuarter(at(0), at(5000), small).importWh).toBe(5000);
    const over = deriveQuarter(at(0), at(7800), small);
    expect(over.importWh).toBeNull();
    expect(over.anomalies).toEqual([
      { code: 'over-connection', field: 'meter.import', value: 7800, limit: 5391 },
    ]);
  });

  it('adds chargers by id and ignores a charger that was not there before', () => {
    const q = deriveQuarter(
      at(0, { chargers: [{ id: 'c1', wh: 100 }] }),
      at(0, {
        chargers: [
          { id: 'c1', wh: 2100 },
          { id: 'c2', wh: 50 },
        ],
      }),
    );
    expect(q.evWh).toBe(2000);
  });

  it('has no value for a device missing at either boundary', () => {
    const q = deriveQuarter(at(0), at(100, { pv: { wh: 10 } }));
    expect(q.productionWh).toBeNull();
    expect(q.importWh).toBe(100);
  });
});

describe('a batch of boundaries', () => {
  const T = Date.parse('2026-03-02T10:00:00Z');
  const Q = 15 * 60_000;
  const message = (
    siteId: number,
    q: number,
    importT1Wh: number,
    extra: Partial<Counters> = {},
  ): EnergyMessage => ({
    siteId,
    gatewayId: siteId * 10,
    payload: { v: 1, ts: new Date(T + q * Q).toISOString(), seq: q, ...at(importT1Wh, extra) },
  });

  it('keeps one message per site and boundary, sorted, and sets aside boundaries from the future', () => {
    const { batch, future } = planEnergyBatch(
      [message(2, 1, 300), message(1, 1, 100), message(2, 0, 200), message(1, 1, 999), message(1, 9, 500)],
      T + 2 * Q,
    );
    expect(batch.map((m) => [m.siteId, m.payload.seq, m.payload.meter?.importT1Wh])).toEqual([
      [1, 1, 100],
      [2, 0, 200],
      [2, 1, 300],
    ]);
    expect(future).toMatchObject([{ code: 'future-time', siteId: 1, gatewayId: 10 }]);
  });

  it('reads each new boundary and its neighbours once', () => {
    const keys = boundariesToRead([message(1, 1, 100), message(1, 2, 200)]);
    expect(keys.map((k) => (k.ts.getTime() - T) / Q)).toEqual([0, 1, 2, 3]);
  });

  it('completes quarters whichever boundary came last, from the batch and from what is stored', () => {
    // stored: site 1 at 0 and 3; the batch brings 1 and 2 (in reverse order), and site 2 a lone boundary
    const stored = new Map<string, Counters>([
      [boundaryKey(1, T), at(1000, { battery: { chargedWh: 0, dischargedWh: 0, socPct: 40 } })],
      [boundaryKey(1, T + 3 * Q), at(1600, { battery: { chargedWh: 0, dischargedWh: 0, socPct: 70 } })],
    ]);
    const d = deriveBatch(
      [
        message(1, 2, 1300, { battery: { chargedWh: 0, dischargedWh: 0, socPct: 60 } }),
        message(1, 1, 1100, { battery: { chargedWh: 0, dischargedWh: 0, socPct: 50 } }),
        message(2, 5, 10),
      ],
      stored,
      new Map(),
      new Map([['1|battery', 'bat1']]),
    );
    expect(d.quarters.map((q) => [q.siteId, (q.ts.getTime() - T) / Q, q.importWh]).sort()).toEqual([
      [1, 0, 100],
      [1, 1, 200],
      [1, 2, 300],
    ]);
    // the battery's charge at each quarter's end
    expect(d.devices.map((r) => [(r.ts.getTime() - T) / Q, r.device_key, r.soc_pct]).sort()).toEqual([
      [0, 'bat1', 50],
      [1, 'bat1', 60],
      [2, 'bat1', 70],
    ]);
    expect(d.anomalies).toEqual([]);
  });

  it('keeps what is implausible with the site, gateway and quarter', () => {
    const d = deriveBatch([message(1, 1, 10)], new Map([[boundaryKey(1, T), at(5000)]]), new Map());
    expect(d.quarters[0]).toMatchObject({ siteId: 1, importWh: null, exportWh: 0 });
    expect(d.anomalies).toMatchObject([
      { code: 'counter-backwards', field: 'meter.import', siteId: 1, gatewayId: 10, ts: new Date(T) },
    ]);
  });
});
