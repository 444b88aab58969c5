import type { z } from 'zod';
import {
  type EnergyDirection,
  type EnergySeriesKey,
  energyDirections,
  type energyIntervalSchema,
  energySeriesKeys,
  energyUnitFactorsWh,
  type HeadpointType,
  type HeadpointWireParsed,
  type subHeadpointTypeSchema,
  type ValidationState,
} from '../wire/energy-wire';

export const energyRegisters = ['total', 'day', 'night'] as const;
export type EnergyRegister = (typeof energyRegisters)[number];

export type ReadingGranularity = 'quarter-hour' | 'hour' | 'day';
export type ReadingLevel = 'headpoint' | 'physical-meter' | 'sub-headpoint';

/** One value of one register of one interval, flattened out of the nested v3 response. */
export interface EnergyReading {
  granularity: ReadingGranularity;
  start: Date;
  end: Date;
  /** Where in the response it sat: the headpoint itself, one of its physical meters, or a sub-headpoint. */
  level: ReadingLevel;
  /** The headpoint's EAN, or the sub-headpoint's own for sub-headpoint readings. */
  ean: string | null;
  meterId: string | null;
  /** Sub-headpoint readings only: which kind of sub-metering, and of what installation (PV, BAT, …). */
  subHeadpointType: z.infer<typeof subHeadpointTypeSchema> | null;
  installationType: string | null;
  direction: EnergyDirection;
  register: EnergyRegister;
  wh: number;
  validationState: ValidationState | null;
}

export interface FlattenedEnergy {
  ean: string | null;
  energyType: 'E' | 'G' | null;
  meteringType: HeadpointType | null;
  readings: EnergyReading[];
  /** The same interval+register given twice (Fluvius does send duplicates); the first one is kept. */
  duplicatesDropped: number;
  /** Values in units that are not energy in Wh (kVArh, kW, m³) and registers that are not total/day/night. */
  nonEnergyValuesSkipped: number;
  /** Registers present with `value: null`. */
  emptyValues: number;
}

const granularityOfSeries: Record<EnergySeriesKey, ReadingGranularity> = {
  quarterHourlyEnergy: 'quarter-hour',
  hourlyEnergy: 'hour',
  dailyEnergy: 'day',
};

type Interval = z.output<typeof energyIntervalSchema>;
type Series = Partial<Record<EnergySeriesKey, Interval[] | null | undefined>>;
type Origin = Pick<EnergyReading, 'level' | 'ean' | 'meterId' | 'subHeadpointType' | 'installationType'>;

/** Collects readings of several responses (one per request window), dropping duplicates across all of them. */
export class EnergyReadingCollector {
  readonly readings: EnergyReading[] = [];
  duplicatesDropped = 0;
  nonEnergyValuesSkipped = 0;
  emptyValues = 0;
  ean: string | null = null;
  energyType: 'E' | 'G' | null = null;
  meteringType: HeadpointType | null = null;
  private readonly seen = new Set<string>();

  addHeadpoint(headpoint: HeadpointWireParsed | null | undefined): void {
    if (!headpoint) return;
    this.ean ??= headpoint.ean ?? null;
    this.energyType ??= headpoint.energyType;
    this.meteringType ??= headpoint.$type;
    const main = { ean: headpoint.ean ?? null, subHeadpointType: null, installationType: null };
    this.addSeries(headpoint, { ...main, level: 'headpoint', meterId: null });
    for (const meter of headpoint.physicalMeters ?? []) {
      this.addSeries(meter, {
        ...main,
        level: 'physical-meter',
        meterId: meter.meterID ?? meter.seqNumber ?? null,
      });
    }
    for (const sub of headpoint.subHeadpoints ?? []) {
      const origin = {
        level: 'sub-headpoint' as const,
        ean: sub.ean ?? null,
        subHeadpointType: sub.$type,
        installationType: sub.type ?? sub.installationType ?? null,
      };
      this.addSeries(sub, { ...origin, meterId: null });
      for (const meter of sub.physicalMeters ?? []) {
        this.addSeries(meter, { ...origin, meterId: meter.meterID ?? meter.seqNumber ?? null });
      }
    }
  }

  result(): FlattenedEnergy {
    return {
      ean: this.ean,
      energyType: this.energyType,
      meteringType: this.meteringType,
      readings: [...this.readings].sort((a, b) => a.start.getTime() - b.start.getTime()),
      duplicatesDropped: this.duplicatesDropped,
      nonEnergyValuesSkipped: this.nonEnergyValuesSkipped,
      emptyValues: this.emptyValues,
    };
  }

  private addSeries(series: Series, origin: Origin): void {
    for (const key of energySeriesKeys) {
      for (const interval of series[key] ?? []) this.addInterval(granularityOfSeries[key], interval, origin);
    }
  }

  private addInterval(granularity: ReadingGranularity, interval: Interval, origin: Origin): void {
    for (const measurement of interval.measurements ?? []) {
      for (const direction of energyDirections) {
        const registers = measurement[direction];
        if (!registers) continue;
        for (const [register, value] of Object.entries(registers)) {
          if (!value) continue;
          const factor = energyUnitFactorsWh[value.unit.toLowerCase()];
          if (!factor || !(energyRegisters as readonly string[]).includes(register)) {
            this.nonEnergyValuesSkipped++;
            continue;
          }
          if (value.value === null) {
            this.emptyValues++;
            continue;
          }
          const key = [
            origin.level,
            origin.ean,
            origin.meterId,
            origin.subHeadpointType,
            granularity,
            interval.start.getTime(),
            direction,
            register,
          ].join('|');
          if (this.seen.has(key)) {
            this.duplicatesDropped++;
            continue;
          }
          this.seen.add(key);
          this.readings.push({
            granularity,
            start: interval.start,
            end: interval.end,
            ...origin,
            direction,
            register: register as EnergyRegister,
            wh: Math.round(value.value * factor),
            validationState: value.validationState ?? null,
          });
        }
      }
    }
  }
}

export function flattenHeadpoint(headpoint: HeadpointWireParsed | null | undefined): FlattenedEnergy {
  const collector = new EnergyReadingCollector();
  collector.addHeadpoint(headpoint);
  return collector.result();
}
