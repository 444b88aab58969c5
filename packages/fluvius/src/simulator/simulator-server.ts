import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { FluviusClientConfigInput } from '../client/config';
import { type FluviusLogger, silentLogger } from '../client/logger';
import { systemClock } from '../time/clock';
import { toWireInstant } from '../wire/common';
import {
  type ApiAnswer,
  type ApiContext,
  apimError,
  createMockMandate,
  createShortUrl,
  getEnergy,
  listMandates,
  mandateToWire,
} from './api-routes';
import { CONSENT_PATH, handleConsentForm, showConsentPage } from './consent-flow';
import { renderMessage } from './consent-page';
import { queryOf, readBody, sendHtml, sendJson } from './http-helpers';
import {
  createSimulatorControl,
  runControlCommand,
  SimulatorClock,
  type SimulatorControl,
} from './simulator-control';
import { type SimulatorOptionsInput, type SimulatorRoute, simulatorOptionsSchema } from './simulator-options';
import { type ActiveFault, SimulatorStore } from './simulator-store';
import { handleTokenRequest } from './token-endpoint';

export const API_BASE_PATH = '/v3/api';

export interface FluviusSimulator {
  /** `http://host:port`, no trailing slash. */
  url: string;
  control: SimulatorControl;
  /** A client config pointing at this simulator with its sandbox credentials. */
  clientConfig: FluviusClientConfigInput;
  close(): Promise<void>;
}

interface Route {
  name: SimulatorRoute | 'mock' | 'consent' | 'control' | 'state';
  api: boolean;
}

function routeOf(method: string, path: string, tenantId: string): Route | null {
  const lower = path.toLowerCase().replace(/\/+$/, '');
  const api = API_BASE_PATH.toLowerCase();
  if (method === 'POST' && lower === `/${tenantId.toLowerCase()}/oauth2/v2.0/token`)
    return { name: 'token', api: false };
  if (method === 'POST' && lower === `${api}/shorturlidentifier`) return { name: 'short-url', api: true };
  if (method === 'GET' && lower === `${api}/mandate`) return { name: 'mandates', api: true };
  if (method === 'POST' && lower === `${api}/mandate/mock`) return { name: 'mock', api: true };
  if (method === 'GET' && lower === `${api}/mandate/energy`) return { name: 'energy', api: true };
  if ((method === 'GET' || method === 'POST') && lower === CONSENT_PATH)
    return { name: 'consent', api: false };
  if (method === 'POST' && lower === '/_sim/control') return { name: 'control', api: false };
  if (method === 'GET' && lower === '/_sim/state') return { name: 'state', api: false };
  return null;
}

/** A body for each fault that answers instead of the real handler. */
function faultAnswer(
  fault: ActiveFault,
  route: Route,
): (ApiAnswer & { headers?: Record<string, string>; raw?: string }) | null {
  switch (fault.kind) {
    case 'rate-limit':
      return {
        ...apimError(429, `Rate limit is exceeded. Try again in ${fault.retryAfterSeconds} seconds.`),
        headers: { 'retry-after': String(fault.retryAfterSeconds) },
      };
    case 'server-error':
      return apimError(fault.status, fault.status === 408 ? 'Request timeout' : 'Internal server error');
    case 'malformed-json':
      return {
        status: 200,
        body: null,
        raw: '{"data": {"headpoint": {"$type": "metering-on-meter", "ean": "5414',
      };
    case 'unexpected-shape':
      return {
        status: 200,
        body:
          route.name === 'energy'
            ? {
                data: {
                  headpoint: {
                    $type: 'metering-on-meter',
                    energyType: 'E',
                    physicalMeters: [
                      {
                        quarterHourlyEnergy: [
                          {
                            start: '2024-01-01T00:00:00Z',
                            end: '2024-01-01T00:15:00Z',
                            measurements: [{ offtake: { total: { value: '0,173', unit: 'kWh' } } }],
                          },
                        ],
                      },
                    ],
                  },
                },
              }
            : { data: { items: [{ id: 1, state: 'Pending' }] } },
      };
    case 'revoked':
      return route.name === 'energy'
        ? apimError(403, 'No approved mandate for this reference number and EAN')
        : null;
    case 'slow':
    case 'duplicates':
      return null;
  }
}

/**
 * Starts a Fluvius stand-in on loopback: Azure AD token endpoint, the v3 ESCO API behind an APIM-like gateway
 * (subscription key, optional rate limit), the Mijn Fluvius consent page, and a control endpoint.
 */
