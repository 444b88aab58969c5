import { z } from 'zod';
import {
  deviceIdSchema,
  isoUtcSchema,
  nonNegativeWattsSchema,
  percentSchema,
  versionField,
  wattsSchema,
} from './common';
import { batteryStatusSchema, chargerStatusSchema, heatStatusSchema } from './device-status';

/** One phase as the P1 port reports it; fields absent when the meter does not send them. */
const phaseSchema = z.object({
  voltageV: z.number().nonnegative().optional(),
  currentA: z.number().nonnegative().optional(),
  importW: nonNegativeWattsSchema.optional(),
  exportW: nonNegativeWattsSchema.optional(),
});

/** Grid side, from the P1 port. Import and export are separate non-negative values, as the meter sends them. */
const gridSchema = z.object({
  /** 1-0:1.7.0 */
  importW: nonNegativeWattsSchema,
  /** 1-0:2.7.0 */
  exportW: nonNegativeWattsSchema,
  /** l2/l3 absent on a single-phase connection. */
  phases: z
    .object({ l1: phaseSchema.optional(), l2: phaseSchema.optional(), l3: phaseSchema.optional() })
    .optional(),
  /** 1-0:1.4.0: running average import of the current quarter-hour (capacity tariff). */
  quarterAverageW: nonNegativeWattsSchema.optional(),
  /** 1-0:1.6.0: this month's peak quarter and its start; `at` null when the month has none yet. */
  monthPeak: z.object({ w: nonNegativeWattsSchema, at: isoUtcSchema.nullable() }).optional(),
  /** 0-0:96.1.2: the connection's EAN as the meter itself says it (e-MUCS ≥ 2.1.1), to check what was typed. */
  meterEan: z
    .string()
    .regex(/^\d{18}$/)
    .optional(),
});

const pvSchema = z.object({ w: nonNegativeWattsSchema });

/** Sign convention: `w` > 0 the battery is charging (taking power), `w` < 0 it is discharging (giving power). */
const batterySchema = z.object({
  w: wattsSchema,
  socPct: percentSchema,
  status: batteryStatusSchema,
});

const chargerSchema = z.object({
  id: deviceIdSchema,
  w: nonNegativeWattsSchema,
  status: chargerStatusSchema,
  /** Energy of the open session so far (Wh); absent without a session, and from older gateways. */
  sessionWh: z.int().nonnegative().optional(),
});

const heatSchema = z.object({
  w: nonNegativeWattsSchema,
  tempC: z.number().min(-50).max(150),
  status: heatStatusSchema,
});

/** `live` (QoS 0, about every 5 s). Device sections are absent when the site has no such device. */
export const livePayloadSchema = z.object({
  v: versionField,
  ts: isoUtcSchema,
  /** Absent only while the P1 port gives no valid telegram. */
  grid: gridSchema.optional(),
  pv: pvSchema.optional(),
  battery: batterySchema.optional(),
  chargers: z.array(chargerSchema).max(16).optional(),
  heat: heatSchema.optional(),
});
export type LivePayload = z.infer<typeof livePayloadSchema>;
