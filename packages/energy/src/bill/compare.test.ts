import { describe, expect, it } from 'vitest';
import { instantOfLocal, quarterStartsOfDay } from '../calendar';
import { compareContracts, dayTotals, type HomeQuarter, sharesOf, withoutControl } from './compare';
import { billOfDays, type Contract, contractSchema, type NetworkRates, networkRatesSchema } from './model';

// A hand-computed Wednesday (5 March 2025): the sun charges the battery at noon (3 kWh produced, 1 kWh into the
// battery, 1 kWh injected), the battery gives 0.8 kWh at 19:00, and the car, plugged in at 18:00, is charged by the
// control at 22:00–22:45 (1 kWh a quarter). Without our control the battery's kWh go to the grid and come from it,
// and the car charges 18:00–18:45.
const day = '2025-03-05';
const rates: NetworkRates = networkRatesSchema.parse({
  area: 'fluvius-test',
  effectiveFrom: '2025-01-01',
  capacityEurPerKwYear: '0',
  offtakeEurPerKwh: '0.05000',
  dataManagementEurPerYear: '0',
  transmissionEurPerKwh: '0.02000',
  energyFundEurPerYear: '0',
  exciseEurPerKwh: '0.05000',
  vatPct: '6',
});
const single: Contract = contractSchema.parse({
  kind: 'single',
  effectiveFrom: '2025-01-01',
  fixedEurPerYear: '36.50',
  importEurPerKwh: '0.30000',
  exportEurPerKwh: '0.04000',
});
const dayNight: Contract = contractSchema.parse({
  kind: 'dayNight',
  effectiveFrom: '2030-01-01', // an offer's own date does not matter: it is priced over the whole period
  fixedEurPerYear: '0',
  dayEurPerKwh: '0.30000',
  nightEurPerKwh: '0.20000',
  exportEurPerKwh: '0.04000',
});

const at = (h: number, m = 0) => instantOfLocal(day, h, m);
const quarters: HomeQuarter[] = quarterStartsOfDay(day).map((start) => ({ start, importWh: 0, exportWh: 0 }));
const set = (h: number, m: number, v: Partial<HomeQuarter>) =>
  Object.assign(quarters.find((q) => q.start === at(h, m))!, v);
set(12, 0, { exportWh: 1000, productionWh: 3000, batteryChargeWh: 1000 });
set(19, 0, { batteryDischargeWh: 800 });
for (const m of [0, 15, 30]) set(22, m, { importWh: 1000, evWh: 1000 });
const sessions = [{ start: at(18, 0), end: at(23, 0) }];

const line = (b: { lines: Array<{ key: string; kwh: string | null; eur: string }> }, key: string) =>
  b.lines.find((l) => l.key === key);

describe('withoutControl', () => {
  it('puts the battery back on the grid and charges the car from the moment it was plugged in', () => {
    const w = withoutControl(quarters, sessions);
    const byTime = (h: number, m: number) => w.find((q) => q.start === at(h, m))!;
    expect(byTime(12, 0)).toMatchObject({ importWh: 0, exportWh: 2000 });
    expect(byTime(19, 0)).toMatchObject({ importWh: 800, exportWh: 0 });
    for (const m of [0, 15, 30]) expect(byTime(18, m)).toMatchObject({ importWh: 1000, exportWh: 0 });
    for (const m of [0, 15, 30]) expect(byTime(22, m)).toMatchObject({ importWh: 0, exportWh: 0 });
    expect(w.reduce((s, q) => s + q.importWh, 0)).toBe(3800);
  });
});

