import {
  addDays,
  brusselsDayWindow,
  brusselsLocalDate,
  daysBetween,
  type LocalDate,
} from '../time/brussels-time';
import { toWireInstant } from '../wire/common';
import type {
  EnergyIntervalWire,
  EnergyResponseWire,
  MeasurementWire,
  PhysicalMeterWire,
  SubHeadpointWire,
  ValidationState,
} from '../wire/energy-wire';
import { type SimulatedQuarter, simulateDay, simulateGasDay } from './household-model';
import { between, hashString, unitRandom } from './prng';
import type { MeterLayout } from './simulator-options';

/** What the simulator serves for one quarter once validation has had its say (estimates may differ from the truth). */
export interface ServedQuarter extends SimulatedQuarter {
  validationState: ValidationState;
  servedOfftakeWh: number;
  servedInjectionWh: number;
  servedProductionWh: number;
}

export interface EnergyQuery {
  ean: string;
  energyType: 'E' | 'G';
  layout: MeterLayout;
  granularity: 'daily' | 'quarter-hourly';
  /** Already clipped to the mandate, the history limit and the end of yesterday. */
  from: Date;
  to: Date;
  now: Date;
  seed: number;
  duplicateSome: boolean;
}

/**
 * Validation as it unfolds after the day: fresh data is READ, validated (VAL) from the third day; about 1 % of recent
 * quarters are estimated (EST, with a different value) and 0.2 % not validated (NVAL) until a week has passed, when
 * the true value is served as VAL — so a re-sync a week later brings corrections, as with the real Fluvius.
 */
export function servedDay(ean: string, date: LocalDate, now: Date, seed: number): ServedQuarter[] {
  const key = hashString(ean);
  const age = daysBetween(date, brusselsLocalDate(now));
  return simulateDay(ean, date, seed).map((quarter) => {
    const index = quarter.start.getTime() / 900_000;
    const roll = unitRandom(seed, key, index, 51);
    let validationState: ValidationState = age < 3 ? 'READ' : 'VAL';
    let factor = 1;
    if (age < 7 && roll < 0.01) {
      validationState = 'EST';
      factor = between(0.7, 1.3, seed, key, index, 52);
    } else if (age < 7 && roll < 0.012) {
      validationState = 'NVAL';
    }
    return {
      ...quarter,
      validationState,
      servedOfftakeWh: Math.round(quarter.offtakeWh * factor),
      servedInjectionWh: Math.round(quarter.injectionWh * factor),
      servedProductionWh: Math.round(quarter.productionWh * factor),
    };
  });
}

const kwh = (wh: number) => Math.round(wh) / 1000;
const stateRank: Record<ValidationState, number> = { VAL: 0, READ: 1, EST: 2, NVAL: 3 };

function daysCovering(from: Date, to: Date): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = brusselsLocalDate(from); brusselsDayWindow(day).from < to; day = addDays(day, 1))
    days.push(day);
  return days;
}

function register(value: number, validationState: ValidationState, unit = 'kWh') {
  return { value, unit, validationState };
}

interface Series {
  main: EnergyIntervalWire[];
  production: EnergyIntervalWire[];
}

function electricitySeries(query: EnergyQuery): Series {
  const main: EnergyIntervalWire[] = [];
  const production: EnergyIntervalWire[] = [];
  for (const day of daysCovering(query.from, query.to)) {
    const quarters = servedDay(query.ean, day, query.now, query.seed);
    if (query.granularity === 'quarter-hourly') {
      for (const q of quarters) {
        if (q.start < query.from || q.end > query.to) continue;
        const interval = { start: toWireInstant(q.start), end: toWireInstant(q.end) };
        // A digital meter's quarter is booked on the register it ran on, as in the Mijn Fluvius export (Afname Dag /
        // Afname Nacht): what a day/night bill is split by.
        main.push({
          ...interval,
          measurements: [
            {
              offtake: { [q.tariff]: register(kwh(q.servedOfftakeWh), q.validationState) },
              injection: { [q.tariff]: register(kwh(q.servedInjectionWh), q.validationState) },
            },
          ],
        });
        production.push({
          ...interval,
          measurements: [{ production: { total: register(kwh(q.servedProductionWh), q.validationState) } }],
        });
      }
      continue;
    }
    const window = brusselsDayWindow(day);
    if (window.from < query.from || window.to > query.to) continue;
    const sum = (pick: (q: ServedQuarter) => number, tariff: 'day' | 'night' | null) =>
      quarters.filter((q) => tariff === null || q.tariff === tariff).reduce((total, q) => total + pick(q), 0);
    const worst = quarters.reduce<ValidationState>(
      (acc, q) => (stateRank[q.validationState] > stateRank[acc] ? q.validationState : acc),
      'VAL',
    );
    const interval = { start: toWireInstant(window.from), end: toWireInstant(window.to) };
    const measurement: MeasurementWire = {
      offtake: {
        day: register(kwh(sum((q) => q.servedOfftakeWh, 'day')), worst),
        night: register(kwh(sum((q) => q.servedOfftakeWh, 'night')), worst),
      },
      injection: {
        day: register(kwh(sum((q) => q.servedInjectionWh, 'day')), worst),
        night: register(kwh(sum((q) => q.servedInjectionWh, 'night')), worst),
      },
    };
    main.push({ ...interval, measurements: [measurement] });
    production.push({
      ...interval,
      measurements: [{ production: { total: register(kwh(sum((q) => q.servedProductionWh, null)), worst) } }],
    });
  }
  return { main, production };
}

