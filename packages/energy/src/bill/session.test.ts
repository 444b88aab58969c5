import { describe, expect, it } from 'vitest';
import { type Contract, contractSchema, dayAheadIndex, type NetworkRates, networkRatesSchema } from './model';
import { costOfSession, sessionQuarters } from './session';

// Hand computations (decision 180). Per-kWh network costs and levies: 0.05 + 0.02 + 0.05 = €0.12, VAT 6 %.
const rates: NetworkRates = networkRatesSchema.parse({
  area: 'fluvius-test',
  effectiveFrom: '2025-01-01',
  capacityEurPerKwYear: '48',
  offtakeEurPerKwh: '0.05',
  dataManagementEurPerYear: '18.25',
  transmissionEurPerKwh: '0.02',
  energyFundEurPerYear: '7.30',
  exciseEurPerKwh: '0.05',
  vatPct: '6',
});
const dynamic: Contract = contractSchema.parse({
  kind: 'dynamic',
  effectiveFrom: '2025-01-01',
  fixedEurPerYear: '36.50',
  importFactor: '1',
  importAdderEurPerKwh: '0.02',
  exportFactor: '0.9',
  exportCostEurPerKwh: '0.01',
});
const dayNight: Contract = contractSchema.parse({
  kind: 'dayNight',
  effectiveFrom: '2025-01-01',
  fixedEurPerYear: '36.50',
  dayEurPerKwh: '0.30',
  nightEurPerKwh: '0.20',
  exportEurPerKwh: '0.04',
});
const at = (iso: string) => Date.parse(iso);

describe('what a charge session costs', () => {
  it('a dynamic session in the repeated hour of 26 October 2025, two quarters at a negative price', () => {
    // 02:30 CEST to 02:30 CET: one real hour, four quarters (00:30–01:30 UTC); €100/MWh, then −€50/MWh.
    const dayAhead = dayAheadIndex(
      [0, 1, 2, 3].map((i) => ({
        start: at('2025-10-26T00:30:00Z') + i * 900_000,
        minutes: 15,
        eurPerMwh: i < 2 ? 100 : '-50.00',
      })),
    );
    const input = { contracts: [dynamic], rates: [rates], dayAhead };
    const q = sessionQuarters(at('2025-10-26T00:30:00Z'), at('2025-10-26T01:30:00Z'), {
      gridWh: 4000,
      solarWh: 2000,
    });
    expect(q.map((x) => [x.importWh, x.exportWh])).toEqual([
      [1000, 500],
      [1000, 500],
      [1000, 500],
      [1000, 500],
    ]);
    // grid: (0.10 + 0.02 + 0.12) × 1.06 = 0.2544 €/kWh twice, (−0.05 + 0.02 + 0.12) × 1.06 = 0.0954 twice → 0.6996;
    // sun: 0.5 kWh × (0.9 × 0.10 − 0.01) = 0.04 twice, 0.5 × (0.9 × −0.05 − 0.01) = −0.0275 twice → 0.025
    expect(
      costOfSession(input, at('2025-10-26T00:30:00Z'), at('2025-10-26T01:30:00Z'), {
        gridWh: 4000,
        solarWh: 2000,
      }),
    ).toEqual({ costEur: '0.72', importEurPerKwh: '0.17490' });
    // all sun in the negative quarters: injecting would have cost money, so charging from it earns it back
    expect(
      costOfSession(input, at('2025-10-26T01:00:00Z'), at('2025-10-26T01:30:00Z'), {
        gridWh: 0,
        solarWh: 2000,
      }),
    ).toEqual({ costEur: '-0.11', importEurPerKwh: '0.09540' });
  });

  it('a quarter without a day-ahead price leaves the session unpriced', () => {
    const dayAhead = dayAheadIndex([{ start: at('2025-10-26T00:30:00Z'), minutes: 15, eurPerMwh: 100 }]);
    expect(
      costOfSession(
        { contracts: [dynamic], rates: [rates], dayAhead },
        at('2025-10-26T00:30:00Z'),
        at('2025-10-26T01:00:00Z'),
        { gridWh: 1000, solarWh: 0 },
      ),
    ).toBeNull();
  });

  it('day and night by the clock: a weekday evening session across 22:00, and the 23-hour day', () => {
    // Tuesday 4 March 2025, 20:30–23:30 Brussels: 1.5 h of day at 0.30, 1.5 h of night at 0.20 (no network rates)
    const input = { contracts: [dayNight], rates: [] };
    expect(
      costOfSession(input, at('2025-03-04T19:30:00Z'), at('2025-03-04T22:30:00Z'), {
        gridWh: 6000,
        solarWh: 0,
      }),
    ).toEqual({ costEur: '1.50', importEurPerKwh: '0.25000' });
    // Sunday 30 March 2025, 01:30–03:30 on the clock is one real hour (02:00 does not exist): night, 2 kWh × 0.20
    const q = sessionQuarters(at('2025-03-30T00:30:00Z'), at('2025-03-30T01:30:00Z'), {
      gridWh: 2000,
      solarWh: 0,
    });
    expect(q).toHaveLength(4);
    expect(
      costOfSession(input, at('2025-03-30T00:30:00Z'), at('2025-03-30T01:30:00Z'), {
        gridWh: 2000,
        solarWh: 0,
      }),
    ).toEqual({ costEur: '0.40', importEurPerKwh: '0.20000' });
  });

  it("day and night by the home's meter where it told: a meter that switched to night at 21:00", () => {
    // Tuesday 4 March 2025, 20:30–21:30 Brussels: the clock says day throughout (4 kWh × 0.30 = €1.20); the meter
    // counted 20:30 and 20:45 on day, 21:00 on night, and 21:15 a third on night (it switched at 21:20)
    const input = { contracts: [dayNight], rates: [] };
    const registers = new Map([
      [at('2025-03-04T19:30:00Z'), { dayWh: 300, nightWh: 0 }],
      [at('2025-03-04T19:45:00Z'), { dayWh: 300, nightWh: 0 }],
      [at('2025-03-04T20:00:00Z'), { dayWh: 0, nightWh: 300 }],
      [at('2025-03-04T20:15:00Z'), { dayWh: 200, nightWh: 100 }],
    ]);
    const session = [at('2025-03-04T19:30:00Z'), at('2025-03-04T20:30:00Z')] as const;
    expect(
      sessionQuarters(...session, { gridWh: 4000, solarWh: 0 }, registers).map((q) => q.importNightWh),
    ).toEqual([0, 0, 1000, 333]);
    // day 2667 Wh × 0.30 = 0.8001, night 1333 Wh × 0.20 = 0.2666: €1.07
    expect(costOfSession(input, ...session, { gridWh: 4000, solarWh: 0 }, registers)).toEqual({
      costEur: '1.07',
      importEurPerKwh: '0.26668',
    });
    expect(costOfSession(input, ...session, { gridWh: 4000, solarWh: 0 })).toMatchObject({ costEur: '1.20' });
  });

  it('spreads a session by its time in each quarter, whole Wh that add up', () => {
    const q = sessionQuarters(at('2025-05-05T10:10:00Z'), at('2025-05-05T10:40:00Z'), {
      gridWh: 1001,
      solarWh: 0,
    });
    // 5, 15 and 10 minutes of 30
    expect(q.map((x) => [new Date(x.start).toISOString().slice(11, 16), x.importWh])).toEqual([
      ['10:00', 167],
      ['10:15', 500],
      ['10:30', 334],
    ]);
  });
});