export async function startFluviusSimulator(input: SimulatorOptionsInput = {}): Promise<FluviusSimulator> {
  const { clock: baseClock, logger: inputLogger, ...rest } = input;
  const options = simulatorOptionsSchema.parse(rest);
  const logger: FluviusLogger = inputLogger ?? silentLogger;
  const clock = new SimulatorClock(baseClock ?? systemClock);
  const store = new SimulatorStore(options);
  const control = createSimulatorControl(store, options, clock);
  // APIM-style fixed one-second window per subscription key (there is only one here), in real time: rate limits are
  // about the wall clock, whatever the simulated clock says.
  const rate = { windowStart: 0, count: 0 };

  function rateLimited(): number | null {
    if (!options.rateLimit) return null;
    const nowMs = Date.now();
    if (nowMs - rate.windowStart >= 1000) {
      rate.windowStart = nowMs;
      rate.count = 0;
    }
    rate.count++;
    const allowed = Math.max(options.rateLimit.burst, Math.floor(options.rateLimit.requestsPerSecond));
    return rate.count > allowed ? Math.max(1, Math.ceil((rate.windowStart + 1000 - nowMs) / 1000)) : null;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const url = new URL(request.url ?? '/', 'http://simulator.local');
    const method = request.method ?? 'GET';
    const route = routeOf(method, url.pathname, options.tenantId);
    const query = queryOf(url);
    const now = clock.now();
    if (!route) {
      sendJson(response, 404, { statusCode: 404, message: 'Resource not found' });
      return 404;
    }

    if (route.name === 'consent') {
      const ctx = { store, options, now };
      if (method === 'GET') showConsentPage(ctx, url.searchParams.get('id'), response);
      else handleConsentForm(ctx, new URLSearchParams(await readBody(request)), response);
      return response.statusCode;
    }
    if (route.name === 'control') {
      try {
        sendJson(response, 200, runControlCommand(control, JSON.parse(await readBody(request))));
        return 200;
      } catch (error) {
        sendJson(response, 400, { message: error instanceof Error ? error.message : 'bad control command' });
        return 400;
      }
    }
    if (route.name === 'state') {
      sendJson(response, 200, {
        now: toWireInstant(now),
        mandates: store.mandates.map((m) => mandateToWire(store, m, now)),
        shortUrls: control.shortUrls(),
        faults: store.faults,
        stats: control.stats(),
      });
      return 200;
    }

    if (route.api) {
      store.stats.apiRequests++;
      const key = request.headers['ocp-apim-subscription-key'] ?? query['subscription-key'];
      if (!key) {
        const answer = apimError(
          401,
          'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
        );
        sendJson(response, answer.status, answer.body);
        return answer.status;
      }
      if (key !== options.subscriptionKey) {
        const answer = apimError(
          401,
          'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
        );
        sendJson(response, answer.status, answer.body);
        return answer.status;
      }
      const retryAfter = rateLimited();
      if (retryAfter !== null) {
        const answer = apimError(429, `Rate limit is exceeded. Try again in ${retryAfter} seconds.`);
        sendJson(response, answer.status, answer.body, { 'retry-after': String(retryAfter) });
        return 429;
      }
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const expiresAt = bearer ? store.tokens.get(bearer) : undefined;
      if (expiresAt === undefined || expiresAt <= now.getTime()) {
        const answer = apimError(401, 'Unauthorized. Access token is missing or invalid.');
        sendJson(response, answer.status, answer.body);
        return 401;
      }
    }

    const fault = route.name === 'mock' ? null : store.takeFault(route.name, query.ean ?? query.eannumber);
    if (fault?.kind === 'slow') await delay(fault.delayMs);
    const faulty = fault ? faultAnswer(fault, route) : null;
    if (faulty) {
      if (faulty.raw !== undefined) {
        response.writeHead(faulty.status, { 'content-type': 'application/json' });
        response.end(faulty.raw);
      } else {
        sendJson(response, faulty.status, faulty.body, faulty.headers);
      }
      return faulty.status;
    }

    const ctx: ApiContext = { store, options, now };
    let answer: ApiAnswer;
    switch (route.name) {
      case 'token': {
        store.stats.tokenRequests++;
        const outcome = handleTokenRequest(new URLSearchParams(await readBody(request)), options, now, () => {
          const token = store.newToken();
          store.tokens.set(token, now.getTime() + options.tokenLifetimeSeconds * 1000);
          store.stats.tokensIssued++;
          return token;
        });
        answer = outcome;
        break;
      }
      case 'short-url':
        answer = createShortUrl(ctx, await readJson(request));
        break;
      case 'mandates':
        answer = listMandates(ctx, query);
        break;
      case 'mock':
        answer = createMockMandate(ctx, await readJson(request));
        break;
      case 'energy':
        answer = getEnergy(ctx, query, fault?.kind === 'duplicates');
        break;
    }
    sendJson(response, answer.status, answer.body);
    return answer.status;
  }

  const server = createServer((request, response) => {
    const started = clock.now();
    handle(request, response)
      .then((status) => {
        const url = new URL(request.url ?? '/', 'http://simulator.local');
        store.logRequest({
          at: started,
          method: request.method ?? 'GET',
          route: routeOf(request.method ?? 'GET', url.pathname, options.tenantId)?.name ?? 'unknown',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          status,
        });
      })
      .catch((error: unknown) => {
        logger.error(
          { error: error instanceof Error ? error.message : String(error) },
          'fluvius simulator error',
        );
        if (!response.headersSent)
          sendHtml(response, 500, renderMessage('Fout', 'Er liep iets mis in de simulator.'));
        else response.destroy();
      });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url }, 'fluvius simulator listening');

  return {
    url,
    control,
    clientConfig: {
      apiBaseUrl: `${url}${API_BASE_PATH}`,
      tenantId: options.tenantId,
      tokenUrl: `${url}/${options.tenantId}/oauth2/v2.0/token`,
      clientId: options.clientId,
      scope: 'api://fluvius-sim/.default',
      credentials: { kind: 'secret', clientSecret: options.clientSecret },
      subscriptionKey: options.subscriptionKey,
      dataAccessContractNumber: options.dataAccessContractNumber,
      consentPageUrl: `${url}${CONSENT_PATH}`,
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  try {
    return JSON.parse(await readBody(request));
  } catch {
    return undefined;
  }
}
