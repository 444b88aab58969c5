import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDb } from '@ilumen/db/testing';
import { createFluviusClient, createRequestLimiter } from '@ilumen/fluvius';
import { computeCheckDigit } from '@ilumen/fluvius/ean';
import { simulatorOptionsSchema } from '@ilumen/fluvius/simulator';
import { addDays, brusselsDayWindow, brusselsLocalDate } from '@ilumen/fluvius/time';
import { createWorker, JobProducer } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { MandateSync } from '@ilumen/services';
import { Redis } from 'ioredis';
import { fluviusHandlers } from '../src/jobs/fluvius/fluvius-handlers';

/**
 * The nightly Fluvius sync at fleet scale: N linked mandates × 1 day, through the real path (the night plan's jobs on
 * BullMQ, the worker's handlers, one client with its rate limiter, writeQuarters into MariaDB) against the simulator
 * in its own process. Printed next to the ceiling measured in the same run: raw HTTP GETs of the same N energy
 * requests against the same simulator, with a token, as fast as the same number of connections go.
 *
 * `tsx bench/fluvius-sync.ts [--mandates 1000] [--rate 50] [--in-flight 8] [--concurrency 8]`
 */
const { values } = parseArgs({
  options: {
    mandates: { type: 'string', default: process.env.BENCH_MANDATES ?? '1000' },
    rate: { type: 'string', default: process.env.BENCH_FLUVIUS_RATE ?? '50' },
    'in-flight': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '8' },
  },
});
const N = Number(values.mandates);
const RATE = Number(values.rate);
const IN_FLIGHT = Number(values['in-flight']);
const CONCURRENCY = Number(values.concurrency);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** The simulator as its own process (as Fluvius is), on a free port; resolves with its base URL. */
function startSimulator(): Promise<{ url: string; stop(): void }> {
  return new Promise((resolve, reject) => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(root, 'packages/fluvius/src/simulator/main.ts'),
        '--port',
        String(port),
        '--request-log-size',
        '0',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('fluvius simulator ready'))
        resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
}

function ean(i: number): string {
  const data = `5414488207${String(i).padStart(7, '0')}`;
  return `${data}${computeCheckDigit(data)}`;
}

const defaults = simulatorOptionsSchema.parse({});
const sim = await startSimulator();
const clientConfig = {
  apiBaseUrl: `${sim.url}/v3/api`,
  tenantId: defaults.tenantId,
  tokenUrl: `${sim.url}/${defaults.tenantId}/oauth2/v2.0/token`,
  clientId: defaults.clientId,
  scope: 'api://fluvius-sim/.default',
  credentials: { kind: 'secret' as const, clientSecret: defaults.clientSecret },
  subscriptionKey: defaults.subscriptionKey,
  dataAccessContractNumber: defaults.dataAccessContractNumber,
};
const control = (command: unknown) =>
  fetch(`${sim.url}/_sim/control`, { method: 'POST', body: JSON.stringify(command) }).then((r) => {
    if (!r.ok) throw new Error(`control ${r.status}`);
  });
const simStats = async () =>
  (
    (await (await fetch(`${sim.url}/_sim/state`)).json()) as {
      stats: { apiRequests: number; tokenRequests: number };
    }
  ).stats;

const t = await createTestDb('bench_fluvius');
const connection = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
const prefix = `bench-fluvius-${randomBytes(3).toString('hex')}`;
const jobs = new JobProducer({ connection, prefix });
const now = new Date();
const today = brusselsLocalDate(now);
const yesterday = addDays(today, -1);

