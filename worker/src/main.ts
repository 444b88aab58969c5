import { hostname } from 'node:os';
import { createDb } from '@ilumen/db';
import { createEntsoeClient } from '@ilumen/entsoe';
import { fluviusFromEnv } from '@ilumen/fluvius';
import { createWorker, JobProducer, type QueueName } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import {
  brokerCheck,
  type Check,
  createMetrics,
  databaseCheck,
  migrationsCheck,
  redisCheck,
  startOpsServer,
  watchFleet,
  watchPool,
} from '@ilumen/observability';
import {
  AlarmDigest,
  AlarmEvaluator,
  connectGatewayLink,
  createServices,
  MandateSync,
  mandateFluvius,
  RolloutEngine,
} from '@ilumen/services';
import { Redis } from 'ioredis';
import { loadWorkerEnv } from './env';
import { createWorkerFluviusClient } from './fluvius/fluvius-client';
import { type Ingest, startIngest } from './ingest/ingest';
import { scheduleAlarmJobs } from './jobs/alarms/alarm-schedules';
import { alarmDigestJob } from './jobs/alarms/digest.job';
import { evaluateAlarmsJob } from './jobs/alarms/evaluate.job';
import { chargeSessionsExportJob } from './jobs/exports/charge-sessions.job';
import { companyCarStatementsJob, scheduleCompanyCarJob } from './jobs/exports/company-car.job';
import { contractComparisonJob } from './jobs/exports/contract-comparison.job';
import { fluviusHandlers } from './jobs/fluvius/fluvius-handlers';
import { scheduleFluviusJobs } from './jobs/fluvius/fluvius-schedules';
import { expireCommandsJob } from './jobs/gateways/expire-commands.job';
import { markOfflineJob } from './jobs/gateways/mark-offline.job';
import { sendMailJob } from './jobs/mail/send.job';
import { maintenanceHandlers, scheduleMaintenanceJobs } from './jobs/maintenance/maintenance-handlers';
import { priceHandlers, schedulePriceJobs } from './jobs/prices/prices-handlers';
import { rolloutHandlers, scheduleRolloutJobs } from './jobs/rollouts/rollouts-handlers';
import { ScheduleKeeper } from './jobs/schedule-keeper';

// Composition root of the worker: start parts in order, stop them in reverse on SIGTERM/SIGINT.
const env = loadWorkerEnv();
const logger = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const db = createDb({ url: env.DATABASE_URL, connectionLimit: 10 });
const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const queueConfig = { connection, prefix: env.REDIS_PREFIX };
const jobs = new JobProducer(queueConfig);
const metrics = createMetrics('worker');

// The ingest first: it is subscribed before anything below sends gateways a configuration or a command, so their
// answers are never sent to no one (decision 071).
let ingest: Ingest | null = null;
if (env.INGEST_ENABLED === 'true') {
  ingest = await startIngest({
    db,
    redis,
    logger,
    redisPrefix: env.REDIS_PREFIX,
    mqttUrl: env.MQTT_URL,
    mqttUsername: env.INGEST_MQTT_USERNAME ?? env.MQTT_USERNAME,
    mqttPassword: env.INGEST_MQTT_USERNAME ? env.INGEST_MQTT_PASSWORD : env.MQTT_PASSWORD,
    shareGroup: env.INGEST_SHARE_GROUP,
    clientId: env.INGEST_CLIENT_ID,
    receiveMaximum: env.INGEST_RECEIVE_MAXIMUM,
    silentAfterMs: env.INGEST_SILENT_AFTER_S * 1000,
    metrics,
  });
}

// WORKER_QUEUES: the queues this process works on (all by default); a queue no process runs waits (decision 123).
const runs = (queue: QueueName) => env.WORKER_QUEUES === 'all' || env.WORKER_QUEUES.includes(queue);
const mailer = new Mailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
const workers: Array<ReturnType<typeof createWorker>> = [];
if (runs('mail'))
  workers.push(
    createWorker(
      'mail',
      { send: sendMailJob({ mailer, logger: logger.child({ queue: 'mail' }) }) },
      { ...queueConfig, concurrency: env.MAIL_CONCURRENCY },
    ),
  );
