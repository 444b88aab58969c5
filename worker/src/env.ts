import { commonEnv, parseEnv } from '@ilumen/config';
import { z } from 'zod';

export const workerEnvSchema = z.object({
  ...commonEnv,
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
});
export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export const loadWorkerEnv = (env: NodeJS.ProcessEnv = process.env) => parseEnv(workerEnvSchema, env);
