/**
 * Daily sync of N mandates × 1 day (quarter-hours) against the simulator, run as a separate process so server and
 * client do not share an event loop. Prints wall time and requests/s of:
 *   - raw HTTP GETs of the same energy URLs (undici, no parsing): the ceiling this machine and simulator allow;
 *   - the client without a rate limit (bounded concurrency only): what parsing/validation costs on top;
 *   - the client under a configured rate limit (the production setting);
 *   - the client above a rate limit the simulator enforces: 429s absorbed by Retry-After and backoff.
 *
 *   npm run -w @ilumen/fluvius bench -- [--mandates 1000] [--rate 100] [--concurrency 16]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { computeCheckDigit } from '../src/ean';
import {
  brusselsDayWindow,
  brusselsYesterday,
  createFluviusClient,
  createRequestLimiter,
  type FluviusClientConfigInput,
  intervalTotals,
} from '../src/index';

const { values } = parseArgs({
  options: {
    mandates: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '16' },
  },
});
const MANDATES = Number(values.mandates);
const RATE = Number(values.rate);
const CONCURRENCY = Number(values.concurrency);

interface SimulatorProcess {
  child: ChildProcess;
  config: FluviusClientConfigInput;
  controlUrl: string;
}

async function startSimulatorProcess(extraArgs: string[]): Promise<SimulatorProcess> {
  const main = fileURLToPath(new URL('../src/simulator/main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--port', '0', '--request-log-size', '0', ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg: string; url?: string };
    if (entry.msg === 'fluvius simulator listening' && entry.url) {
      const url = entry.url;
      lines.close();
      return {
        child,
        controlUrl: `${url}/_sim/control`,
        config: {
          apiBaseUrl: `${url}/v3/api`,
          tenantId: 'sim-tenant',
          tokenUrl: `${url}/sim-tenant/oauth2/v2.0/token`,
          clientId: 'ilumen-sim',
          scope: 'api://fluvius-sim/.default',
          credentials: { kind: 'secret', clientSecret: 'sim-client-secret' },
          subscriptionKey: 'sim-subscription-key',
          dataAccessContractNumber: 'DTC-SIM-0001',
        },
      };
    }
  }
  throw new Error('simulator did not start');
}

function eanFor(i: number): string {
  const data = `54144882${String(100_000_000 + i).slice(1)}`;
  return `${data}${computeCheckDigit(data)}`;
}

async function seedMandates(
  sim: SimulatorProcess,
  count: number,
): Promise<Array<{ referenceNumber: string; ean: string }>> {
  const mandates = Array.from({ length: count }, (_, i) => ({
    referenceNumber: `BENCH${i}`,
    ean: eanFor(i),
  }));
  for (const mandate of mandates) {
    const response = await request(sim.controlUrl, {
      method: 'POST',
      body: JSON.stringify({ action: 'createMandate', ...mandate }),
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`seeding failed: HTTP ${response.statusCode}`);
  }
  return mandates;
}

interface Figure {
  name: string;
  requests: number;
  ms: number;
  quarters: number;
  note: string;
}

async function rawBaseline(
  sim: SimulatorProcess,
  mandates: Array<{ referenceNumber: string; ean: string }>,
): Promise<Figure> {
  const config = sim.config;
  const tokenResponse = await request(config.tokenUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      scope: config.scope,
      client_secret: 'sim-client-secret',
    }).toString(),
  });
  const { access_token: token } = (await tokenResponse.body.json()) as { access_token: string };
  const window = brusselsDayWindow(brusselsYesterday(new Date()));
  const agent = new Agent({ connections: CONCURRENCY });
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < mandates.length) {
        const mandate = mandates[next++]!;
        const url = new URL(`${config.apiBaseUrl}/Mandate/energy`);
        url.search = new URLSearchParams({
          referenceNumber: mandate.referenceNumber,
          ean: mandate.ean,
          PeriodType: 'readTime',
          granularity: 'hourly_quarterhourly',
          from: window.from.toISOString(),
          to: window.to.toISOString(),
        }).toString();
        const response = await request(url, {
          dispatcher: agent,
          headers: { authorization: `Bearer ${token}`, 'ocp-apim-subscription-key': config.subscriptionKey },
        });
        bytes += (await response.body.arrayBuffer()).byteLength;
      }
    }),
  );
  const ms = performance.now() - started;
  await agent.close();
  return {
    name: 'raw HTTP GET (ceiling)',
    requests: mandates.length,
    ms,
    quarters: 0,
    note: `${Math.round(bytes / mandates.length)} B/response`,
  };
}

async function clientRun(
  name: string,
  sim: SimulatorProcess,
  mandates: Array<{ referenceNumber: string; ean: string }>,
  limit: { requestsPerSecond?: number; maxConcurrent: number },
): Promise<Figure> {
  let retries = 0;
  const logger = {
    debug: () => {},
    info: () => {},
    error: () => {},
    warn: (_fields: Record<string, unknown>, message: string) => {
      if (message === 'fluvius request retry') retries++;
    },
  };
  const limiter = createRequestLimiter({ ...limit, burst: limit.maxConcurrent });
  const client = createFluviusClient(
    { ...sim.config, maxConnections: limit.maxConcurrent },
    { limiter, logger },
  );
  const window = brusselsDayWindow(brusselsYesterday(new Date()));
  await client.listMandates({ referenceNumber: 'warm-up' }); // token and connection, outside the timing
  const started = performance.now();
  const results = await Promise.all(
    mandates.map((mandate) => client.getEnergy({ ...mandate, ...window, granularity: 'quarter-hourly' })),
  );
  const ms = performance.now() - started;
  const quarters = results.reduce(
    (sum, result) => sum + intervalTotals(result.readings, 'quarter-hour').length,
    0,
  );
  await client.close();
  return {
    name,
    requests: mandates.length + retries,
    ms,
    quarters,
    note: retries ? `${retries} retries after 429` : '',
  };
}

function print(figures: Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    String(f.requests),
    (f.ms / 1000).toFixed(2),
    ((f.requests / f.ms) * 1000).toFixed(0),
    f.quarters ? String(f.quarters) : '',
    f.note,
  ]);
  const header = ['run', 'requests', 'wall s', 'req/s', 'quarters', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

const open = await startSimulatorProcess([]);
const limited = await startSimulatorProcess(['--rate-limit', String(RATE)]);
try {
  const mandates = await seedMandates(open, MANDATES);
  await seedMandates(limited, MANDATES);
  process.stdout.write(
    `Fluvius daily sync: ${MANDATES} mandates × 1 day of quarter-hours, concurrency ${CONCURRENCY}, rate limit ${RATE}/s\n\n`,
  );
  const figures: Figure[] = [];
  figures.push(await rawBaseline(open, mandates));
  figures.push(await clientRun('client, concurrency only', open, mandates, { maxConcurrent: CONCURRENCY }));
  figures.push(
    await clientRun(`client, limiter ${RATE}/s`, open, mandates, {
      requestsPerSecond: RATE,
      maxConcurrent: CONCURRENCY,
    }),
  );
  figures.push(
    await clientRun(`client 2×${RATE}/s vs server ${RATE}/s`, limited, mandates, {
      requestsPerSecond: RATE * 2,
      maxConcurrent: CONCURRENCY,
    }),
  );
  print(figures);
} finally {
  open.child.kill('SIGTERM');
  limited.child.kill('SIGTERM');
}
