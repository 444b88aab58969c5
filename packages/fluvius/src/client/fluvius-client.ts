import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { type Clock, realSleep, type Sleep, systemClock } from '../time/clock';
import { toWireInstant } from '../wire/common';
import { energyResponseSchema } from '../wire/energy-wire';
import { type Mandate, mandateListResponseSchema } from '../wire/mandate-wire';
import { type ShortUrlRequestWire, shortUrlResponseSchema } from '../wire/short-url-wire';
import { type FluviusClientConfigInput, parseFluviusClientConfig, secretsOf } from './config';
import { EnergyReadingCollector, type FlattenedEnergy } from './energy-readings';
import {
  FluviusAuthError,
  FluviusHttpError,
  FluviusRequestRefusedError,
  FluviusResponseError,
  MandateRevokedError,
} from './errors';
import { createUndiciTransport, type HttpResponse } from './http-transport';
import {
  type CreateShortUrlInput,
  createShortUrlInputSchema,
  type EnergyRequest,
  energyRequestSchema,
  type MandateFilter,
  mandateFilterSchema,
} from './inputs';
import { type FluviusLogger, silentLogger } from './logger';
import type { RequestLimiter } from './rate-limiter';
import { bodySnippet, createRedactor } from './redactor';
import { type RetryingSenderDeps, sendWithRetry } from './retrying-sender';
import { createTokenProvider } from './token-provider';
import { MAX_WINDOW_DAYS, splitIntoWindows } from './windows';

export interface FluviusClientDeps {
  clock?: Clock;
  sleep?: Sleep;
  logger?: FluviusLogger;
  /** For backoff jitter; tests pass a fixed one. */
  random?: () => number;
  /** Shared rate limit / concurrency bound for API calls (the token endpoint is not limited). */
  limiter?: RequestLimiter;
  /** An undici dispatcher to use instead of the client's own pool. */
  dispatcher?: Dispatcher;
}

export interface ShortUrl {
  shortUrlIdentifier: string;
  validTo: Date | null;
  /** The Mijn Fluvius page to send the homeowner to. */
  consentUrl: string;
}

export interface EnergyResult extends FlattenedEnergy {
  /** HTTP requests made (one per window of at most 184 days). */
  windows: number;
}

export interface FluviusClient {
  /** POST shortUrlIdentifier: starts a mandate request; send the homeowner to `consentUrl`. */
  createShortUrl(input: CreateShortUrlInput): Promise<ShortUrl>;
  /** GET Mandate with filters (also applied here, as not every filter's wire name is confirmed). */
  listMandates(filter?: MandateFilter): Promise<Mandate[]>;
  /** GET Mandate/energy over any period, split into windows; 401/403 throw MandateRevokedError. */
  getEnergy(request: EnergyRequest): Promise<EnergyResult>;
  /** Closes the connection pool (unless a dispatcher was passed in). */
  close(): Promise<void>;
}

/** APIM answers 401 with this text when the subscription key is missing or wrong — not a token or mandate problem. */
function isSubscriptionKeyRejection(response: HttpResponse): boolean {
  return response.status === 401 && /subscription key/i.test(response.body);
}