describe('compareContracts', () => {
  const c = compareContracts({
    firstDay: day,
    lastDay: day,
    own: [single],
    offers: [{ id: 'dn', name: 'Dag/nacht', contract: dayNight }],
    rates: [rates],
    quarters,
    sessions,
  });

  it('bills the own contract as measured and without our control', () => {
    const own = c.rows[0]!;
    expect(own.kind).toBe('own');
    // 3 kWh × €0.30; 1 kWh injected × €0.04; fixed €36.50 / 365
    expect(line(own.actual, 'energy.single')).toMatchObject({ kwh: '3.000', eur: '0.90' });
    expect(line(own.actual, 'energy.fixed')?.eur).toBe('0.10');
    expect(own.actual.injectionEur).toBe('0.04');
    // without: 3.8 kWh × €0.30 = €1.14; 2 kWh injected × €0.04 = €0.08; offtake 3.8 × €0.05 = €0.19
    expect(line(own.without, 'energy.single')).toMatchObject({ kwh: '3.800', eur: '1.14' });
    expect(own.without.injectionEur).toBe('0.08');
    expect(line(own.without, 'network.offtake')?.eur).toBe('0.19');
    // VAT 6 % on the exact sums: (0.10 + 0.90 + 3 × 0.12) × 0.06 = 0.0816; (0.10 + 1.14 + 3.8 × 0.12) × 0.06 = 0.10176
    expect(own.actual.vatEur).toBe('0.08');
    expect(own.without.vatEur).toBe('0.10');
  });

  it('shows that day/night pays off with the car charged at night, and not without our control', () => {
    const dn = c.rows[1]!;
    expect(dn).toMatchObject({ id: 'dn', kind: 'dayNight' });
    expect(line(dn.actual, 'energy.night')).toMatchObject({ kwh: '3.000', eur: '0.60' });
    expect(line(dn.actual, 'energy.day')).toBeUndefined();
    // 18:00–18:45 and 19:00 are weekday day hours: 3.8 kWh × €0.30
    expect(line(dn.without, 'energy.day')).toMatchObject({ kwh: '3.800', eur: '1.14' });
  });

  it('gives self-consumption and self-sufficiency, and the month peaks, both ways', () => {
    // use = import 3 + production 3 + discharge 0.8 − export 1 − charge 1 = 4.8 kWh
    expect(c.shares).toMatchObject({
      productionKwh: '3.000',
      useKwh: '4.800',
      selfConsumptionPct: 66.7,
      selfSufficiencyPct: 37.5,
    });
    expect(c.sharesWithout).toMatchObject({
      useKwh: '4.800',
      selfConsumptionPct: 33.3,
      selfSufficiencyPct: 20.8,
    });
    expect(sharesOf([])).toMatchObject({ selfConsumptionPct: null, selfSufficiencyPct: null });
    expect(c.peaks).toEqual([{ month: '2025-03', actualW: 4000, withoutW: 4000 }]);
  });
});

describe('dayTotals', () => {
  it('bills a month with fixed-price contracts exactly as its every quarter does (clock change and meter registers)', () => {
    const month: HomeQuarter[] = [];
    for (let d = 1; d <= 31; d++)
      for (const [i, start] of quarterStartsOfDay(`2025-03-${String(d).padStart(2, '0')}`).entries())
        month.push({
          start,
          importWh: (i * 37 + d * 11) % 450,
          exportWh: i > 40 && i < 64 ? (i * 13 + d) % 380 : 0,
          ...(d % 3 === 0 ? { register: (i % 5 === 0 ? 2 : 1) as 1 | 2 } : {}),
          // the meter's own split within a quarter (decision 250)
          ...(d % 3 === 1 ? { importNightWh: ((i * 37 + d * 11) % 450) % 97 } : {}),
          exclusiveNightWh: i < 20 ? 120 : 0,
        });
    const exclusive = contractSchema.parse({
      kind: 'exclusiveNight',
      effectiveFrom: '2025-01-01',
      fixedEurPerYear: '50.00',
      dayEurPerKwh: '0.31234',
      nightEurPerKwh: '0.21987',
      exclusiveNightEurPerKwh: '0.15555',
      exportEurPerKwh: '0.04321',
    });
    const variable = contractSchema.parse({
      kind: 'variable',
      effectiveFrom: '2025-01-01',
      fixedEurPerYear: '12.00',
      monthlyEurPerKwh: { '2025-03': '0.27777' },
      importEurPerKwh: '0.2',
      exportEurPerKwh: '0.03',
    });
    const totals = dayTotals(month);
    expect(totals.length).toBeLessThanOrEqual(62);
    for (const contract of [single, dayNight, exclusive, variable]) {
      const input = {
        contracts: [{ ...contract, effectiveFrom: '2025-01-01' }],
        rates: [rates],
        capacityW: () => 3000,
      };
      // the totals keep each quarter's register but not how many quarters only the clock could split
      expect(billOfDays({ ...input, quarters: totals }, '2025-03-01', '2025-03-31')).toEqual({
        ...billOfDays({ ...input, quarters: month }, '2025-03-01', '2025-03-31'),
        quartersByClock: 0,
      });
    }
  });
});
