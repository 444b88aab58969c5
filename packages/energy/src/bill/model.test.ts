import { describe, expect, it } from 'vitest';
import { QUARTER_MS, quarterStartsOfDay, startOfLocalDay } from '../calendar';
import {
  type BillInput,
  type BillQuarter,
  billOfDay,
  billOfDays,
  billOfMonth,
  billOfYear,
  type Contract,
  contractSchema,
  dayAheadIndex,
  type NetworkRates,
  networkRatesSchema,
  quarterCostPico,
  registerByTime,
} from './model';

// Round rates so every expectation below is a hand computation: in 2025 (365 days) a fixed €36.50 a year is €0.10 a
// day, data management €18.25 is €0.05 a day, the energy fund €7.30 is €0.02 a day.
const rates: NetworkRates = networkRatesSchema.parse({
  area: 'fluvius-test',
  effectiveFrom: '2025-01-01',
  capacityEurPerKwYear: '48.00000',
  offtakeEurPerKwh: '0.05000',
  dataManagementEurPerYear: '18.25',
  transmissionEurPerKwh: '0.02000',
  energyFundEurPerYear: '7.30',
  exciseEurPerKwh: '0.05000',
  vatPct: '6',
});

const dayNight: Contract = contractSchema.parse({
  kind: 'dayNight',
  effectiveFrom: '2025-01-01',
  fixedEurPerYear: '36.50',
  dayEurPerKwh: '0.30000',
  nightEurPerKwh: '0.20000',
  exportEurPerKwh: '0.04000',
});

const dynamic: Contract = contractSchema.parse({
  kind: 'dynamic',
  effectiveFrom: '2025-01-01',
  fixedEurPerYear: '36.50',
  importFactor: '1.0000',
  importAdderEurPerKwh: '0.02000',
  exportFactor: '0.9000',
  exportCostEurPerKwh: '0.01000',
});

const line = (bill: ReturnType<typeof billOfDay>, key: string) => bill.lines.find((l) => l.key === key);

function monthQuarters(month: string, days: number, each: (start: number, i: number) => BillQuarter) {
  const out: BillQuarter[] = [];
  for (let d = 1; d <= days; d++) {
    const date = `${month}-${String(d).padStart(2, '0')}`;
    quarterStartsOfDay(date).forEach((start, i) => {
      out.push(each(start, i));
    });
  }
  return out;
}