// Charge-session CSVs by mail (decisions 030–034): each streams its file to disk, so a few at a time is plenty.
if (runs('exports'))
  workers.push(
    createWorker(
      'exports',
      {
        chargeSessions: chargeSessionsExportJob({ db, mailer, logger: logger.child({ queue: 'exports' }) }),
        companyCarStatements: companyCarStatementsJob({
          db,
          mailer,
          logger: logger.child({ queue: 'exports' }),
          clock: { now: () => new Date() },
        }),
        contractComparison: contractComparisonJob({
          db,
          mailer,
          logger: logger.child({ queue: 'exports' }),
          clock: { now: () => new Date() },
        }),
      },
      { ...queueConfig, concurrency: 2 },
    ),
  );
if (runs('gateways'))
  workers.push(
    createWorker(
      'gateways',
      {
        markOffline: markOfflineJob({
          db,
          logger: logger.child({ queue: 'gateways' }),
          silentMs: env.GATEWAY_OFFLINE_AFTER_S * 1000,
        }),
        expireCommands: expireCommandsJob({ db, logger: logger.child({ queue: 'gateways' }) }),
      },
      { ...queueConfig, concurrency: 1 },
    ),
  );
for (const w of workers) {
  w.on('failed', (job, err) =>
    logger.warn({ job: job?.id, queue: w.name, err: err.message, attempts: job?.attemptsMade }, 'job failed'),
  );
  w.on('error', (err) => logger.error({ queue: w.name, err: err.message }, 'worker error'));
}
// Every repeating job, upserted at start and again whenever Redis comes back without them (decision 019).
const schedules: Array<() => Promise<void>> = [];
if (runs('gateways'))
  schedules.push(
    () => jobs.schedule('gateways', 'mark-offline', 60_000, 'markOffline', {}),
    () => jobs.schedule('gateways', 'expire-commands', 30_000, 'expireCommands', {}),
  );
if (runs('exports')) schedules.push(() => scheduleCompanyCarJob(jobs, env.COMPANY_CAR_CRON, new Date()));

// Alarms across the fleet (decisions 040–042, decision 041): evaluation each minute, digests of new alarms by mail.
const clock = { now: () => new Date() };
if (runs('alarms')) {
  const alarmsLogger = logger.child({ queue: 'alarms' });
  const alarmsWorker = createWorker(
    'alarms',
    {
      evaluate: evaluateAlarmsJob({
        evaluator: new AlarmEvaluator({ db, redis, redisPrefix: env.REDIS_PREFIX, clock }),
        logger: alarmsLogger,
      }),
      digest: alarmDigestJob({
        digest: new AlarmDigest({ db, jobs, clock, publicUrl: env.PUBLIC_URL }),
        logger: alarmsLogger,
      }),
    },
    { ...queueConfig, concurrency: 1 },
  );
  alarmsWorker.on('failed', (job, err) =>
    alarmsLogger.warn({ job: job?.id, err: err.message, attempts: job?.attemptsMade }, 'job failed'),
  );
  alarmsWorker.on('error', (err) => alarmsLogger.error({ err: err.message }, 'worker error'));
  workers.push(alarmsWorker);
  schedules.push(() =>
    scheduleAlarmJobs(jobs, {
      evaluateEveryS: env.ALARMS_EVALUATE_EVERY_S,
      digestEveryS: env.ALARMS_DIGEST_EVERY_S,
    }),
  );
}

// Firmware rollouts (decisions 060–062, decision 060): the engine sends `ota` on its own MQTT connection as the platform user.
const rolloutLink =
  env.ROLLOUTS_ENABLED === 'true' && runs('rollouts')
    ? connectGatewayLink({
        url: env.MQTT_URL,
        username: env.MQTT_USERNAME,
        password: env.MQTT_PASSWORD,
        clientId: `ilumen-rollouts-${hostname()}-${process.pid}`,
      })
    : null;
if (rolloutLink) {
  const rolloutsLogger = logger.child({ queue: 'rollouts' });
  const engine = new RolloutEngine({
    db,
    redis,
    redisPrefix: env.REDIS_PREFIX,
    clock,
    link: rolloutLink,
    logger: rolloutsLogger,
  });
  const worker = createWorker('rollouts', rolloutHandlers({ engine, logger: rolloutsLogger }), {
    ...queueConfig,
    concurrency: 1,
  });
  worker.on('failed', (job, err) =>
    rolloutsLogger.warn({ job: job?.id, err: err.message, attempts: job?.attemptsMade }, 'job failed'),
  );
  worker.on('error', (err) => rolloutsLogger.error({ err: err.message }, 'worker error'));
  workers.push(worker);
  schedules.push(() => scheduleRolloutJobs(jobs, env.ROLLOUT_TICK_S * 1000));
}