export function createFluviusClient(
  configInput: FluviusClientConfigInput,
  deps: FluviusClientDeps = {},
): FluviusClient {
  const config = parseFluviusClientConfig(configInput);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const redact = createRedactor(secretsOf(config));
  const transport = createUndiciTransport({
    timeoutMs: config.requestTimeoutMs,
    maxConnections: config.maxConnections,
    dispatcher: deps.dispatcher,
    tlsClientCertificate:
      config.credentials.kind === 'certificate' && config.credentials.presentAsTlsClientCertificate
        ? { key: config.credentials.privateKeyPem, cert: config.credentials.certificatePem }
        : undefined,
  });
  const senderDeps: RetryingSenderDeps = {
    transport,
    retry: config.retry,
    clock,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    logger,
  };
  const tokens = createTokenProvider(config, { ...senderDeps, redact });
  const apiBase = config.apiBaseUrl.replace(/\/+$/, '');

  interface ApiCall<S extends z.ZodType> {
    route: string;
    method: 'GET' | 'POST';
    path: string;
    query?: Record<string, string | undefined>;
    body?: unknown;
    schema: S;
    /** Turns a 401/403 that is not about the subscription key into the caller's error. */
    onForbidden?: (status: number) => Error;
  }

  async function callApi<S extends z.ZodType>(call: ApiCall<S>): Promise<z.output<S>> {
    const url = new URL(`${apiBase}/${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, value);

    let retriedWithFreshToken = false;
    for (;;) {
      let usedToken = '';
      const response = await sendWithRetry(senderDeps, {
        route: call.route,
        limiter: deps.limiter,
        build: async () => {
          usedToken = await tokens.getToken();
          return {
            method: call.method,
            url: url.toString(),
            headers: {
              authorization: `Bearer ${usedToken}`,
              'ocp-apim-subscription-key': config.subscriptionKey,
              accept: 'application/json',
              ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: call.body === undefined ? undefined : JSON.stringify(call.body),
          };
        },
      });

      if (response.status === 401 || response.status === 403) {
        if (isSubscriptionKeyRejection(response)) {
          throw new FluviusAuthError(
            'subscription_key_rejected',
            response.status,
            null,
            `${call.route}: the API gateway rejected the subscription key`,
          );
        }
        // A token can be revoked server-side before it expires: one retry with a fresh token tells that apart.
        if (response.status === 401 && !retriedWithFreshToken) {
          retriedWithFreshToken = true;
          tokens.invalidate(usedToken);
          logger.info({ route: call.route }, 'fluvius 401, retrying with a fresh token');
          continue;
        }
        if (call.onForbidden) throw call.onForbidden(response.status);
        throw new FluviusAuthError(
          'auth_failed',
          response.status,
          null,
          `${call.route} answered HTTP ${response.status}: ${bodySnippet(response.body, redact)}`,
        );
      }
      if (response.status < 200 || response.status > 299) {
        throw new FluviusHttpError(call.route, response.status, bodySnippet(response.body, redact));
      }

      let json: unknown;
      try {
        json = JSON.parse(response.body);
      } catch {
        throw new FluviusResponseError(call.route, 'malformed_json', []);
      }
      const parsed = call.schema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        logger.error({ route: call.route, issues }, 'fluvius response has an unexpected shape');
        throw new FluviusResponseError(call.route, 'unexpected_shape', issues);
      }
      return parsed.data;
    }
  }

  return {
    async createShortUrl(input) {
      const request = createShortUrlInputSchema.parse(input);
      const body: ShortUrlRequestWire = {
        dataAccessContractNumber: config.dataAccessContractNumber,
        referenceNumber: request.referenceNumber,
        flow: request.flow,
        dataServices: request.dataServices.map((service) => ({
          dataServiceType: service.dataServiceType,
          dataPeriodFrom: toWireInstant(service.dataPeriodFrom),
          dataPeriodTo: toWireInstant(service.dataPeriodTo),
        })),
        numberOfEans: request.numberOfEans,
        returnUrlSuccess: request.returnUrlSuccess,
        returnUrlFailed: request.returnUrlFailed,
        sso: request.sso,
        enterpriseNumber: request.enterpriseNumber,
      };
      const route = 'POST shortUrlIdentifier';
      const response = await callApi({
        route,
        method: 'POST',
        path: 'shortUrlIdentifier',
        body,
        schema: shortUrlResponseSchema,
      });
      const { status, shortUrlIdentifier, validTo } = response.data;
      if (status !== 'success' || !shortUrlIdentifier) {
        throw new FluviusRequestRefusedError(
          route,
          `status ${status}${shortUrlIdentifier ? '' : ', no identifier'}`,
        );
      }
      const consentUrl = new URL(config.consentPageUrl);
      consentUrl.searchParams.set('id', shortUrlIdentifier);
      return { shortUrlIdentifier, validTo: validTo ?? null, consentUrl: consentUrl.toString() };
    },

    async listMandates(filterInput = {}) {
      const filter = mandateFilterSchema.parse(filterInput);
      const response = await callApi({
        route: 'GET Mandate',
        method: 'GET',
        path: 'Mandate',
        query: {
          ReferenceNumber: filter.referenceNumber,
          EanNumber: filter.ean,
          Status: filter.status,
          EnergyType: filter.energyType,
          DataServiceType: filter.dataServiceType,
          RenewalStatus: filter.renewalStatus,
          LastUpdatedFrom: filter.lastUpdatedFrom && toWireInstant(filter.lastUpdatedFrom),
          LastUpdatedTo: filter.lastUpdatedTo && toWireInstant(filter.lastUpdatedTo),
        },
        schema: mandateListResponseSchema,
      });
      return response.data.mandates.filter(
        (m) =>
          (filter.referenceNumber === undefined || m.referenceNumber === filter.referenceNumber) &&
          (filter.ean === undefined || m.ean === filter.ean) &&
          (filter.status === undefined || m.status === filter.status) &&
          (filter.energyType === undefined || m.energyType === filter.energyType) &&
          (filter.dataServiceType === undefined || m.dataServiceType === filter.dataServiceType) &&
          (filter.renewalStatus === undefined || m.renewalStatus === filter.renewalStatus),
      );
    },

    async getEnergy(input) {
      const request = energyRequestSchema.parse(input);
      const windows = splitIntoWindows(request.from, request.to, MAX_WINDOW_DAYS);
      const collector = new EnergyReadingCollector();
      // Windows go one after another: a backfill should not take more than its share of the rate limit.
      for (const window of windows) {
        const response = await callApi({
          route: 'GET Mandate/energy',
          method: 'GET',
          path: 'Mandate/energy',
          query: {
            referenceNumber: request.referenceNumber,
            ean: request.ean,
            PeriodType: request.periodType,
            granularity: request.granularity === 'daily' ? 'daily' : 'hourly_quarterhourly',
            from: toWireInstant(window.from),
            to: toWireInstant(window.to),
          },
          schema: energyResponseSchema,
          onForbidden: (status) => new MandateRevokedError(request.referenceNumber, request.ean, status),
        });
        collector.addHeadpoint(response.data.headpoint);
      }
      return { ...collector.result(), windows: windows.length };
    },

    close: () => transport.close(),
  };
}