try {
  // N sites, each with a meter and a linked mandate whose last synced day is the day before yesterday.
  const org = await t.db
    .insertInto('organizations')
    .values({ kind: 'installer', name: 'Bench' })
    .executeTakeFirstOrThrow();
  for (let i = 0; i < N; i += 1000) {
    const n = Math.min(1000, N - i);
    await t.db
      .insertInto('sites')
      .values(
        Array.from({ length: n }, (_, j) => ({
          organization_id: Number(org.insertId),
          street: 'Benchstraat',
          house_number: String(i + j),
          postal_code: '9000',
          city: 'Gent',
        })),
      )
      .execute();
  }
  const sites = await t.db.selectFrom('sites').select('id').orderBy('id').execute();
  for (let i = 0; i < N; i += 1000) {
    await t.db
      .insertInto('meters')
      .values(
        sites
          .slice(i, i + 1000)
          .map((s, j) => ({ site_id: s.id, ean: ean(i + j), active_since: '2024-01-01' })),
      )
      .execute();
    await t.db
      .insertInto('fluvius_mandates')
      .values(
        sites.slice(i, i + 1000).map((s, j) => ({
          reference_number: `bench${i + j}`,
          origin: 'console' as const,
          site_id: s.id,
          ean: ean(i + j),
          energy_type: 'E' as const,
          status: 'approved' as const,
          linked_at: now,
          synced_through: addDays(yesterday, -1),
          backfill_before: addDays(yesterday, -1),
          history_from: addDays(yesterday, -1),
          backfill_done_at: now,
        })),
      )
      .execute();
  }
  for (let i = 0; i < N; i++)
    await control({ action: 'createMandate', referenceNumber: `bench${i}`, ean: ean(i) });

  // 1. The ceiling: the same N requests as raw GETs, as many at once as the client may have in flight.
  const token = (await (
    await fetch(clientConfig.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientConfig.clientId,
        client_secret: defaults.clientSecret,
        scope: clientConfig.scope,
      }),
    })
  ).json()) as { access_token: string };
  const window = brusselsDayWindow(yesterday);
  let next = 0;
  const rawStart = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < N) {
        const i = next++;
        const q = new URLSearchParams({
          referenceNumber: `bench${i}`,
          ean: ean(i),
          PeriodType: 'readTime',
          granularity: 'hourly_quarterhourly',
          from: window.from.toISOString(),
          to: window.to.toISOString(),
        });
        const res = await fetch(`${clientConfig.apiBaseUrl}/Mandate/energy?${q}`, {
          headers: {
            authorization: `Bearer ${token.access_token}`,
            'ocp-apim-subscription-key': clientConfig.subscriptionKey,
          },
        });
        if (res.status !== 200) throw new Error(`raw GET answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  const rawSeconds = (performance.now() - rawStart) / 1000;

  // 2. The nightly sync: the plan's N jobs through a worker, one client rate-limited to RATE requests/s.
  const before = await simStats();
  const client = createFluviusClient(clientConfig, {
    limiter: createRequestLimiter({ requestsPerSecond: RATE, maxConcurrent: IN_FLIGHT }),
  });
  const sync = new MandateSync({
    db: t.db,
    jobs,
    clock: { now: () => now },
    client,
    publicUrl: 'http://localhost:3000',
  });
  const worker = createWorker(
    'fluvius',
    fluviusHandlers({ sync, logger: createLogger({ name: 'bench', level: 'silent' }), spreadMs: 0 }),
    { connection, prefix, concurrency: CONCURRENCY },
  );
  let failed = 0;
  worker.on('failed', () => failed++);
  const start = performance.now();
  await jobs.add('fluvius', 'syncNight', {});
  for (;;) {
    const done = await t.db
      .selectFrom('fluvius_mandates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('synced_through', '=', yesterday)
      .executeTakeFirstOrThrow();
    if (Number(done.n) >= N || failed > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - start) / 1000;
  const after = await simStats();
  const quarters = await t.db
    .selectFrom('energy_qh')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await worker.close();
  await client.close();

  const requests = after.apiRequests - before.apiRequests;
  out(
    `Fluvius nightly sync: ${fmt(N)} mandates × 1 day (${yesterday}), rate limit ${fmt(RATE)} req/s, ${IN_FLIGHT} in flight, worker concurrency ${CONCURRENCY}`,
  );
  out(
    `  sync (jobs → client → writeQuarters)   ${fmt(seconds, 2)} s wall   ${fmt(requests / seconds, 1)} req/s   ${fmt(requests)} API requests + ${after.tokenRequests - before.tokenRequests} token   ${fmt(Number(quarters.n))} quarters (${fmt(Number(quarters.n) / seconds)} /s)   failed jobs ${failed}`,
  );
  out(
    `  ceiling: raw GETs, same simulator      ${fmt(rawSeconds, 2)} s wall   ${fmt(N / rawSeconds, 1)} req/s   (${IN_FLIGHT} connections, no limiter, no database)`,
  );
  out(
    `  the rate limit allows at best ${fmt(N / RATE, 2)} s; the sync used ${fmt((100 * (requests / seconds)) / RATE, 0)} % of it`,
  );
} finally {
  await jobs.close();
  const keys = await connection.keys(`${prefix}:*`);
  if (keys.length) await connection.del(...keys);
  await connection.quit();
  await t.drop();
  sim.stop();
}
