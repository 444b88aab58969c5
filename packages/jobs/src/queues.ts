import {
  type ConnectionOptions,
  type Job,
  type JobsOptions,
  Queue,
  UnrecoverableError,
  Worker,
} from 'bullmq';
import type { z } from 'zod';
import { type JobName, type JobPayload, type QueueName, registry } from './registry';

export interface QueueConfig {
  connection: ConnectionOptions;
  /** BullMQ key prefix; tests use a unique one per file. */
  prefix: string;
}

const defaults: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

function schemaOf(queue: QueueName, name: string): z.ZodType {
  const schema = (registry[queue] as Record<string, z.ZodType>)[name];
  if (!schema) throw new Error(`Unknown job ${queue}/${name}`);
  return schema;
}

/** Adds typed, checked jobs. `jobId` should come from a business key so a repeated add is a no-op. */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();
  constructor(private readonly config: QueueConfig) {}

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: this.config.connection,
        prefix: this.config.prefix,
        defaultJobOptions: defaults,
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async add<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    name: N,
    payload: JobPayload<Q, N>,
    options: JobsOptions & { jobId?: string } = {},
  ): Promise<void> {
    const data = schemaOf(queue, name).parse(payload);
    await this.queue(queue).add(name, data, options);
  }

  /**
   * A repeating job, upserted at start (running it twice is harmless: the scheduler id is the business key).
   */
  async schedule<Q extends QueueName, N extends JobName<Q>>(
    queue: Q,
    schedulerId: string,
    everyMs: number,
    name: N,
    payload: JobPayload<Q, N>,
  ): Promise<void> {
    const data = schemaOf(queue, name).parse(payload);
    await this.queue(queue).upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      { name, data, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
  }

  /** For tests and the console: the BullMQ queue itself. */
  raw(queue: QueueName): Queue {
    return this.queue(queue);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}

export type Handlers<Q extends QueueName> = {
  [N in JobName<Q>]: (payload: JobPayload<Q, N>, job: Job) => Promise<unknown>;
};

/**
 * A worker for one queue whose handlers get checked payloads. A payload that fails its schema can never succeed, so it
 * fails at once without retries.
 */
export function createWorker<Q extends QueueName>(
  queue: Q,
  handlers: Handlers<Q>,
  config: QueueConfig & { concurrency?: number },
): Worker {
  return new Worker(
    queue,
    async (job) => {
      const handler = (handlers as Record<string, (p: unknown, j: Job) => Promise<unknown>>)[job.name];
      if (!handler) throw new UnrecoverableError(`No handler for ${queue}/${job.name}`);
      const parsed = schemaOf(queue, job.name).safeParse(job.data);
      if (!parsed.success)
        throw new UnrecoverableError(`Invalid payload for ${queue}/${job.name}: ${parsed.error.message}`);
      return handler(parsed.data, job);
    },
    { connection: config.connection, prefix: config.prefix, concurrency: config.concurrency ?? 5 },
  );
}

export { UnrecoverableError };