// Energy control (decisions 050–055, decisions 050–053): day-ahead prices from ENTSO-E (when ENTSOE_BASE_URL and ENTSOE_TOKEN
// are set), the cheapest hours planned and sent to the gateways, battery maintenance charges — configurations go
// out on their own MQTT connection as the platform user.
const controlLink =
  env.CONTROL_ENABLED === 'true' && (runs('prices') || runs('maintenance'))
    ? connectGatewayLink({
        url: env.MQTT_URL,
        username: env.MQTT_USERNAME,
        password: env.MQTT_PASSWORD,
        clientId: `ilumen-control-${hostname()}-${process.pid}`,
      })
    : null;
if (controlLink) {
  const services = createServices(
    {
      db,
      redis,
      jobs,
      clock,
      publicUrl: env.PUBLIC_URL,
      redisPrefix: env.REDIS_PREFIX,
      gatewayLink: controlLink,
    },
    { secureCookies: false },
  );
  const entsoe =
    env.ENTSOE_BASE_URL && env.ENTSOE_TOKEN
      ? createEntsoeClient({
          baseUrl: env.ENTSOE_BASE_URL,
          securityToken: env.ENTSOE_TOKEN,
          logger: logger.child({ part: 'entsoe' }),
        })
      : null;
  const pricesLogger = logger.child({ queue: 'prices' });
  const maintenanceLogger = logger.child({ queue: 'maintenance' });
  const controlWorkers: typeof workers = [];
  if (runs('prices'))
    controlWorkers.push(
      createWorker(
        'prices',
        priceHandlers({
          services,
          client: entsoe,
          jobs,
          logger: pricesLogger,
          now: () => new Date(),
          chunk: env.PRICES_PUBLISH_CHUNK,
        }),
        { ...queueConfig, concurrency: 2 },
      ),
    );
  if (runs('maintenance'))
    controlWorkers.push(
      createWorker(
        'maintenance',
        maintenanceHandlers({
          services,
          logger: maintenanceLogger,
          intervalDays: env.MAINTENANCE_INTERVAL_DAYS,
          windowHours: env.MAINTENANCE_WINDOW_HOURS,
        }),
        { ...queueConfig, concurrency: 1 },
      ),
    );
  for (const w of controlWorkers) {
    w.on('failed', (job, err) =>
      logger.warn(
        { job: job?.id, queue: w.name, err: err.message, attempts: job?.attemptsMade },
        'job failed',
      ),
    );
    w.on('error', (err) => logger.error({ queue: w.name, err: err.message }, 'worker error'));
    workers.push(w);
  }
  if (!runs('prices')) {
    // another process plans prices
  } else if (entsoe) schedules.push(() => schedulePriceJobs(jobs, env.PRICES_FETCH_CRON));
  else pricesLogger.info('no ENTSOE_BASE_URL/ENTSOE_TOKEN: day-ahead prices are not fetched');
  if (runs('maintenance'))
    schedules.push(() =>
      scheduleMaintenanceJobs(jobs, {
        cron: env.MAINTENANCE_CRON,
        reconcileS: env.MAINTENANCE_RECONCILE_S,
      }),
    );
}

// Fluvius mandates and meter data, when FLUVIUS_API_BASE_URL is set (decision 021).
const fluvius = mandateFluvius(fluviusFromEnv(env));
const fluviusClient =
  fluvius.access && 'config' in fluvius.access && runs('fluvius')
    ? createWorkerFluviusClient({
        config: fluvius.access.config,
        requestsPerSecond: env.FLUVIUS_RATE_LIMIT_RPS,
        maxInFlight: env.FLUVIUS_MAX_IN_FLIGHT,
        logger: logger.child({ part: 'fluvius' }),
      })
    : null;
