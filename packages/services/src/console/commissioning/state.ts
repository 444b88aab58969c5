import type { CommissioningStep } from '@ilumen/db';
import { modbusEndpointSchema } from '@ilumen/mqtt-contract';
import { z } from 'zod';

/** The wizard's steps in order (decisions 040–042). `done`: the site is active and its owner was told. */
export const COMMISSIONING_STEPS = [
  'site',
  'grid',
  'ean',
  'gateway',
  'devices',
  'live',
  'report',
  'done',
] as const satisfies readonly CommissioningStep[];

export const liveCheckSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  /** A failed `error` blocks activation; a failed `warning` is shown in the report but does not. */
  severity: z.enum(['error', 'warning']),
  messageKey: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** The reading the check looked at, formatted for the report. */
  value: z.string().nullable().default(null),
});
export type LiveCheck = z.infer<typeof liveCheckSchema>;

/** What each step decided; stored as JSON on `commissionings.state`, so the wizard resumes where it was left. */
export const commissioningStateSchema = z.object({
  owner: z.object({ email: z.string(), invitationId: z.number().nullable() }).nullable().default(null),
  grid: z.object({ confirmedAt: z.string() }).nullable().default(null),
  ean: z
    .object({
      ean: z.string(),
      meterId: z.number(),
      mandateId: z.number().nullable(),
      mandateSkipped: z.boolean(),
    })
    .nullable()
    .default(null),
  gateway: z
    .object({ gatewayId: z.number(), serial: z.string(), claimedAt: z.string() })
    .nullable()
    .default(null),
  scan: z
    .object({
      requestedAt: z.string(),
      unitIds: z.array(z.number()),
      commands: z.array(z.object({ id: z.string(), endpoint: modbusEndpointSchema })),
    })
    .nullable()
    .default(null),
  devices: z
    .object({ confirmedAt: z.string(), configVersion: z.number().nullable(), deviceIds: z.array(z.number()) })
    .nullable()
    .default(null),
  live: z
    .object({ checkedAt: z.string(), ok: z.boolean(), checks: z.array(liveCheckSchema) })
    .nullable()
    .default(null),
  report: z.object({ generatedAt: z.string() }).nullable().default(null),
});
export type CommissioningState = z.infer<typeof commissioningStateSchema>;

export function emptyState(): CommissioningState {
  return commissioningStateSchema.parse({});
}

/** A step is open once every step before it is done; this is the first step not done yet. */
export function currentStep(state: CommissioningState, completed: boolean): CommissioningStep {
  if (completed) return 'done';
  if (!state.owner) return 'site';
  if (!state.grid) return 'grid';
  if (!state.ean) return 'ean';
  if (!state.gateway) return 'gateway';
  if (!state.devices) return 'devices';
  if (!state.live?.ok) return 'live';
  return 'report';
}
