import { createDb } from '@ilumen/db';
import { JobProducer, createWorker } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import { Redis } from 'ioredis';
import { loadWorkerEnv } from './env';
import { type Ingest, startIngest } from './ingest/ingest';
import { markOfflineJob } from './jobs/gateways/mark-offline.job';
import { sendMailJob } from './jobs/mail/send.job';

// Composition root of the worker: start parts in order, stop them in reverse on SIGTERM/SIGINT.
const env = loadWorkerEnv();
const logger = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const db = createDb({ url: env.DATABASE_URL, connectionLimit: 10 });
const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const queueConfig = { connection, prefix: env.REDIS_PREFIX };
const jobs = new JobProducer(queueConfig);

const mailer = new Mailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
const workers = [
  createWorker('mail', { send: sendMailJob({ mailer, logger: logger.child({ queue: 'mail' }) }) }, { ...queueConfig, concurrency: env.MAIL_CONCURRENCY }),
  createWorker('gateways', { markOffline: markOfflineJob({ db, logger: logger.child({ queue: 'gateways' }), silentMs: env.GATEWAY_OFFLINE_AFTER_S * 1000 }) }, { ...queueConfig, concurrency: 1 }),
];
for (const w of workers) {
  w.on('failed', (job, err) => logger.warn({ job: job?.id, queue: w.name, err: err.message, attempts: job?.attemptsMade }, 'job failed'));
  w.on('error', (err) => logger.error({ queue: w.name, err: err.message }, 'worker error'));
}
await jobs.schedule('gateways', 'mark-offline', 60_000, 'markOffline', {});

let ingest: Ingest | null = null;
if (env.INGEST_ENABLED === 'true') {
  ingest = await startIngest({
    db,
    redis,
    logger,
    redisPrefix: env.REDIS_PREFIX,
    mqttUrl: env.MQTT_URL,
    mqttUsername: env.MQTT_USERNAME,
    mqttPassword: env.MQTT_PASSWORD,
    shareGroup: env.INGEST_SHARE_GROUP,
    clientId: env.INGEST_CLIENT_ID,
  });
}
logger.info({ queues: workers.map((w) => w.name), ingest: Boolean(ingest) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping: draining');
  const deadline = setTimeout(() => process.exit(1), 20_000);
  deadline.unref();
  await ingest?.stop();
  await Promise.all(workers.map((w) => w.close()));
  await jobs.close();
  mailer.close();
  await Promise.all([connection.quit(), redis.quit()]);
  await db.destroy();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
