import { z } from 'zod';
import type { Clock } from '../time/clock';
import { type DataServiceType, dataServiceTypeSchema, toWireInstant } from '../wire/common';
import type { MandateStatus, MandateWire, RenewalStatus } from '../wire/mandate-wire';
import { mandateStatusSchema, renewalStatusSchema } from '../wire/mandate-wire';
import { mandateToWire } from './api-routes';
import { type ServedQuarter, servedDay } from './energy-response';
import {
  type MeterLayout,
  meterLayoutSchema,
  type SimulatorFaultInput,
  type SimulatorOptions,
  simulatorFaultSchema,
} from './simulator-options';
import type { RequestLogEntry, SimulatedMandate, SimulatorStore } from './simulator-store';

/** The simulator's own notion of now: the clock passed in, unless a test froze or shifted it. */
export class SimulatorClock implements Clock {
  private frozen: number | null = null;
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  now(): Date {
    return new Date(this.frozen ?? this.base.now().getTime() + this.offsetMs);
  }

  set(instant: Date | null): void {
    this.frozen = instant === null ? null : instant.getTime();
    if (instant === null) this.offsetMs = 0;
  }

  advance(ms: number): void {
    if (this.frozen !== null) this.frozen += ms;
    else this.offsetMs += ms;
  }
}

export interface CreateMandateInput {
  referenceNumber: string;
  ean: string;
  status?: MandateStatus;
  dataServiceType?: DataServiceType;
  dataPeriodFrom?: Date;
  dataPeriodTo?: Date;
  mandateExpirationDate?: Date;
}

export interface SimulatorStats {
  tokenRequests: number;
  tokensIssued: number;
  apiRequests: number;
  byStatus: Record<string, number>;
}

/** What tests (and the `/_sim/control` endpoint) can do to the simulated Fluvius. */
export interface SimulatorControl {
  /** The contract holder (or Fluvius) approves: Requested → Approved at once. Returns how many mandates changed. */
  approve(referenceNumber: string, ean?: string): number;
  reject(referenceNumber: string, ean?: string): number;
  /** The homeowner withdraws consent: energy answers 403 and the mandate reads Finished. */
  revoke(referenceNumber: string, ean?: string): number;
  /** The mandate runs out now: Finished with renewalStatus Expired. */
  expire(referenceNumber: string, ean?: string): number;
  setRenewalStatus(referenceNumber: string, renewalStatus: RenewalStatus | null): number;
  /** Seeds a mandate directly (Approved, quarter-hour, three years back to three years ahead by default). */
  createMandate(input: CreateMandateInput): MandateWire;
  markGas(ean: string, gas?: boolean): void;
  setLayout(ean: string, layout: MeterLayout | null): void;
  /** Freezes the simulator's clock at `instant` (null: follow the clock passed in again). */
  setClock(instant: Date | null): void;
  advanceClock(ms: number): void;
  now(): Date;
  /** Replaces all faults by this one (null clears). */
  setFault(fault: SimulatorFaultInput | null): void;
  addFault(fault: SimulatorFaultInput): void;
  clearFaults(): void;
  mandates(): MandateWire[];
  /** The consent-page sessions started by shortUrlIdentifier. */
  shortUrls(): Array<{
    id: string;
    referenceNumber: string;
    validTo: Date;
    outcome: 'confirmed' | 'refused' | null;
  }>;
  /** The truth behind the energy endpoint for one Brussels day (what a sync of that day should store). */
  servedDay(ean: string, date: string): ServedQuarter[];
  requests(): RequestLogEntry[];
  stats(): SimulatorStats;
  /** Forgets mandates, sessions, tokens, faults, logs and stats (not the options). */
  reset(): void;
}

