import { backoffDelayMs } from '@ilumen/timing';
import type { Clock, Sleep } from '../time/clock';
import type { FluviusRetryConfig } from './config';
import { FluviusError, FluviusRetriesExhaustedError } from './errors';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport';
import type { FluviusLogger } from './logger';
import type { RequestLimiter } from './rate-limiter';
import { isRetryableStatus, parseRetryAfterMs } from './retry-policy';

export interface RetryingSenderDeps {
  transport: HttpTransport;
  retry: FluviusRetryConfig;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  logger: FluviusLogger;
}

export interface SendOptions {
  /** A name for logs and errors, e.g. `GET Mandate/energy` — never the URL with its query. */
  route: string;
  /** Builds the request anew for every attempt (the bearer token may have been refreshed meanwhile). */
  build: () => Promise<HttpRequest>;
  limiter?: RequestLimiter;
}

/**
 * Sends until a response that is not worth retrying arrives (2xx or a final 4xx, returned as is) or the attempts are
 * used up (throws FluviusRetriesExhaustedError). Retries 408/429/5xx and network errors with backoff; a 429 with
 * Retry-After waits at least that long and holds the shared limiter so other requests do not hammer on meanwhile.
 */
export async function sendWithRetry(deps: RetryingSenderDeps, options: SendOptions): Promise<HttpResponse> {
  const { retry, clock, sleep, logger } = deps;
  const { route, limiter } = options;
  let lastStatus: number | null = null;
  let lastError: unknown;

  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse | null = null;
    try {
      const request = await options.build();
      response = limiter
        ? await limiter.run(() => deps.transport.send(request))
        : await deps.transport.send(request);
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      lastError = error;
      lastStatus = null;
    }

    if (response && !isRetryableStatus(response.status)) return response;
    if (response) lastStatus = response.status;

    const retryAfterMs =
      response?.status === 429 ? parseRetryAfterMs(response.headers['retry-after'], clock.now()) : null;
    const retryAfter = retryAfterMs === null ? null : new Date(clock.now().getTime() + retryAfterMs);
    if (attempt >= retry.maxAttempts || (retryAfterMs !== null && retryAfterMs > retry.maxRetryAfterMs)) {
      logger.warn({ route, attempts: attempt, status: lastStatus }, 'fluvius request gave up');
      throw new FluviusRetriesExhaustedError(route, attempt, lastStatus, retryAfter, { cause: lastError });
    }

    const backoff = backoffDelayMs(
      attempt,
      { baseMs: retry.baseDelayMs, maxMs: retry.maxDelayMs },
      deps.random,
    );
    // Retry-After is a floor; a little jitter on top keeps the callers that were all told "1 s" from colliding again.
    const delayMs =
      retryAfterMs === null ? backoff : retryAfterMs + Math.round(deps.random() * retry.baseDelayMs);
    if (retryAfterMs !== null && limiter) limiter.holdUntil(new Date(clock.now().getTime() + retryAfterMs));
    logger.warn(
      {
        route,
        attempt,
        status: lastStatus,
        error: lastStatus === null ? describe(lastError) : undefined,
        delayMs,
      },
      'fluvius request retry',
    );
    await sleep(delayMs);
  }
}

/** Failures of the connection itself (refused, reset, timed out) — not bugs in our code, which must surface. */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof FluviusError) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && (code.startsWith('UND_ERR') || code.startsWith('E'))) ||
    error.name === 'AbortError' ||
    error.name === 'TimeoutError'
  );
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}
