import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type SimulatedFluvius, startSimulatedFluvius } from '../testing';
import {
  addDays,
  brusselsDaysWindow,
  brusselsDayWindow,
  brusselsLocalDate,
  daysBetween,
  type LocalDate,
  quarterHoursInBrusselsDay,
} from '../time/brussels-time';
import { intervalTotals } from './interval-totals';

const NOW = new Date('2024-11-05T09:00:00Z'); // yesterday in Brussels: 2024-11-04
const EAN = '541448820052377134';
const REF = 'ENERGY1';

const clock = createManualClock(NOW);
let fluvius: SimulatedFluvius;

beforeAll(async () => {
  fluvius = await startSimulatedFluvius({ simulator: { clock }, deps: { clock } });
});
afterAll(() => fluvius.close());
beforeEach(() => {
  clock.set(NOW);
  fluvius.simulator.control.reset();
  fluvius.simulator.control.createMandate({ referenceNumber: REF, ean: EAN });
  fluvius.simulator.control.setLayout(EAN, {
    headpointType: 'metering-on-meter',
    productionSubHeadpoint: false,
  });
});

function fetchDays(
  first: LocalDate,
  last: LocalDate,
  granularity: 'quarter-hourly' | 'daily' = 'quarter-hourly',
) {
  return fluvius.client.getEnergy({
    referenceNumber: REF,
    ean: EAN,
    ...brusselsDaysWindow(first, last),
    granularity,
  });
}

describe('quarter-hour energy', () => {
  it('matches what the simulator serves for yesterday, quarter by quarter, in Wh', async () => {
    const result = await fetchDays('2024-11-04', '2024-11-04');
    const truth = fluvius.simulator.control.servedDay(EAN, '2024-11-04');
    const totals = intervalTotals(result.readings, 'quarter-hour');
    expect(totals).toHaveLength(96);
    expect(totals.map((t) => [t.start.toISOString(), t.offtakeWh, t.injectionWh, t.validationState])).toEqual(
      truth.map((q) => [q.start.toISOString(), q.servedOfftakeWh, q.servedInjectionWh, q.validationState]),
    );
    expect(result).toMatchObject({
      ean: EAN,
      energyType: 'E',
      meteringType: 'metering-on-meter',
      windows: 1,
    });
    // each quarter on the register the meter counted it on (decision 300): Monday 00:00 night, Monday noon day
    expect(result.readings[0]).toMatchObject({
      level: 'physical-meter',
      register: 'night',
      granularity: 'quarter-hour',
    });
    const noon = result.readings.filter((r) => r.start.toISOString() === '2024-11-04T11:00:00.000Z');
    expect(noon.map((r) => r.register)).toContain('day');
    expect(noon.map((r) => r.register)).not.toContain('night');
  });

  it('gives the same totals whatever the headpoint layout, and production only from a PV sub-headpoint', async () => {
    const truth = fluvius.simulator.control.servedDay(EAN, '2024-11-03');
    const expected = truth.map((q) => [q.servedOfftakeWh, q.servedInjectionWh]);
    for (const headpointType of [
      'metering-on-meter',
      'metering-on-headpoint',
      'metering-on-headpoint-and-meter',
    ] as const) {
      for (const productionSubHeadpoint of [false, true]) {
        fluvius.simulator.control.setLayout(EAN, { headpointType, productionSubHeadpoint });
        const result = await fetchDays('2024-11-03', '2024-11-03');
        const totals = intervalTotals(result.readings, 'quarter-hour');
        expect(
          totals.map((t) => [t.offtakeWh, t.injectionWh]),
          headpointType,
        ).toEqual(expected);
        expect(result.meteringType).toBe(headpointType);
        const production = totals.map((t) => t.productionWh);
        expect(production).toEqual(
          productionSubHeadpoint ? truth.map((q) => q.servedProductionWh) : truth.map(() => null),
        );
      }
    }
  });

  it('has 100 quarters on the autumn clock-change day and 92 on the spring one', async () => {
    const autumn = intervalTotals((await fetchDays('2024-10-27', '2024-10-27')).readings, 'quarter-hour');
    expect(autumn).toHaveLength(100);
    expect(autumn[0]?.start.toISOString()).toBe('2024-10-26T22:00:00.000Z');
    expect(autumn.at(-1)?.end.toISOString()).toBe('2024-10-27T23:00:00.000Z');
    const spring = intervalTotals((await fetchDays('2024-03-31', '2024-03-31')).readings, 'quarter-hour');
    expect(spring).toHaveLength(92);
  });

  it('has nothing for today yet, and yesterday from just after midnight', async () => {
    expect((await fetchDays('2024-11-05', '2024-11-05')).readings).toEqual([]);
    clock.set(new Date('2024-11-04T23:05:00Z')); // 00:05 on 5 November in Brussels
    expect(
      intervalTotals((await fetchDays('2024-11-04', '2024-11-04')).readings, 'quarter-hour'),
    ).toHaveLength(96);
    clock.set(new Date('2024-11-04T22:55:00Z')); // 23:55 on 4 November: still today
    expect((await fetchDays('2024-11-04', '2024-11-04')).readings).toEqual([]);
  });

  it('splits a year into windows of at most 184 days and loses no quarter at the seams', async () => {
    const first = '2023-11-01';
    const last = '2024-10-31';
    const result = await fetchDays(first, last);
    // (Status 200 only: the reset in beforeEach voids the cached token, so the first attempt may be a 401.)
    const energyRequests = fluvius.simulator.control
      .requests()
      .filter((r) => r.route === 'energy' && r.status === 200);
    expect(result.windows).toBe(energyRequests.length);
    expect(energyRequests.length).toBeGreaterThanOrEqual(2);
    const windows = energyRequests.map((r) => ({ from: new Date(r.query.from!), to: new Date(r.query.to!) }));
    for (const w of windows) expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(184 * 86_400_000);
    expect(windows[0]?.from).toEqual(brusselsDayWindow(first).from);
    expect(windows.at(-1)?.to).toEqual(brusselsDayWindow(last).to);
    windows.slice(1).forEach((w, i) => {
      expect(w.from).toEqual(windows[i]?.to);
    });
    let expectedQuarters = 0;
    for (let day = first; daysBetween(day, last) >= 0; day = addDays(day, 1))
      expectedQuarters += quarterHoursInBrusselsDay(day);
    expect(intervalTotals(result.readings, 'quarter-hour')).toHaveLength(expectedQuarters);
    expect(result.duplicatesDropped).toBe(0);
  });

  it('drops intervals Fluvius sends twice', async () => {
    fluvius.simulator.control.setFault({ kind: 'duplicates', route: 'energy' });
    const result = await fetchDays('2024-11-04', '2024-11-04');
    expect(result.duplicatesDropped).toBeGreaterThan(0);
    const truth = fluvius.simulator.control.servedDay(EAN, '2024-11-04');
    expect(intervalTotals(result.readings, 'quarter-hour').map((t) => t.offtakeWh)).toEqual(
      truth.map((q) => q.servedOfftakeWh),
    );
  });

  it('brings corrected values when an estimated day is fetched again a week later', async () => {
    let day: LocalDate | null = null;
    for (let back = 1; back <= 6 && day === null; back++) {
      const candidate = addDays('2024-11-05', -back);
      if (fluvius.simulator.control.servedDay(EAN, candidate).some((q) => q.validationState === 'EST'))
        day = candidate;
    }
    expect(day, 'the model estimates about 1 % of recent quarters').not.toBeNull();
    const before = intervalTotals((await fetchDays(day!, day!)).readings, 'quarter-hour');
    const estimated = before.findIndex((t) => t.validationState === 'EST');
    clock.advance(8 * 86_400_000);
    const after = intervalTotals((await fetchDays(day!, day!)).readings, 'quarter-hour');
    const truth = fluvius.simulator.control.servedDay(EAN, day!);
    expect(after[estimated]?.validationState).toBe('VAL');
    expect(after[estimated]?.offtakeWh).toBe(truth[estimated]?.offtakeWh);
    expect(after.every((t) => t.validationState === 'VAL')).toBe(true);
  });

  it('serves nothing outside the mandate period', async () => {
    fluvius.simulator.control.createMandate({
      referenceNumber: 'RECENT1',
      ean: EAN,
      dataPeriodFrom: brusselsDayWindow('2024-11-03').from,
    });
    const result = await fluvius.client.getEnergy({
      referenceNumber: 'RECENT1',
      ean: EAN,
      ...brusselsDaysWindow('2024-11-01', '2024-11-04'),
      granularity: 'quarter-hourly',
    });
    expect(
      new Set(intervalTotals(result.readings, 'quarter-hour').map((t) => brusselsLocalDate(t.start))),
    ).toEqual(new Set(['2024-11-03', '2024-11-04']));
  });
});

