import { z } from 'zod';
import { chargeGuaranteeSchema } from './charging';
import {
  deviceErrorSchema,
  deviceIdSchema,
  isoUtcSchema,
  messageIdSchema,
  nonNegativeWattsSchema,
  versionField,
} from './common';
import {
  batteryStatusSchema,
  chargerStatusSchema,
  FAULT_STATUS,
  heatStatusSchema,
  linkStatusSchema,
} from './device-status';

const base = {
  v: versionField,
  /** The ingest stores each id once, so QoS 1 repeats and store-and-forward replays are harmless. */
  id: messageIdSchema,
  ts: isoUtcSchema,
};

/** A status change; `from` is null for the first status after start. */
function statusChange<T extends string, S extends z.ZodEnum>(deviceType: T, status: S) {
  return z.object({
    ...base,
    type: z.literal('device.status'),
    deviceId: deviceIdSchema,
    deviceType: z.literal(deviceType),
    from: status.nullable(),
    to: status,
    /** Present exactly when `to` is `Fout`: what the support desk sees. */
    error: deviceErrorSchema.optional(),
  });
}

const deviceStatusEventSchema = z
  .discriminatedUnion('deviceType', [
    statusChange('battery', batteryStatusSchema),
    statusChange('heat', heatStatusSchema),
    statusChange('charger', chargerStatusSchema),
    statusChange('inverter', linkStatusSchema),
    statusChange('meter', linkStatusSchema),
  ])
  .refine((e) => (e.to === FAULT_STATUS) === (e.error !== undefined), {
    message: 'error (code and text) is required exactly when the new status is Fout',
    path: ['error'],
  });

const session = {
  sessionId: z.string().min(1).max(64),
  chargerId: deviceIdSchema,
  mode: z.enum(['fast', 'smart']),
  userId: z.string().min(1).max(64).optional(),
  /** Smart sessions: the grid share allowed and the guarantee, as started (absent from older gateways). */
  gridSharePct: z.int().min(0).max(100).optional(),
  guarantee: chargeGuaranteeSchema.optional(),
};
/** Of the session's energy so far, what the gateway counted as solar surplus (the rest came from the grid). */
const solarWh = z.int().nonnegative().optional();

const chargeStartSchema = z.object({ ...base, type: z.literal('charge.session.start'), ...session });
/** Progress while charging; `energyWh` is the session total so far (not a delta). */
const chargeEnergySchema = z.object({
  ...base,
  type: z.literal('charge.session.energy'),
  ...session,
  energyWh: z.int().nonnegative(),
  solarWh,
});
const chargeStopSchema = z.object({
  ...base,
  type: z.literal('charge.session.stop'),
  ...session,
  energyWh: z.int().nonnegative(),
  solarWh,
  /** `interrupted`: it ended while nobody watched (the gateway was restarting, or lost the session). */
  reason: z.enum(['user', 'ev_disconnected', 'command', 'timer', 'fault', 'interrupted']).optional(),
});

/** Every action a local controller takes, with its reason, so a homeowner's "why did it do that" has an answer. */
const controlDecisionSchema = z.object({
  ...base,
  type: z.literal('control.decision'),
  controller: z.string().min(1).max(64),
  action: z.string().min(1).max(64),
  reason: z.string().min(1).max(500),
  values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).optional(),
});

const maintenanceProgressSchema = z.object({
  ...base,
  type: z.literal('maintenance.progress'),
  batteryId: deviceIdSchema,
  /** The planned charge (the `maintenance` controller section's id) this progress belongs to. */
  chargeId: z.string().min(1).max(64).optional(),
  phase: z.enum(['started', 'charging', 'completed', 'aborted']),
  socPct: z.number().min(0).max(100).optional(),
  reason: z.string().max(500).optional(),
});

const modbusErrorSchema = z.object({
  ...base,
  type: z.literal('modbus.error'),
  deviceId: deviceIdSchema.optional(),
  unitId: z.int().min(0).max(255).optional(),
  address: z.int().min(0).max(65535).optional(),
  /** e.g. `timeout`, `disconnected`, `exception_2` (Modbus exception code), `bad_value`. */
  code: z.string().min(1).max(32),
  message: z.string().min(1).max(500),
});

/** P1 refusals, summarised (the gateway rate-limits these; counts are since the previous p1.error event). */
const p1ErrorSchema = z.object({
  ...base,
  type: z.literal('p1.error'),
  /** The parser's refusal code, e.g. `crc_mismatch`, `truncated`, `garbled`, `no_data`, `port_lost`. */
  code: z.string().min(1).max(32),
  message: z.string().min(1).max(500),
  count: z.int().positive().optional(),
});

const gatewayLogSchema = z.object({
  ...base,
  type: z.literal('gateway.log'),
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string().min(1).max(2000),
  context: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The meter's own month peaks (P1 `0-0:98.1.0`, up to 13 closed months), sent when the gateway starts reading the
 * meter and again whenever the history changes or a day has passed. The platform files each under its month, so the
 * capacity tariff knows the months before the gateway came (decision 130).
 */
const meterPeakHistorySchema = z.object({
  ...base,
  type: z.literal('meter.peakHistory'),
  months: z
    .array(
      z.object({
        /** The Brussels month, `YYYY-MM`. */
        month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM'),
        /** The month's peak quarter average, W. */
        w: nonNegativeWattsSchema,
        /** Start of the peak quarter; null for a month the meter has no peak for. */
        at: isoUtcSchema.nullable(),
      }),
    )
    .max(24),
});

/** `event` (QoS 1): things that happened, discriminated by `type`. */
export const eventPayloadSchema = z.discriminatedUnion('type', [
  deviceStatusEventSchema,
  chargeStartSchema,
  chargeEnergySchema,
  chargeStopSchema,
  controlDecisionSchema,
  maintenanceProgressSchema,
  modbusErrorSchema,
  p1ErrorSchema,
  gatewayLogSchema,
  meterPeakHistorySchema,
]);
export type EventPayload = z.infer<typeof eventPayloadSchema>;
export type EventType = EventPayload['type'];
