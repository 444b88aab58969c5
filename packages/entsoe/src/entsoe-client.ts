import {
  dayRange,
  type InstantLike,
  type LocalDate,
  localDateSchema,
  type PriceSlot,
  toInstant,
} from '@ilumen/energy';
import { type Backoff, backoffDelayMs, realSleep } from '@ilumen/timing';
import { z } from 'zod';
import {
  EntsoeAuthError,
  EntsoeHttpError,
  EntsoeNetworkError,
  EntsoeParseError,
  EntsoeRateLimitError,
  EntsoeRequestError,
} from './entsoe-errors';
import { dayAheadSearchParams, formatEntsoePeriod, redact } from './entsoe-url';
import { isNoDataAcknowledgement, type MarketDocument, type PublicationDocument } from './market-document';
import { parseMarketDocument } from './parse-market-document';
import { slotsOfDay } from './price-slots';
import { type Zone, zoneEic, zoneSchema } from './zones';

/** ENTSO-E bans for 10 minutes after a 429 (domain doc); used when the answer carries no Retry-After. */
export const DEFAULT_BAN_MS = 10 * 60_000;

/** The least a logger must offer (pino's signature). */
export interface EntsoeLogger {
  warn(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface EntsoeClientOptions {
  /** Without `/api`, e.g. `https://web-api.tp.entsoe.eu` or the local server's url. */
  baseUrl: string;
  securityToken: string;
  fetch?: typeof fetch;
  /** Clock, epoch ms (pass one in tests). */
  now?: () => number;
  /** How to wait between retries and for the per-minute budget (pass an instant one in tests). */
  sleep?: (ms: number) => Promise<void>;
  logger?: EntsoeLogger;
  /** Retries after a 5xx or network failure (not after 4xx). Default 2. */
  retries?: number;
  /** First retry delay, doubled on each retry. Default 2000 ms. */
  retryDelayMs?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** The client's own request budget, kept under ENTSO-E's 400/min. Default 300. */
  maxRequestsPerMinute?: number;
}

export const fetchDayAheadInputSchema = z.object({
  zone: zoneSchema,
  /** The Brussels delivery day. */
  day: localDateSchema,
  /** Resolution to prefer when the answer carries the day in both 15 and 60 minutes. */
  prefer: z.union([z.literal(15), z.literal(60)]).optional(),
});
export type FetchDayAheadInput = z.input<typeof fetchDayAheadInputSchema>;

export interface DayAheadResult {
  zone: Zone;
  day: LocalDate;
  /** `no-data`: ENTSO-E has nothing for the day (yet): the "No matching data found" acknowledgement. */
  status: 'ok' | 'no-data';
  /** 15 or 60, or null when there are no slots. */
  minutes: 15 | 60 | null;
  /** The day's slots in time order: 92/96/100 quarters or 23/24/25 hours when complete. */
  slots: PriceSlot[];
  /** Whether the slots cover the whole day. */
  complete: boolean;
}

export interface EntsoeClient {
  /** Day-ahead prices of one Brussels delivery day. */
  fetchDayAhead(input: FetchDayAheadInput): Promise<DayAheadResult>;
  /** The raw A44 answer for a UTC range (at most a year), parsed; `null` for "no data". */
  fetchDayAheadDocument(input: {
    zone: Zone;
    start: InstantLike;
    end: InstantLike;
  }): Promise<PublicationDocument | null>;
  /** Epoch ms until which the client refuses to call ENTSO-E after a 429, or null. */
  bannedUntil(): number | null;
}

function retryAfterMs(header: string | null, now: number): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return DEFAULT_BAN_MS;
}

export function createEntsoeClient(options: EntsoeClientOptions): EntsoeClient {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const retries = options.retries ?? 2;
  // the product's one backoff rule: retryDelayMs, then twice that, … (a retry after the last is never waited for)
  const backoff: Backoff = {
    baseMs: options.retryDelayMs ?? 2_000,
    maxMs: (options.retryDelayMs ?? 2_000) * 2 ** retries,
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const perMinute = options.maxRequestsPerMinute ?? 300;
  const token = options.securityToken;
  const base = options.baseUrl.replace(/\/+$/, '');
  let banUntil: number | null = null;
  const sent: number[] = [];

  async function takeBudget(): Promise<void> {
    for (;;) {
      const t = now();
      while (sent.length > 0 && sent[0]! <= t - 60_000) sent.shift();
      if (sent.length < perMinute) {
        sent.push(t);
        return;
      }
      await sleep(sent[0]! + 60_000 - t);
    }
  }

  async function request(params: URLSearchParams, what: string): Promise<MarketDocument> {
    for (let attempt = 0; ; attempt++) {
      if (banUntil !== null && now() < banUntil) {
        throw new EntsoeRateLimitError(
          `ENTSO-E rate limit: not calling before ${new Date(banUntil).toISOString()} (${what})`,
          banUntil - now(),
          banUntil,
        );
      }
      await takeBudget();
      const url = `${base}/api?securityToken=${encodeURIComponent(token)}&${params}`;
      let response: Response;
      let body: string;
      try {
        response = await doFetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { accept: 'application/xml' },
        });
        body = await response.text();
      } catch (error) {
        const message = redact(`ENTSO-E unreachable for ${what}: ${(error as Error).message}`, token);
        if (attempt < retries) {
          options.logger?.warn({ attempt, what }, message);
          await sleep(backoffDelayMs(attempt + 1, backoff));
          continue;
        }
        throw new EntsoeNetworkError(message);
      }
      const status = response.status;
      if (status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after'), now());
        banUntil = now() + wait;
        options.logger?.warn({ what, retryAfterMs: wait }, 'ENTSO-E rate limit (HTTP 429), backing off');
        throw new EntsoeRateLimitError(
          `ENTSO-E rate limit (HTTP 429) for ${what}; retry after ${Math.ceil(wait / 1000)} s`,
          wait,
          banUntil,
        );
      }
      if (status === 401 || status === 403) {
        throw new EntsoeAuthError(`ENTSO-E refused the security token (HTTP ${status}) for ${what}`);
      }
      if (status >= 500) {
        if (attempt < retries) {
          options.logger?.warn({ attempt, what, status }, 'ENTSO-E server error, retrying');
          await sleep(backoffDelayMs(attempt + 1, backoff));
          continue;
        }
        throw new EntsoeHttpError(
          `ENTSO-E answered HTTP ${status} for ${what} after ${attempt + 1} attempts`,
          status,
        );
      }
      // 200 and 400 both may carry an acknowledgement ("no data" comes with either, depending on the query).
      let doc: MarketDocument;
      try {
        doc = parseMarketDocument(body);
      } catch (error) {
        if (status !== 200) throw new EntsoeHttpError(`ENTSO-E answered HTTP ${status} for ${what}`, status);
        throw new EntsoeParseError(redact(`ENTSO-E answer for ${what}: ${(error as Error).message}`, token));
      }
      if (status !== 200 && doc.kind === 'publication') {
        throw new EntsoeHttpError(`ENTSO-E answered HTTP ${status} for ${what}`, status);
      }
      return doc;
    }
  }

