import { z } from 'zod';
import { counterWhSchema, deviceIdSchema, isoUtcSchema, percentSchema, versionField } from './common';

export const QUARTER_MS = 15 * 60 * 1000;

/** The quarter-hour boundary at or before `at` (UTC :00/:15/:30/:45 — Brussels is a whole-hour offset). */
export function floorToQuarter(at: Date): Date {
  return new Date(Math.floor(at.getTime() / QUARTER_MS) * QUARTER_MS);
}

const quarterBoundarySchema = isoUtcSchema.refine((ts) => Date.parse(ts) % QUARTER_MS === 0, {
  message: 'must be a quarter-hour boundary (:00, :15, :30 or :45 exactly)',
});

/** P1 energy registers 1.8.1/1.8.2 (import) and 2.8.1/2.8.2 (export); T1 = day, T2 = night tariff. */
const meterCountersSchema = z.object({
  importT1Wh: counterWhSchema,
  importT2Wh: counterWhSchema,
  exportT1Wh: counterWhSchema,
  exportT2Wh: counterWhSchema,
});

/** An M-Bus meter index with the time the M-Bus device itself stamped it (it lags the electricity meter). */
const volumeReadingSchema = z.object({
  m3: z.number().nonnegative(),
  at: isoUtcSchema,
});

/**
 * `energy` (QoS 1, one per quarter-hour): cumulative counters as they stood at the boundary `ts`. The ingest derives
 * a quarter's energy as the difference with the previous boundary's message, so a lost message only merges two
 * quarters and a repeated one (same serial + ts) changes nothing. Absent sections: the site has no such device or it
 * could not be read at that boundary.
 */
export const energyPayloadSchema = z.object({
  v: versionField,
  /** The boundary instant the counters were taken at; they cover everything before it. */
  ts: quarterBoundarySchema,
  /** Increases by one per message from a gateway (persisted across restarts); a jump tells the ingest of a gap. */
  seq: z.int().nonnegative(),
  meter: meterCountersSchema.optional(),
  gas: volumeReadingSchema.optional(),
  water: volumeReadingSchema.optional(),
  pv: z.object({ wh: counterWhSchema }).optional(),
  battery: z
    .object({ chargedWh: counterWhSchema, dischargedWh: counterWhSchema, socPct: percentSchema })
    .optional(),
  chargers: z
    .array(z.object({ id: deviceIdSchema, wh: counterWhSchema }))
    .max(16)
    .optional(),
  heat: z.object({ wh: counterWhSchema, tempC: z.number().min(-50).max(150) }).optional(),
});
export type EnergyPayload = z.infer<typeof energyPayloadSchema>;
