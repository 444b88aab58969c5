import { hostname } from 'node:os';
import { commonEnv, parseEnv } from '@ilumen/config';
import { type QueueName, registry } from '@ilumen/jobs';
import { z } from 'zod';
import { fluviusWorkerEnv } from './fluvius/fluvius-env';
import { controlWorkerEnv } from './jobs/prices/prices-env';

export const workerEnvSchema = z.object({
  ...commonEnv,
  /**
   * The worker's internal HTTP port: `/healthz`, `/readyz` (MariaDB, migrations, Redis, broker, ingest subscribed) and
   * `/metrics` (Prometheus); unset: none. Keep it off the public network (WORKER_HTTP_HOST, default loopback).
   */
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_HTTP_HOST: z.string().default('127.0.0.1'),
  /**
   * The BullMQ queues this process works on: `all` (the default) or a comma-separated list (`mail,exports`), so a
   * deployment can run ingest, jobs and control in processes of their own (decision 123). Each queue's repeating jobs
   * are scheduled by the processes that run it.
   */
  WORKER_QUEUES: z
    .string()
    .default('all')
    .transform((v, ctx) => {
      if (v.trim() === 'all') return 'all' as const;
      const names = v
        .split(',')
        .map((q) => q.trim())
        .filter(Boolean);
      const unknown = names.filter((q) => !(q in registry));
      if (unknown.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: `unknown queue ${unknown.join(', ')}; the queues are ${Object.keys(registry).join(', ')}`,
        });
      return names as QueueName[];
    }),
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  /** When the company cars' monthly statements and late-rate corrections are made and mailed (Brussels, decision 192). */
  COMPANY_CAR_CRON: z.string().default('0 7 * * *'),
  /** The worker's MQTT login for what it sends (configs, commands, OTA: broker user `ilumen-worker`). */
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** The ingest's own login (broker user `ilumen-ingest`: reads what gateways publish); default MQTT_USERNAME. */
  INGEST_MQTT_USERNAME: z.string().optional(),
  INGEST_MQTT_PASSWORD: z.string().optional(),
  INGEST_ENABLED: z.enum(['true', 'false']).default('true'),
  INGEST_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('ingest'),
  /** Stable per ingest process, so its persistent MQTT session survives a restart. */
  INGEST_CLIENT_ID: z.string().default(`ilumen-ingest-${hostname()}`),
  /**
   * QoS 1 messages the broker may send the ingest before it has acknowledged them (MQTT 5 receive maximum). They are
   * acknowledged once committed, so this bounds what waits in memory and must cover the write latency at full rate.
   */
  INGEST_RECEIVE_MAXIMUM: z.coerce.number().int().min(1).max(65_535).default(10_000),
  /** No message at all for this long from a fleet seen in the last day: logged, shown in health, reconnect. */
  INGEST_SILENT_AFTER_S: z.coerce.number().int().min(1).default(90),
  /** How often the worker checks that Redis still holds its repeating jobs (decision 019); also on every reconnect. */
  SCHEDULES_CHECK_EVERY_S: z.coerce.number().int().min(1).max(300).default(5),
  GATEWAY_OFFLINE_AFTER_S: z.coerce.number().int().min(30).default(180),
  /** Alarms (decision 041): one evaluation pass over every gateway this often; new-alarm digests checked this often. */
  ALARMS_EVALUATE_EVERY_S: z.coerce.number().int().min(10).default(60),
  ALARMS_DIGEST_EVERY_S: z.coerce.number().int().min(60).default(900),
  /** Firmware rollouts (decision 060): the engine's tick; off in a worker that should not send `ota`. */
  ROLLOUTS_ENABLED: z.enum(['true', 'false']).default('true'),
  ROLLOUT_TICK_S: z.coerce.number().int().min(1).max(300).default(5),
  ...fluviusWorkerEnv,
  ...controlWorkerEnv,
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export const loadWorkerEnv = (env: NodeJS.ProcessEnv = process.env) => parseEnv(workerEnvSchema, env);