  async function fetchDayAheadDocument(input: {
    zone: Zone;
    start: InstantLike;
    end: InstantLike;
  }): Promise<PublicationDocument | null> {
    const zone = zoneSchema.parse(input.zone);
    const start = toInstant(input.start);
    const end = toInstant(input.end);
    if (!(end > start)) throw new RangeError('end must be after start');
    if (end - start > 366 * 86_400_000) throw new RangeError('ENTSO-E answers at most one year per query');
    const params = dayAheadSearchParams({ eic: zoneEic(zone), start, end });
    const what = `A44 ${zone} ${formatEntsoePeriod(start)}–${formatEntsoePeriod(end)}`;
    const doc = await request(params, what);
    if (doc.kind === 'publication') return doc;
    if (isNoDataAcknowledgement(doc)) return null;
    const reason = doc.reasons[0]!;
    throw new EntsoeRequestError(
      redact(`ENTSO-E refused ${what}: ${reason.code} ${reason.text}`, token),
      reason.code,
      redact(reason.text, token),
    );
  }

  return {
    bannedUntil: () => (banUntil !== null && now() < banUntil ? banUntil : null),
    fetchDayAheadDocument,
    async fetchDayAhead(input) {
      const { zone, day, prefer } = fetchDayAheadInputSchema.parse(input);
      const range = dayRange(day);
      const doc = await fetchDayAheadDocument({ zone, start: range.start, end: range.end });
      if (doc === null) return { zone, day, status: 'no-data', minutes: null, slots: [], complete: false };
      const picked = slotsOfDay(doc, day, { inDomain: zoneEic(zone), ...(prefer ? { prefer } : {}) });
      // A document that does not reach the day counts as no data for it, like the acknowledgement.
      return { zone, day, status: picked.slots.length > 0 ? 'ok' : 'no-data', ...picked };
    },
  };
}
