import { z } from 'zod';
import { addDays, brusselsDayStart, brusselsLocalDate } from '../time/brussels-time';
import { dataServiceTypeSchema, toWireInstant } from '../wire/common';
import type { MandateListResponseWire, MandateWire } from '../wire/mandate-wire';
import { mandateStatusSchema, renewalStatusSchema } from '../wire/mandate-wire';
import { type ShortUrlResponseWire, shortUrlRequestSchema } from '../wire/short-url-wire';
import { buildEnergyResponse } from './energy-response';
import type { SimulatorOptions } from './simulator-options';
import type { SimulatedMandate, SimulatorStore } from './simulator-store';

const DAY_MS = 86_400_000;

export interface ApiContext {
  store: SimulatorStore;
  options: SimulatorOptions;
  now: Date;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** APIM-style error bodies. */
export function apimError(status: number, message: string): ApiAnswer {
  return { status, body: { statusCode: status, message } };
}

export function mandateToWire(store: SimulatorStore, mandate: SimulatedMandate, now: Date): MandateWire {
  store.refresh(mandate, now);
  return {
    referenceNumber: mandate.referenceNumber,
    status: mandate.status,
    ean: mandate.ean,
    energyType: mandate.energyType,
    dataServiceType: mandate.dataServiceType,
    dataPeriodFrom: toWireInstant(mandate.dataPeriodFrom),
    dataPeriodTo: toWireInstant(mandate.dataPeriodTo),
    mandateExpirationDate: toWireInstant(mandate.mandateExpirationDate),
    renewalStatus: store.renewalStatusOf(mandate, now),
  };
}

export function createShortUrl(ctx: ApiContext, body: unknown): ApiAnswer {
  const parsed = shortUrlRequestSchema.safeParse(body);
  if (!parsed.success) {
    return apimError(400, `Invalid request: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  const request = parsed.data;
  const meta = { fetchTime: toWireInstant(ctx.now) };
  if (request.dataAccessContractNumber !== ctx.options.dataAccessContractNumber) {
    const failed: ShortUrlResponseWire = {
      _meta: meta,
      data: { status: 'failed', shortUrlIdentifier: null, validTo: null },
    };
    return { status: 200, body: failed };
  }
  const id = ctx.store.newShortUrlId();
  const validTo = new Date(ctx.now.getTime() + ctx.options.shortUrlValidityMinutes * 60_000);
  ctx.store.shortUrls.set(id, {
    id,
    referenceNumber: request.referenceNumber,
    flow: request.flow,
    dataServices: request.dataServices.map((s) => ({
      dataServiceType: s.dataServiceType,
      dataPeriodFrom: new Date(s.dataPeriodFrom),
      dataPeriodTo: new Date(s.dataPeriodTo),
    })),
    returnUrlSuccess: request.returnUrlSuccess,
    returnUrlFailed: request.returnUrlFailed,
    validTo,
    outcome: null,
  });
  const answer: ShortUrlResponseWire = {
    _meta: meta,
    data: { status: 'success', shortUrlIdentifier: id, validTo: toWireInstant(validTo) },
  };
  return { status: 200, body: answer };
}

const optionalInstant = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .optional();
const mandateQuerySchema = z.object({
  referencenumber: z.string().optional(),
  eannumber: z.string().optional(),
  ean: z.string().optional(),
  status: mandateStatusSchema.optional(),
  energytype: z.enum(['E', 'G']).optional(),
  dataservicetype: dataServiceTypeSchema.optional(),
  renewalstatus: renewalStatusSchema.optional(),
  lastupdatedfrom: optionalInstant,
  lastupdatedto: optionalInstant,
});

export function listMandates(ctx: ApiContext, query: Record<string, string>): ApiAnswer {
  const parsed = mandateQuerySchema.safeParse(query);
  if (!parsed.success)
    return apimError(400, `Invalid filter: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const filter = parsed.data;
  const ean = filter.eannumber ?? filter.ean;
  const mandates = ctx.store.mandates
    .filter((m) => {
      ctx.store.refresh(m, ctx.now);
      return (
        (filter.referencenumber === undefined || m.referenceNumber === filter.referencenumber) &&
        (ean === undefined || m.ean === ean) &&
        (filter.status === undefined || m.status === filter.status) &&
        (filter.energytype === undefined || m.energyType === filter.energytype) &&
        (filter.dataservicetype === undefined || m.dataServiceType === filter.dataservicetype) &&
        (filter.renewalstatus === undefined ||
          ctx.store.renewalStatusOf(m, ctx.now) === filter.renewalstatus) &&
        (filter.lastupdatedfrom === undefined || m.updatedAt >= filter.lastupdatedfrom) &&
        (filter.lastupdatedto === undefined || m.updatedAt < filter.lastupdatedto)
      );
    })
    .map((m) => mandateToWire(ctx.store, m, ctx.now));
  const fetchTime = toWireInstant(ctx.now);
  const body: MandateListResponseWire = { _meta: { fetchTime }, data: { fetchTime, mandates } };
  return { status: 200, body };
}

const mockMandateSchema = z.object({
  referenceNumber: z.string().min(1),
  ean: z.string().optional(),
  eanNumber: z.string().optional(),
  dataServiceType: dataServiceTypeSchema.default('VH_kwartier_uur'),
  dataPeriodFrom: z.iso.datetime({ offset: true }),
  dataPeriodTo: z.iso.datetime({ offset: true }),
  status: mandateStatusSchema.default('Approved'),
  mandateExpirationDate: z.iso.datetime({ offset: true }).optional(),
  renewalStatus: renewalStatusSchema.nullish(),
});

/** POST Mandate/mock — sandbox only: an approved mandate without the consent page. */
export function createMockMandate(ctx: ApiContext, body: unknown): ApiAnswer {
  const parsed = mockMandateSchema.safeParse(body);
  const ean = parsed.success ? (parsed.data.ean ?? parsed.data.eanNumber) : undefined;
  if (!parsed.success || !ean) return apimError(400, 'Invalid mock mandate');
  const m = parsed.data;
  const mandate: SimulatedMandate = {
    referenceNumber: m.referenceNumber,
    ean,
    energyType: ctx.store.energyTypeOf(ean),
    dataServiceType: m.dataServiceType,
    dataPeriodFrom: new Date(m.dataPeriodFrom),
    dataPeriodTo: new Date(m.dataPeriodTo),
    status: m.status,
    mandateExpirationDate: new Date(m.mandateExpirationDate ?? m.dataPeriodTo),
    renewalStatusOverride: m.renewalStatus ?? null,
    pendingDecision: null,
    revoked: false,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
  ctx.store.mandates.push(mandate);
  return {
    status: 200,
    body: {
      _meta: { fetchTime: toWireInstant(ctx.now) },
      data: { mandate: mandateToWire(ctx.store, mandate, ctx.now) },
    },
  };
}

export function getEnergy(ctx: ApiContext, query: Record<string, string>, duplicateSome: boolean): ApiAnswer {
  const referenceNumber = query.referencenumber;
  const ean = query.ean ?? query.eannumber;
  const from = query.from ? new Date(query.from) : null;
  const to = query.to ? new Date(query.to) : null;
  if (
    !referenceNumber ||
    !ean ||
    !from ||
    !to ||
    Number.isNaN(from.getTime()) ||
    Number.isNaN(to.getTime())
  ) {
    return apimError(400, 'referenceNumber, ean, from and to (ISO-8601) are required');
  }
  if (to <= from) return apimError(400, "'to' must be after 'from'");
  if (to.getTime() - from.getTime() > ctx.options.maxWindowDays * DAY_MS) {
    return apimError(400, `The period between from and to may not exceed ${ctx.options.maxWindowDays} days`);
  }
  const granularity = query.granularity;
  if (granularity !== undefined && granularity !== 'daily' && granularity !== 'hourly_quarterhourly') {
    return apimError(400, "granularity must be 'daily' or 'hourly_quarterhourly'");
  }

  const mandates = ctx.store
    .findMandates(referenceNumber, ean)
    .map((m) => ctx.store.refresh(m, ctx.now))
    .filter((m) => m.status === 'Approved' && !m.revoked);
  if (mandates.length === 0) return apimError(403, 'No approved mandate for this reference number and EAN');
  const wantsDaily =
    granularity === 'daily' ||
    (granularity === undefined && mandates.every((m) => m.dataServiceType === 'VH_dag'));
  const mandate = wantsDaily
    ? mandates[0]!
    : mandates.find((m) => m.dataServiceType === 'VH_kwartier_uur' || m.dataServiceType === 'VH_half_uur');
  if (!mandate) return apimError(400, 'The mandate does not cover quarter-hour data');

  // Data exists up to the end of yesterday (Brussels), within the mandate's period and the meter's history.
  const today = brusselsLocalDate(ctx.now);
  const windowFrom = new Date(
    Math.max(
      from.getTime(),
      mandate.dataPeriodFrom.getTime(),
      brusselsDayStart(addDays(today, -ctx.options.historyDays)).getTime(),
    ),
  );
  const windowTo = new Date(
    Math.min(to.getTime(), mandate.dataPeriodTo.getTime(), brusselsDayStart(today).getTime()),
  );
  const body = buildEnergyResponse(
    {
      ean,
      energyType: mandate.energyType,
      layout: ctx.store.layoutOf(ean),
      granularity: wantsDaily ? 'daily' : 'quarter-hourly',
      from: windowFrom,
      to: windowTo < windowFrom ? windowFrom : windowTo,
      now: ctx.now,
      seed: ctx.options.seed,
      duplicateSome,
    },
    ctx.now,
  );
  return { status: 200, body };
}