if (fluviusClient) {
  const fluviusLogger = logger.child({ queue: 'fluvius' });
  const sync = new MandateSync({
    db,
    jobs,
    clock: { now: () => new Date() },
    client: fluviusClient,
    publicUrl: env.PUBLIC_URL,
    settings: fluvius.settings,
    logger: fluviusLogger,
  });
  const worker = createWorker(
    'fluvius',
    fluviusHandlers({ sync, logger: fluviusLogger, spreadMs: env.FLUVIUS_SYNC_SPREAD_MINUTES * 60_000 }),
    { ...queueConfig, concurrency: env.FLUVIUS_CONCURRENCY },
  );
  worker.on('failed', (job, err) =>
    logger.warn(
      { job: job?.id, queue: 'fluvius', err: err.message, attempts: job?.attemptsMade },
      'job failed',
    ),
  );
  worker.on('error', (err) => logger.error({ queue: 'fluvius', err: err.message }, 'worker error'));
  workers.push(worker);
  schedules.push(() =>
    scheduleFluviusJobs(jobs, {
      pollMinutes: env.FLUVIUS_POLL_MINUTES,
      syncCron: env.FLUVIUS_SYNC_CRON,
      checkCron: env.FLUVIUS_CHECK_CRON,
      repairCron: env.FLUVIUS_REPAIR_CRON,
    }),
  );
}

const scheduleKeeper = new ScheduleKeeper({
  redis,
  prefix: env.REDIS_PREFIX,
  upsert: async () => {
    for (const schedule of schedules) await schedule();
  },
  checkEveryMs: env.SCHEDULES_CHECK_EVERY_S * 1000,
  logger: logger.child({ part: 'schedules' }),
});
await scheduleKeeper.start();

// Health, readiness and metrics on the internal HTTP port (docs/operations.md).
for (const w of workers) {
  w.on('completed', () => metrics.jobsProcessed.inc({ queue: w.name, outcome: 'completed' }));
  w.on('failed', () => metrics.jobsProcessed.inc({ queue: w.name, outcome: 'failed' }));
}
watchPool(metrics, db);
watchFleet(metrics, db);
metrics.onScrape(async () => {
  for (const w of workers) {
    const counts = await jobs.raw(w.name as QueueName).getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, n] of Object.entries(counts)) metrics.queueJobs.set({ queue: w.name, state }, n);
  }
});
if (ingest) {
  const running = ingest;
  metrics.onScrape(async () => {
    const health = running.health();
    metrics.ingestConnected.set(health.subscribed ? 1 : 0);
    metrics.ingestUnacked.set(health.unacked);
    metrics.ingestLastMessageAge.set(health.lastMessageAgeMs / 1000);
    metrics.ingestSilent.set(health.silent ? 1 : 0);
  });
}
const readiness: Record<string, Check> = {
  database: databaseCheck(db),
  migrations: migrationsCheck(db),
  redis: redisCheck(redis),
  'redis-queues': redisCheck(connection),
};
if (ingest || rolloutLink || controlLink)
  readiness.broker = brokerCheck(env.MQTT_URL, (validTo) =>
    metrics.certificateExpiry.set({ name: 'broker' }, validTo.getTime() / 1000),
  );
if (ingest) {
  const running = ingest;
  readiness.ingest = async () => {
    const health = running.health();
    if (!health.subscribed)
      throw new Error(health.connected ? 'not subscribed' : 'not connected to the broker');
  };
}
const opsServer =
  env.WORKER_HTTP_PORT !== undefined
    ? await startOpsServer({
        port: env.WORKER_HTTP_PORT,
        host: env.WORKER_HTTP_HOST,
        checks: readiness,
        metrics,
      })
    : null;
if (opsServer) logger.info({ port: opsServer.port, host: env.WORKER_HTTP_HOST }, 'worker http listening');

logger.info({ queues: workers.map((w) => w.name), ingest: Boolean(ingest) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping: draining');
  const deadline = setTimeout(() => process.exit(1), 20_000);
  deadline.unref();
  await scheduleKeeper.stop();
  await opsServer?.close();
  await ingest?.stop();
  await Promise.all(workers.map((w) => w.close()));
  await rolloutLink?.close();
  await controlLink?.close();
  await fluviusClient?.close();
  await jobs.close();
  mailer.close();
  await Promise.all([connection.quit(), redis.quit()]);
  await db.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
