import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { addDays, dayRange, instantOfLocal, type LocalDate, localDate } from '@ilumen/energy';
import { parseEntsoePeriod } from './entsoe-url';
import { type FixtureSet, fixtureKey, loadFixtures } from './fixture-days';
import { generateDayPrices, resolutionForDay } from './generated-prices';
import { formatEntsoeInstant } from './render-instant';
import {
  compressA03,
  type RenderPeriod,
  renderAcknowledgementDocument,
  renderPublicationDocument,
} from './render-market-document';
import { zoneOfEic } from './zones';

// A local stand-in for the ENTSO-E transparency API (A44 day-ahead prices only), speaking the real wire format: the
// bundled fixture documents for their dates, generated documents for any other date, the "no data" acknowledgement
// for days not yet published, a token check, and faults on demand.

export const BUNDLED_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface EntsoeServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Accepted security token(s). */
  securityToken: string | readonly string[];
  /** Clock deciding which days are published, epoch ms. */
  now?: () => number;
  /** Fixture documents; default the bundled ones, null for none (generated prices only). */
  fixturesDir?: string | null;
  /** Tomorrow's prices appear at this Brussels time today (default 13:00, after the 12:00 CET auction). */
  publishAt?: { hour: number; minute: number };
}

export interface EntsoeFaults {
  /** Answer the next `count` requests with this HTTP status (429 carries Retry-After). */
  failNext(status: 429 | 500 | 502 | 503, count?: number, options?: { retryAfterSeconds?: number }): void;
  clear(): void;
}

export interface EntsoeServer {
  /** Base URL for the client (`{url}/api?...`). */
  url: string;
  port: number;
  faults: EntsoeFaults;
  /** Requests received so far (including refused ones). */
  requestCount(): number;
  close(): Promise<void>;
}

const MAX_QUERY_MS = 366 * 86_400_000;

interface Reply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function mridOf(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x1b873593;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 0x01000193);
    h2 = Math.imul(h2 ^ text.charCodeAt(i), 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return hex(h1) + hex(h2) + hex(h1 ^ h2) + hex(Math.imul(h1, 31) + h2);
}

/** The period of a day as the server writes it: the fixture's, or generated with A03 omission. */
export function periodForDay(day: LocalDate, eic: string, fixtures: FixtureSet | null): RenderPeriod {
  const fixture = fixtures?.days.get(day);
  if (fixture && fixture.eic === eic) return fixture.period;
  const { start, end } = dayRange(day);
  const minutes = resolutionForDay(day);
  // Other zones get their own (still deterministic) prices.
  const prices = generateDayPrices(day, minutes).map((p, i) =>
    eic === '10YBE----------2' ? p : Math.round((p + ((eic.charCodeAt(4) + i) % 7) - 3) * 100) / 100,
  );
  return { start, end, minutes, points: compressA03(prices) };
}

export async function startEntsoeServer(options: EntsoeServerOptions): Promise<EntsoeServer> {
  const tokens = new Set(
    typeof options.securityToken === 'string' ? [options.securityToken] : options.securityToken,
  );
  const now = options.now ?? Date.now;
  const publishAt = options.publishAt ?? { hour: 13, minute: 0 };
  const fixtures =
    options.fixturesDir === null ? null : loadFixtures(options.fixturesDir ?? BUNDLED_FIXTURES_DIR);
  const pending: { status: number; retryAfterSeconds: number }[] = [];
  let requests = 0;

  const ack = (status: number, text: string): Reply => ({
    status,
    body: renderAcknowledgementDocument({
      mRID: mridOf(`${text}${now()}`),
      createdAt: now(),
      reasonCode: '999',
      text,
    }),
  });

  const published = (day: LocalDate) =>
    now() >= instantOfLocal(addDays(day, -1), publishAt.hour, publishAt.minute);

  function answer(method: string | undefined, url: URL): Reply {
    if (method !== 'GET' || url.pathname !== '/api')
      return { status: 404, body: 'not found', contentType: 'text/plain' };
    const fault = pending.shift();
    if (fault) {
      return fault.status === 429
        ? {
            status: 429,
            body: 'Too Many Requests',
            contentType: 'text/plain',
            headers: { 'retry-after': String(fault.retryAfterSeconds) },
          }
        : { status: fault.status, body: 'Internal Server Error', contentType: 'text/plain' };
    }
    const q = url.searchParams;
    const token = q.get('securityToken');
    if (!token || !tokens.has(token)) {
      return {
        status: 401,
        body: '<html><body><h1>401 Unauthorized</h1></body></html>',
        contentType: 'text/html',
      };
    }
    for (const name of ['documentType', 'in_Domain', 'out_Domain', 'periodStart', 'periodEnd']) {
      if (!q.get(name)) return ack(400, `Mandatory parameter ${name} is missing`);
    }
    if (q.get('documentType') !== 'A44') return ack(400, 'This server answers documentType A44 only');
    const eic = q.get('in_Domain')!;
    if (q.get('out_Domain') !== eic) return ack(400, 'in_Domain and out_Domain must be the same for A44');
    const start = parseEntsoePeriod(q.get('periodStart')!);
    const end = parseEntsoePeriod(q.get('periodEnd')!);
    if (start === null || end === null) return ack(400, 'periodStart and periodEnd must be yyyyMMddHHmm');
    if (end <= start) return ack(400, 'periodEnd must be after periodStart');
    if (end - start > MAX_QUERY_MS)
      return ack(400, 'The amount of requested data exceeds allowed limit of 1 year');
    const noData = `No matching data found for Data item Day-ahead Prices [12.1.D] (${eic}, ${eic}) and interval ${formatEntsoeInstant(start)}/${formatEntsoeInstant(end)}.`;
    if (zoneOfEic(eic) === null) return ack(200, noData);

    const days: LocalDate[] = [];
    for (let d = localDate(start); dayRange(d).start < end; d = addDays(d, 1)) if (published(d)) days.push(d);
    if (days.length === 0) return ack(200, noData);

    const verbatim = fixtures?.documents.get(fixtureKey(start, end, eic));
    if (verbatim && days.length === 1 && dayRange(days[0]!).start === start)
      return { status: 200, body: verbatim };

    const body = renderPublicationDocument({
      mRID: mridOf(`${eic}${start}${end}${days.join()}`),
      createdAt: instantOfLocal(addDays(days.at(-1)!, -1), 12, 57),
      start: dayRange(days[0]!).start,
      end: dayRange(days.at(-1)!).end,
      eic,
      series: days.map((day) => [periodForDay(day, eic, fixtures)]),
    });
    return { status: 200, body };
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    requests++;
    let reply: Reply;
    try {
      reply = answer(req.method, new URL(req.url ?? '/', 'http://localhost'));
    } catch (error) {
      reply = { status: 500, body: `server error: ${(error as Error).message}`, contentType: 'text/plain' };
    }
    res.writeHead(reply.status, {
      'content-type': reply.contentType ?? 'application/xml; charset=utf-8',
      ...reply.headers,
    });
    res.end(reply.body);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    requestCount: () => requests,
    faults: {
      failNext(status, count = 1, faultOptions = {}) {
        for (let i = 0; i < count; i++)
          pending.push({ status, retryAfterSeconds: faultOptions.retryAfterSeconds ?? 600 });
      },
      clear() {
        pending.length = 0;
      },
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
