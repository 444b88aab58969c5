import { z } from 'zod';
import { deviceIdSchema, isoUtcSchema } from './common';

/*
 * Smart charging and battery charge timers: what the platform sends (charge.start args, the `charging` and
 * `chargeTimers` controller sections of the config) and what the gateway reports back. Shared here so both sides
 * check the same rules (e.g. which timers overlap).
 */

/**
 * The "X km by HH:MM" guarantee of a smart session, as energy and an instant: the platform converts kilometres with
 * the car's average consumption and the local time with the site's calendar, so the gateway needs neither.
 */
export const chargeGuaranteeSchema = z.object({
  energyWh: z.int().positive().max(200_000),
  by: isoUtcSchema,
});
export type ChargeGuarantee = z.infer<typeof chargeGuaranteeSchema>;

/**
 * A smart session's settings. `gridSharePct` is the manual's "ecological" level turned round: the share of the
 * session's energy that may come from the grid rather than the sun (0 = solar surplus only, 100 = no limit).
 */
export const smartChargeSchema = z.object({
  gridSharePct: z.int().min(0).max(100),
  guarantee: chargeGuaranteeSchema.optional(),
});
export type SmartCharge = z.infer<typeof smartChargeSchema>;

/** Settings of the gateway's `charging` controller (fast and smart sessions on the chargers). */
export const chargingControllerSchema = z.looseObject({
  enabled: z.boolean(),
  /** A smart session's current follows a change in solar surplus only after it has lasted this long (s). */
  holdS: z.int().min(0).max(900).default(60),
  /** …but a pause (below the 6 A minimum) only after this long: a charger's contactor should not flap with clouds. */
  pauseHoldS: z.int().min(0).max(1800).default(180),
  /** Safety margin on the guarantee: full power starts when what is left would take this long at full power (%). */
  guaranteeMarginPct: z.int().min(0).max(100).default(15),
  /** Per charger (gateway device id): the car's average consumption in Wh/km, to explain decisions in km. */
  chargers: z.record(deviceIdSchema, z.object({ whPerKm: z.int().min(50).max(1000) })).default({}),
});
export type ChargingControllerSettings = z.infer<typeof chargingControllerSchema>;

/**
 * One battery charge timer (manual, "Instellen laadtimers"): charge the battery at `powerW` from `startHour` up to
 * `endHour` (local hours of the site, end not included; an end at or before the start runs past midnight).
 */
export const chargeTimerSchema = z
  .object({
    batteryId: deviceIdSchema,
    startHour: z.int().min(0).max(23),
    endHour: z.int().min(0).max(23),
    powerW: z.int().min(100).max(50_000),
  })
  .refine((t) => t.startHour !== t.endHour, { message: 'start and end hour must differ', path: ['endHour'] });
export type ChargeTimer = z.infer<typeof chargeTimerSchema>;

/** The local hours (0–23) a timer covers. */
export function timerHours(t: Pick<ChargeTimer, 'startHour' | 'endHour'>): number[] {
  const hours: number[] = [];
  for (let h = t.startHour; h !== t.endHour; h = (h + 1) % 24) hours.push(h);
  return hours;
}

/** Pairs of timers (by index) on the same battery that share an hour. */
export function overlappingTimers(
  timers: ReadonlyArray<Pick<ChargeTimer, 'batteryId' | 'startHour' | 'endHour'>>,
): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const hours = timers.map((t) => new Set(timerHours(t)));
  for (let i = 0; i < timers.length; i++) {
    for (let j = i + 1; j < timers.length; j++) {
      if (timers[i]!.batteryId !== timers[j]!.batteryId) continue;
      if (timerHours(timers[j]!).some((h) => hours[i]!.has(h))) pairs.push([i, j]);
    }
  }
  return pairs;
}

/** Settings of the gateway's `chargeTimers` controller. */
export const chargeTimersControllerSchema = z
  .looseObject({
    enabled: z.boolean(),
    /** The zone the hours are in (the site's; Belgium). */
    timeZone: z.literal('Europe/Brussels').default('Europe/Brussels'),
    timers: z.array(chargeTimerSchema).max(48).default([]),
  })
  .superRefine((s, ctx) => {
    for (const [i, j] of overlappingTimers(s.timers)) {
      ctx.addIssue({
        code: 'custom',
        message: `timer ${j + 1} overlaps timer ${i + 1} on battery ${s.timers[i]!.batteryId}`,
        path: ['timers', j],
      });
    }
  });
export type ChargeTimersControllerSettings = z.infer<typeof chargeTimersControllerSchema>;
