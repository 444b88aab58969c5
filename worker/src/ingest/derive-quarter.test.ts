import { describe, expect, it } from 'vitest';
import { type Counters, deriveQuarter } from './derive-quarter';

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
