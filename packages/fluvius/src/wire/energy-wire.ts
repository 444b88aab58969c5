import { z } from 'zod';
import { energyTypeSchema, metaSchema, wireInstantSchema } from './common';

export const validationStateSchema = z.enum(['READ', 'EST', 'VAL', 'NVAL']);
export type ValidationState = z.infer<typeof validationStateSchema>;

/** Sources disagree on casing (`kVArh` vs `KVArh`), so units are matched case-insensitively. */
export const energyUnitFactorsWh: Readonly<Record<string, number | null>> = {
  wh: 1,
  kwh: 1000,
  // Not energy in Wh: reactive energy, apparent/active power and gas volume are skipped by the client.
  kvarh: null,
  kva: null,
  kw: null,
  m3: null,
};

const unitSchema = z.string().refine((unit) => unit.toLowerCase() in energyUnitFactorsWh, {
  message: 'unknown unit',
});

export const registerValueSchema = z.object({
  value: z.number().nullable(),
  unit: unitSchema,
  validationState: validationStateSchema.nullish(),
  /** Gas: Provisional, Definitive or Constant conversion factor. */
  gasConversionFactor: z.enum(['P', 'D', 'C']).nullish(),
});

export const registerNames = ['total', 'day', 'night', 'reactive', 'inductive', 'capacitive'] as const;
export type RegisterName = (typeof registerNames)[number];

export const directionSchema = z.object({
  total: registerValueSchema.nullish(),
  day: registerValueSchema.nullish(),
  night: registerValueSchema.nullish(),
  reactive: registerValueSchema.nullish(),
  inductive: registerValueSchema.nullish(),
  capacitive: registerValueSchema.nullish(),
});

export const energyDirections = ['offtake', 'injection', 'production', 'auxiliary'] as const;
export type EnergyDirection = (typeof energyDirections)[number];

export const measurementSchema = z.object({
  offtake: directionSchema.nullish(),
  injection: directionSchema.nullish(),
  production: directionSchema.nullish(),
  auxiliary: directionSchema.nullish(),
});

export const energyIntervalSchema = z.object({
  start: wireInstantSchema,
  end: wireInstantSchema,
  measurements: z.array(measurementSchema).nullish(),
});

const energySeriesShape = {
  dailyEnergy: z.array(energyIntervalSchema).nullish(),
  hourlyEnergy: z.array(energyIntervalSchema).nullish(),
  quarterHourlyEnergy: z.array(energyIntervalSchema).nullish(),
};
export const energySeriesKeys = ['dailyEnergy', 'hourlyEnergy', 'quarterHourlyEnergy'] as const;
export type EnergySeriesKey = (typeof energySeriesKeys)[number];

const seqNumberSchema = z.union([z.string(), z.number()]).transform(String);

export const physicalMeterSchema = z.object({
  seqNumber: seqNumberSchema.nullish(),
  meterID: z.string().nullish(),
  ...energySeriesShape,
});

export const subHeadpointTypeSchema = z.enum([
  'submetering-auxiliary',
  'submetering-offtake',
  'submetering-production',
]);

export const subHeadpointSchema = z.object({
  $type: subHeadpointTypeSchema,
  ean: z.string().nullish(),
  seqNumber: seqNumberSchema.nullish(),
  vregId: z.string().nullish(),
  /** PV, BAT, PPBAT, PPPV, WKKA/B/D, WND, …; the XSD calls it `installationType`. */
  type: z.string().nullish(),
  installationType: z.string().nullish(),
  physicalMeters: z.array(physicalMeterSchema).nullish(),
  ...energySeriesShape,
});

export const headpointTypeSchema = z.enum([
  'metering-on-headpoint',
  'metering-on-headpoint-and-meter',
  'metering-on-meter',
]);
export type HeadpointType = z.infer<typeof headpointTypeSchema>;

export const headpointSchema = z.object({
  $type: headpointTypeSchema,
  ean: z.string().nullish(),
  energyType: energyTypeSchema,
  physicalMeters: z.array(physicalMeterSchema).nullish(),
  subHeadpoints: z.array(subHeadpointSchema).nullish(),
  ...energySeriesShape,
});
export type HeadpointWireParsed = z.output<typeof headpointSchema>;

export const energyResponseSchema = z.object({
  _meta: metaSchema.nullish(),
  data: z.object({ fetchTime: z.string().nullish(), headpoint: headpointSchema.nullish() }),
});
export type EnergyResponseWire = z.input<typeof energyResponseSchema>;
export type EnergyIntervalWire = z.input<typeof energyIntervalSchema>;
export type MeasurementWire = z.input<typeof measurementSchema>;
export type PhysicalMeterWire = z.input<typeof physicalMeterSchema>;
export type SubHeadpointWire = z.input<typeof subHeadpointSchema>;
