import { z } from 'zod';
import { deviceIdSchema, isoUtcSchema } from './common';

/*
 * The energy-control controllers' config sections (iLuStore modules and battery maintenance): what the platform
 * sends in `config.controllers` and the gateway checks before it applies them. Shared here so both sides keep to the
 * same limits. Manual: "Peakshaving", "Dynamisch laden", "Loadbalancing", "Onderhoudsmodus AC-batterij".
 */

/** Below this threshold peak shaving brings no financial gain: every month counts at least 2.5 kW (manual). */
export const PEAK_SHAVING_NO_GAIN_BELOW_W = 2500;

/** Settings of the gateway's `peakShaving` controller ("Piektarief"). */
export const peakShavingControllerSchema = z.looseObject({
  enabled: z.boolean(),
  /** "Behandel piek vanaf X W afname": keep every quarter-hour's average import at or under this. */
  thresholdW: z.int().min(500).max(100_000),
  /**
   * "X % van de batterijcapaciteit is gereserveerd": below this SoC the battery only discharges for peaks. The
   * platform always sends it; 20 % when a config leaves it out.
   */
  reservePct: z.int().min(0).max(100).default(20),
  /** Aim this far under the threshold, for meter rounding and the lag of one control cycle. */
  marginW: z.int().min(0).max(2000).default(150),
  /** The batteries to use; all the gateway has when left out. */
  batteryIds: z.array(deviceIdSchema).max(8).optional(),
});
export type PeakShavingSettings = z.infer<typeof peakShavingControllerSchema>;

/** Settings of the gateway's `loadBalancing` controller: an import limit the chargers' current must respect. */
export const loadBalancingControllerSchema = z
  .looseObject({
    enabled: z.boolean(),
    /** Total import limit, W (net, as the meter measures it). */
    maxImportW: z.int().min(1000).max(250_000).optional(),
    /** Current limit per phase, A (from the main fuse). */
    maxPhaseA: z.int().min(6).max(400).optional(),
    /** Keep this much under the limit, A per phase (and 230 V × this per phase in W). */
    marginA: z.number().min(0).max(10).default(1),
    /** Raise a charger's current only after the room has been there this long (s); lowering is immediate. */
    raiseHoldS: z.int().min(0).max(600).default(10),
    /** The chargers to steer; all the gateway has when left out. */
    chargerIds: z.array(deviceIdSchema).max(16).optional(),
  })
  .refine((s) => s.maxImportW !== undefined || s.maxPhaseA !== undefined, {
    message: 'give maxImportW, maxPhaseA or both',
    path: ['maxImportW'],
  });
export type LoadBalancingSettings = z.infer<typeof loadBalancingControllerSchema>;

/** One planned hour (or any span) to charge the battery from the grid. */
export const plannedHourSchema = z
  .object({
    start: isoUtcSchema,
    end: isoUtcSchema,
    /** The hour's day-ahead price (mean of its quarters), €/MWh, to explain the decision. */
    eurPerMwh: z.number().finite().optional(),
  })
  .refine((h) => Date.parse(h.end) > Date.parse(h.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type PlannedHour = z.infer<typeof plannedHourSchema>;

/** Settings of the gateway's `dynamicCharging` controller ("Dynamisch laden"): the cheapest hours, planned. */
export const dynamicChargingControllerSchema = z.looseObject({
  enabled: z.boolean(),
  /** The planned hours (today's and tomorrow's), in time order. */
  hours: z.array(plannedHourSchema).max(100).default([]),
  /** Never let the grid import go above this (the peak-shaving threshold, else the site's limit), W. */
  maxImportW: z.int().min(500).max(250_000).optional(),
  /** Charge power asked of the battery ("maximaal vermogen": the battery caps it at its own maximum), W. */
  chargeW: z.int().min(100).max(50_000).default(10_000),
  /** The sun covers the battery when the solar surplus is at least this, W: then no grid charging. */
  pvCoverW: z.int().min(0).max(50_000).default(1500),
  /** Stop at this state of charge. */
  targetSocPct: z.int().min(10).max(100).default(100),
  batteryIds: z.array(deviceIdSchema).max(8).optional(),
});
export type DynamicChargingSettings = z.infer<typeof dynamicChargingControllerSchema>;

/** One maintenance charge: bring the battery to 100 % inside the window ("Onderhoudsmodus AC-batterij"). */
export const maintenanceChargeSchema = z
  .object({
    /** The platform's id of the planned charge; reported back with its progress. */
    id: z.string().min(1).max(64),
    batteryId: deviceIdSchema,
    start: isoUtcSchema,
    end: isoUtcSchema,
    targetSocPct: z.int().min(50).max(100).default(100),
  })
  .refine((c) => Date.parse(c.end) > Date.parse(c.start), {
    message: 'end must be after start',
    path: ['end'],
  });
export type MaintenanceCharge = z.infer<typeof maintenanceChargeSchema>;

/** Settings of the gateway's `maintenance` controller. */
export const maintenanceControllerSchema = z.looseObject({
  enabled: z.boolean(),
  charges: z.array(maintenanceChargeSchema).max(16).default([]),
  maxImportW: z.int().min(500).max(250_000).optional(),
  chargeW: z.int().min(100).max(50_000).default(10_000),
});
export type MaintenanceSettings = z.infer<typeof maintenanceControllerSchema>;
