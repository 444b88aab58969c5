import { createWorker } from '@ilumen/jobs';
import { createLogger } from '@ilumen/logger';
import { Mailer } from '@ilumen/mail';
import { Redis } from 'ioredis';
import { loadWorkerEnv } from './env';
import { sendMailJob } from './jobs/mail/send.job';

// Composition root of the worker: start parts in order, stop them in reverse on SIGTERM/SIGINT.
const env = loadWorkerEnv();
const logger = createLogger({ name: 'worker', level: env.LOG_LEVEL });
const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const queueConfig = { connection, prefix: env.REDIS_PREFIX };

const mailer = new Mailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
const workers = [
  createWorker('mail', { send: sendMailJob({ mailer, logger: logger.child({ queue: 'mail' }) }) }, { ...queueConfig, concurrency: env.MAIL_CONCURRENCY }),
];
for (const w of workers) {
  w.on('failed', (job, err) => logger.warn({ job: job?.id, queue: w.name, err: err.message, attempts: job?.attemptsMade }, 'job failed'));
  w.on('error', (err) => logger.error({ queue: w.name, err: err.message }, 'worker error'));
}
logger.info({ queues: workers.map((w) => w.name) }, 'worker started');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'worker stopping: draining jobs');
  const deadline = setTimeout(() => process.exit(1), 20_000);
  deadline.unref();
  await Promise.all(workers.map((w) => w.close()));
  mailer.close();
  await connection.quit();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