export function createSimulatorControl(
  store: SimulatorStore,
  options: SimulatorOptions,
  clock: SimulatorClock,
): SimulatorControl {
  function change(
    referenceNumber: string,
    ean: string | undefined,
    apply: (m: SimulatedMandate) => void,
  ): number {
    const now = clock.now();
    const mandates = store.findMandates(referenceNumber, ean);
    for (const mandate of mandates) {
      store.refresh(mandate, now);
      apply(mandate);
      mandate.pendingDecision = null;
      mandate.updatedAt = now;
    }
    return mandates.length;
  }

  return {
    approve: (ref, ean) =>
      change(ref, ean, (m) => {
        m.status = 'Approved';
      }),
    reject: (ref, ean) =>
      change(ref, ean, (m) => {
        m.status = 'Rejected';
      }),
    revoke: (ref, ean) =>
      change(ref, ean, (m) => {
        m.revoked = true;
        m.status = 'Finished';
      }),
    expire: (ref, ean) =>
      change(ref, ean, (m) => {
        m.mandateExpirationDate = clock.now();
        m.status = 'Finished';
        m.renewalStatusOverride = null;
      }),
    setRenewalStatus: (ref, renewalStatus) =>
      change(ref, undefined, (m) => {
        m.renewalStatusOverride = renewalStatus;
      }),
    createMandate(input) {
      const now = clock.now();
      const threeYears = 3 * 365 * 86_400_000;
      const dataPeriodTo = input.dataPeriodTo ?? new Date(now.getTime() + threeYears);
      const mandate: SimulatedMandate = {
        referenceNumber: input.referenceNumber,
        ean: input.ean,
        energyType: store.energyTypeOf(input.ean),
        dataServiceType: input.dataServiceType ?? 'VH_kwartier_uur',
        dataPeriodFrom: input.dataPeriodFrom ?? new Date(now.getTime() - threeYears),
        dataPeriodTo,
        status: input.status ?? 'Approved',
        mandateExpirationDate: input.mandateExpirationDate ?? dataPeriodTo,
        renewalStatusOverride: null,
        pendingDecision: null,
        revoked: false,
        createdAt: now,
        updatedAt: now,
      };
      store.mandates.push(mandate);
      return mandateToWire(store, mandate, now);
    },
    markGas(ean, gas = true) {
      if (gas) store.gasEans.add(ean);
      else store.gasEans.delete(ean);
      for (const mandate of store.mandates) if (mandate.ean === ean) mandate.energyType = gas ? 'G' : 'E';
    },
    setLayout(ean, layout) {
      if (layout) store.layouts.set(ean, meterLayoutSchema.parse(layout));
      else store.layouts.delete(ean);
    },
    setClock: (instant) => clock.set(instant),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    setFault(fault) {
      store.faults = [];
      if (fault) this.addFault(fault);
    },
    addFault(fault) {
      const parsed = simulatorFaultSchema.parse(fault);
      store.faults.push({ ...parsed, remaining: parsed.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      store.faults = [];
    },
    mandates: () => store.mandates.map((m) => mandateToWire(store, m, clock.now())),
    shortUrls: () =>
      [...store.shortUrls.values()].map((s) => ({
        id: s.id,
        referenceNumber: s.referenceNumber,
        validTo: s.validTo,
        outcome: s.outcome,
      })),
    servedDay: (ean, date) => servedDay(ean, date, clock.now(), options.seed),
    requests: () => [...store.requestLog],
    stats: () => ({ ...store.stats, byStatus: { ...store.stats.byStatus } }),
    reset() {
      store.mandates = [];
      store.shortUrls.clear();
      store.tokens.clear();
      store.faults = [];
      store.requestLog = [];
      store.stats = { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, byStatus: {} };
    },
  };
}

const ref = z.object({ referenceNumber: z.string(), ean: z.string().optional() });

/** The control API over HTTP (`POST /_sim/control`), for a demo or a browser test driving a standalone simulator. */
export const controlCommandSchema = z.discriminatedUnion('action', [
  ref.extend({ action: z.literal('approve') }),
  ref.extend({ action: z.literal('reject') }),
  ref.extend({ action: z.literal('revoke') }),
  ref.extend({ action: z.literal('expire') }),
  z.object({
    action: z.literal('setRenewalStatus'),
    referenceNumber: z.string(),
    renewalStatus: renewalStatusSchema.nullable(),
  }),
  z.object({
    action: z.literal('createMandate'),
    referenceNumber: z.string(),
    ean: z.string(),
    status: mandateStatusSchema.optional(),
    dataServiceType: dataServiceTypeSchema.optional(),
    dataPeriodFrom: z.iso.datetime({ offset: true }).optional(),
    dataPeriodTo: z.iso.datetime({ offset: true }).optional(),
  }),
  z.object({ action: z.literal('markGas'), ean: z.string(), gas: z.boolean().default(true) }),
  z.object({ action: z.literal('setLayout'), ean: z.string(), layout: meterLayoutSchema.nullable() }),
  z.object({ action: z.literal('setClock'), instant: z.iso.datetime({ offset: true }).nullable() }),
  z.object({ action: z.literal('advanceClock'), ms: z.number() }),
  z.object({ action: z.literal('setFault'), fault: simulatorFaultSchema.nullable() }),
  z.object({ action: z.literal('addFault'), fault: simulatorFaultSchema }),
  z.object({ action: z.literal('clearFaults') }),
  z.object({ action: z.literal('reset') }),
]);
export type ControlCommand = z.input<typeof controlCommandSchema>;

export function runControlCommand(control: SimulatorControl, input: unknown): unknown {
  const command = controlCommandSchema.parse(input);
  switch (command.action) {
    case 'approve':
    case 'reject':
    case 'revoke':
    case 'expire':
      return { changed: control[command.action](command.referenceNumber, command.ean) };
    case 'setRenewalStatus':
      return { changed: control.setRenewalStatus(command.referenceNumber, command.renewalStatus) };
    case 'createMandate':
      return control.createMandate({
        referenceNumber: command.referenceNumber,
        ean: command.ean,
        status: command.status,
        dataServiceType: command.dataServiceType,
        dataPeriodFrom: command.dataPeriodFrom ? new Date(command.dataPeriodFrom) : undefined,
        dataPeriodTo: command.dataPeriodTo ? new Date(command.dataPeriodTo) : undefined,
      });
    case 'markGas':
      control.markGas(command.ean, command.gas);
      return { ok: true };
    case 'setLayout':
      control.setLayout(command.ean, command.layout);
      return { ok: true };
    case 'setClock':
      control.setClock(command.instant === null ? null : new Date(command.instant));
      return { now: toWireInstant(control.now()) };
    case 'advanceClock':
      control.advanceClock(command.ms);
      return { now: toWireInstant(control.now()) };
    case 'setFault':
      control.setFault(command.fault);
      return { ok: true };
    case 'addFault':
      control.addFault(command.fault);
      return { ok: true };
    case 'clearFaults':
      control.clearFaults();
      return { ok: true };
    case 'reset':
      control.reset();
      return { ok: true };
  }
}