describe('the Belgian bill model', () => {
  it("splits day and night by the meter's registers, within a quarter too, on the 23-hour Sunday (decision 250)", () => {
    const at = (iso: string) => Date.parse(iso);
    const quarters: BillQuarter[] = [
      // Sunday 30 March 2025, 23 hours: 92 quarters of 100 Wh, all on the night register → 9200 Wh night
      ...quarterStartsOfDay('2025-03-30').map((start) => ({
        start,
        importWh: 100,
        exportWh: 0,
        importNightWh: 100,
      })),
      // Monday 31 March 06:45 CEST: the meter went to day at 06:54 → 40 Wh night, 60 Wh day (the clock: all night)
      { start: at('2025-03-31T04:45:00Z'), importWh: 100, exportWh: 0, importNightWh: 40 },
      // Monday 22:00 CEST, the register still on day the whole quarter (the clock: night)
      { start: at('2025-03-31T20:00:00Z'), importWh: 300, exportWh: 0, register: 1 },
      // Monday 14:00 CEST, the register unknown: the clock says day, and the bill counts it
      { start: at('2025-03-31T12:00:00Z'), importWh: 500, exportWh: 0 },
    ];
    expect(quarters).toHaveLength(95);
    const bill = billOfDays(
      { contracts: [dayNight], rates: [rates], quarters, capacityW: () => 0 },
      '2025-03-30',
      '2025-03-31',
    );
    // day 60 + 300 + 500 = 860 Wh × €0.30 = €0.258; night 9200 + 40 = 9240 Wh × €0.20 = €1.848
    expect(line(bill, 'energy.day')).toMatchObject({ kwh: '0.860', eur: '0.26' });
    expect(line(bill, 'energy.night')).toMatchObject({ kwh: '9.240', eur: '1.85' });
    expect(bill.quartersByClock).toBe(1);
    expect(bill.importKwh).toBe('10.100');
  });

  it('a variable contract bills each month at its own price and names a month without one, never guessing', () => {
    const variable = contractSchema.parse({
      kind: 'variable',
      effectiveFrom: '2025-01-01',
      fixedEurPerYear: '0',
      monthlyEurPerKwh: { '2025-01': '0.25000', '2025-03': '0.27500' },
      exportEurPerKwh: '0.04000',
    });
    const input: BillInput = {
      contracts: [variable],
      rates: [],
      quarters: [
        { start: Date.parse('2025-01-15T10:00:00Z'), importWh: 1000, exportWh: 0 },
        { start: Date.parse('2025-02-15T10:00:00Z'), importWh: 2000, exportWh: 500 },
        { start: Date.parse('2025-03-15T10:00:00Z'), importWh: 4000, exportWh: 0 },
      ],
      capacityW: () => 0,
    };
    const bill = billOfDays(input, '2025-01-01', '2025-03-31');
    // January 1 kWh × €0.25 + March 4 kWh × €0.275 = €1.35; February's 2 kWh are not priced; its injection is
    expect(line(bill, 'energy.single')).toMatchObject({ kwh: '5.000', eur: '1.35' });
    expect(bill.monthsWithoutPrice).toEqual(['2025-02']);
    expect(bill.injectionEur).toBe('0.02');
    expect(
      quarterCostPico(input, { start: Date.parse('2025-02-15T10:00:00Z'), importWh: 1000, exportWh: 0 })
        .priced,
    ).toBe(false);
    expect(
      quarterCostPico(input, { start: Date.parse('2025-03-15T10:00:00Z'), importWh: 1000, exportWh: 0 }),
    ).toEqual({
      importPico: 275_000_000_000n,
      exportPico: 0n,
      priced: true,
    });
    // a month is written as 2025-02
    expect(contractSchema.safeParse({ ...variable, monthlyEurPerKwh: { '2025-2': '0.2' } }).success).toBe(
      false,
    );
  });

  it('day and night by the clock: weekdays 07–22 day, nights and weekends night (Brussels time)', () => {
    expect(registerByTime(Date.parse('2025-03-31T05:00:00Z'))).toBe(1); // Monday 07:00 CEST
    expect(registerByTime(Date.parse('2025-03-31T04:45:00Z'))).toBe(2); // Monday 06:45
    expect(registerByTime(Date.parse('2025-03-31T19:45:00Z'))).toBe(1); // Monday 21:45
    expect(registerByTime(Date.parse('2025-03-31T20:00:00Z'))).toBe(2); // Monday 22:00
    expect(registerByTime(Date.parse('2025-03-29T11:00:00Z'))).toBe(2); // Saturday noon
  });

  it('a day/night month with a 23-hour Sunday reads like the bill (March 2025)', () => {
    // 100 Wh every quarter of March 2025: 31 × 96 − 4 = 2972 quarters (30 March has 23 hours). Weekdays: 21, each with
    // 60 day quarters (07–22) → 1260 day quarters = 126 kWh at €0.30 = €37.80; 1712 night quarters = 171.2 kWh at
    // €0.20 = €34.24. Export: 250 Wh at 12:00 each day = 7.75 kWh at €0.04 = €0.31.
    const quarters = monthQuarters('2025-03', 31, (start, i) => ({
      start,
      importWh: 100,
      exportWh: i === 48 ? 250 : 0,
    }));
    expect(quarters).toHaveLength(2972);
    const input: BillInput = { contracts: [dayNight], rates: [rates], quarters, capacityW: () => 3000 };
    const bill = billOfMonth(input, '2025-03');
    expect(line(bill, 'energy.day')).toMatchObject({ kwh: '126.000', eur: '37.80' });
    expect(line(bill, 'energy.night')).toMatchObject({ kwh: '171.200', eur: '34.24' });
    expect(line(bill, 'energy.fixed')?.eur).toBe('3.10'); // 31 × €0.10
    // 3 kW × €48 / 12 = €12.00 a month
    expect(line(bill, 'network.capacity')?.eur).toBe('12.00');
    // 297.2 kWh × €0.05 = €14.86; × €0.02 = €5.944
    expect(line(bill, 'network.offtake')).toMatchObject({ kwh: '297.200', eur: '14.86' });
    expect(line(bill, 'network.transmission')?.eur).toBe('5.94');
    expect(line(bill, 'network.dataManagement')?.eur).toBe('1.55');
    expect(line(bill, 'levies.energyFund')?.eur).toBe('0.62');
    expect(line(bill, 'levies.excise')?.eur).toBe('14.86');
    expect(bill).toMatchObject({
      energyEur: '75.14',
      networkEur: '34.35',
      leviesEur: '15.48',
      exclVatEur: '124.97',
      // 6 % of the exact 124.974 = 7.49844
      vatEur: '7.50',
      inclVatEur: '132.47',
      injectionEur: '0.31',
      injectionKwh: '7.750',
      netEur: '132.16',
      daysWithoutContract: 0,
    });
  });

  it("the meter's register wins over the clock (a municipality with night from 21:00)", () => {
    const monday2130 = Date.parse('2025-03-31T19:30:00Z');
    const input: BillInput = {
      contracts: [dayNight],
      rates: [rates],
      quarters: [{ start: monday2130, importWh: 1000, exportWh: 0, register: 2 }],
      capacityW: () => 2500,
    };
    expect(line(billOfDay(input, '2025-03-31'), 'energy.night')).toMatchObject({ kwh: '1.000', eur: '0.20' });
  });

  it('a dynamic home on the 25-hour day, quarter-hour prices with negative ones (26 October 2025)', () => {
    const starts = quarterStartsOfDay('2025-10-26');
    expect(starts).toHaveLength(100);
    const negative = new Set([40, 41, 42, 43]); // four quarters at −€50/MWh
    const prices = dayAheadIndex(
      starts.map((start, i) => ({ start, minutes: 15, eurPerMwh: negative.has(i) ? '-50.00' : 100 })),
    );
    const quarters = starts.map((start, i) =>
      negative.has(i) ? { start, importWh: 1000, exportWh: 400 } : { start, importWh: 200, exportWh: 0 },
    );
    const input: BillInput = {
      contracts: [dynamic],
      rates: [rates],
      quarters,
      dayAhead: prices,
      capacityW: () => 3000,
    };
    const bill = billOfDay(input, '2025-10-26');
    // 96 × 0.2 kWh at 1 × €0.100 + €0.02 = €2.304; 4 × 1 kWh at −€0.05 + €0.02 = −€0.12 → €2.184
    expect(line(bill, 'energy.single')).toMatchObject({ kwh: '23.200', eur: '2.18' });
    // injection 1.6 kWh at 0.9 × −€0.05 − €0.01 = −€0.055: it costs €0.088
    expect(bill.injectionEur).toBe('-0.09');
    // capacity €12 / 31 days = €0.387…
    expect(line(bill, 'network.capacity')?.eur).toBe('0.39');
    expect(bill).toMatchObject({
      energyEur: '2.28',
      networkEur: '2.06',
      leviesEur: '1.18',
      exclVatEur: '5.52',
      // 6 % × 5.525096774… = 0.3315…
      vatEur: '0.33',
      inclVatEur: '5.85',
      netEur: '5.94',
      quartersWithoutPrice: 0,
    });
  });

  it('hourly day-ahead prices before October 2025 cover the 23-hour day; a quarter without a price is counted', () => {
    const day = '2025-03-30';
    const start = startOfLocalDay(day);
    const slots = Array.from({ length: 23 }, (_, h) => ({
      start: start + h * 3_600_000,
      minutes: 60,
      eurPerMwh: 0,
    }));
    const prices = dayAheadIndex(slots);
    expect(prices.size).toBe(92);
    const quarters = quarterStartsOfDay(day).map((s) => ({ start: s, importWh: 100, exportWh: 0 }));
    const input: BillInput = {
      contracts: [dynamic],
      rates: [rates],
      quarters,
      dayAhead: prices,
      capacityW: () => 0,
    };
    // 9.2 kWh at 0 + €0.02
    expect(line(billOfDay(input, day), 'energy.single')).toMatchObject({ kwh: '9.200', eur: '0.18' });
    const gap = new Map(prices);
    gap.delete(start + 5 * QUARTER_MS);
    expect(billOfDay({ ...input, dayAhead: gap }, day).quartersWithoutPrice).toBe(1);
  });

  it('a contract change applies from its day; days before any contract are counted, not priced', () => {
    const single: Contract = contractSchema.parse({
      kind: 'single',
      effectiveFrom: '2025-03-15',
      fixedEurPerYear: '0',
      importEurPerKwh: '0.25000',
      exportEurPerKwh: '0.03000',
    });
    const quarters = monthQuarters('2025-03', 31, (start, i) => ({
      start,
      importWh: i === 0 ? 1000 : 0,
      exportWh: 0,
    }));
    const bill = billOfMonth(
      { contracts: [single], rates: [rates], quarters, capacityW: () => 2500 },
      '2025-03',
    );
    // 17 days from the 15th, 1 kWh each at €0.25
    expect(line(bill, 'energy.single')).toMatchObject({ kwh: '17.000', eur: '4.25' });
    expect(bill.daysWithoutContract).toBe(14);
    // the network costs run for every kWh taken: 31 kWh
    expect(line(bill, 'network.offtake')).toMatchObject({ kwh: '31.000', eur: '1.55' });
  });

  it('a year is the sum of its months, and a quarter has its own price', () => {
    const quarters: BillQuarter[] = [];
    for (let m = 1; m <= 12; m++) {
      const month = `2025-${String(m).padStart(2, '0')}`;
      quarters.push({
        start: startOfLocalDay(`${month}-10`) + 40 * QUARTER_MS,
        importWh: 2000,
        exportWh: 500,
      });
    }
    const input: BillInput = { contracts: [dayNight], rates: [rates], quarters, capacityW: () => 3000 };
    const year = billOfYear(input, 2025);
    expect(line(year, 'energy.fixed')?.eur).toBe('36.50');
    expect(line(year, 'network.capacity')?.eur).toBe('144.00'); // 3 kW × €48
    expect(line(year, 'network.dataManagement')?.eur).toBe('18.25');
    const months = Array.from({ length: 12 }, (_, i) =>
      billOfMonth(input, `2025-${String(i + 1).padStart(2, '0')}`),
    );
    const sum = months.reduce((s, b) => s + Math.round(Number(b.exclVatEur) * 100), 0);
    expect(Math.abs(sum - Math.round(Number(year.exclVatEur) * 100))).toBeLessThanOrEqual(12);
    // one day quarter (10:00 on a weekday): 2 kWh × (€0.30 + €0.05 + €0.02 + €0.05) = €0.84; 0.5 kWh × €0.04 = €0.02
    const q = quarterCostPico(input, {
      start: Date.parse('2025-03-10T09:00:00Z'),
      importWh: 2000,
      exportWh: 500,
    });
    expect(q).toEqual({ importPico: 840_000_000_000n, exportPico: -20_000_000_000n, priced: true });
  });
});