describe('daily energy', () => {
  it('equals the sum of the quarters, per register', async () => {
    const daily = await fetchDays('2024-10-28', '2024-11-03', 'daily');
    const days = intervalTotals(daily.readings, 'day');
    expect(days).toHaveLength(7);
    for (const [i, total] of days.entries()) {
      const truth = fluvius.simulator.control.servedDay(EAN, addDays('2024-10-28', i));
      expect(total.offtakeWh).toBe(truth.reduce((sum, q) => sum + q.servedOfftakeWh, 0));
      expect(total.injectionWh).toBe(truth.reduce((sum, q) => sum + q.servedInjectionWh, 0));
      const night = daily.readings.find(
        (r) =>
          r.start.getTime() === total.start.getTime() && r.direction === 'offtake' && r.register === 'night',
      );
      expect(night?.wh).toBe(
        truth.filter((q) => q.tariff === 'night').reduce((sum, q) => sum + q.servedOfftakeWh, 0),
      );
    }
  });
});

describe('gas', () => {
  it('comes hourly, in kWh, with the m³ values skipped', async () => {
    const GAS = '541448860018322037';
    fluvius.simulator.control.markGas(GAS);
    fluvius.simulator.control.createMandate({ referenceNumber: 'GAS1', ean: GAS });
    const result = await fluvius.client.getEnergy({
      referenceNumber: 'GAS1',
      ean: GAS,
      ...brusselsDayWindow('2024-11-04'),
      granularity: 'quarter-hourly',
    });
    expect(result.energyType).toBe('G');
    expect(result.readings).toHaveLength(24);
    expect(result.readings.every((r) => r.granularity === 'hour' && r.direction === 'offtake')).toBe(true);
    expect(result.nonEnergyValuesSkipped).toBe(24);
  });
});