function gasSeries(query: EnergyQuery): EnergyIntervalWire[] {
  const intervals: EnergyIntervalWire[] = [];
  for (const day of daysCovering(query.from, query.to)) {
    const hours = simulateGasDay(query.ean, day, query.seed);
    const state: ValidationState = daysBetween(day, brusselsLocalDate(query.now)) < 3 ? 'READ' : 'VAL';
    const measurementsOf = (m3: number, energy: number) => [
      { offtake: { total: register(Math.round(m3 * 1000) / 1000, state, 'm3') } },
      {
        offtake: {
          total: { ...register(Math.round(energy * 1000) / 1000, state), gasConversionFactor: 'D' as const },
        },
      },
    ];
    if (query.granularity === 'quarter-hourly') {
      for (const h of hours) {
        if (h.start < query.from || h.end > query.to) continue;
        intervals.push({
          start: toWireInstant(h.start),
          end: toWireInstant(h.end),
          measurements: measurementsOf(h.m3, h.kwh),
        });
      }
      continue;
    }
    const window = brusselsDayWindow(day);
    if (window.from < query.from || window.to > query.to) continue;
    const m3 = hours.reduce((t, h) => t + h.m3, 0);
    const energy = hours.reduce((t, h) => t + h.kwh, 0);
    intervals.push({
      start: toWireInstant(window.from),
      end: toWireInstant(window.to),
      measurements: measurementsOf(m3, energy),
    });
  }
  return intervals;
}

/** Fluvius does repeat intervals now and then; the `duplicates` fault makes every seventh appear twice. */
function withDuplicates(intervals: EnergyIntervalWire[], on: boolean): EnergyIntervalWire[] {
  if (!on) return intervals;
  return intervals.flatMap((interval, i) => (i % 7 === 3 ? [interval, interval] : [interval]));
}

/** A synthetic but valid-looking EAN for a PV sub-headpoint, stable per main EAN. */
function subHeadpointEan(ean: string): string {
  return `5414${String(hashString(`${ean}/pv`))
    .padStart(10, '0')
    .slice(0, 10)}${ean.slice(-4)}`;
}

export function buildEnergyResponse(query: EnergyQuery, fetchTime: Date): EnergyResponseWire {
  const seriesKey =
    query.granularity === 'daily'
      ? 'dailyEnergy'
      : query.energyType === 'G'
        ? 'hourlyEnergy'
        : 'quarterHourlyEnergy';
  const meterId = `1SAG${String(hashString(query.ean)).padStart(10, '0')}`;
  let main: EnergyIntervalWire[];
  let production: EnergyIntervalWire[] = [];
  if (query.energyType === 'G') {
    main = gasSeries(query);
  } else {
    const series = electricitySeries(query);
    main = series.main;
    production = series.production;
  }
  main = withDuplicates(main, query.duplicateSome);

  const { headpointType, productionSubHeadpoint } = query.layout;
  const onHeadpoint = headpointType !== 'metering-on-meter';
  const onMeter = headpointType !== 'metering-on-headpoint';
  const physicalMeter: PhysicalMeterWire = {
    seqNumber: '1',
    meterID: meterId,
    ...(onMeter ? { [seriesKey]: main } : {}),
  };
  const subHeadpoints: SubHeadpointWire[] =
    productionSubHeadpoint && query.energyType === 'E'
      ? [
          {
            $type: 'submetering-production',
            ean: subHeadpointEan(query.ean),
            seqNumber: '1',
            vregId: '1',
            type: 'PV',
            [seriesKey]: production,
          },
        ]
      : [];

  return {
    data: {
      headpoint: {
        $type: headpointType,
        ean: query.ean,
        energyType: query.energyType,
        ...(onHeadpoint ? { [seriesKey]: main } : {}),
        physicalMeters: [physicalMeter],
        ...(subHeadpoints.length > 0 ? { subHeadpoints } : {}),
      },
    },
    _meta: { fetchTime: toWireInstant(fetchTime) },
  };
}
