import { z } from 'zod';

/**
 * The only module that reads `process.env`. Each process declares the part of the environment it needs as a zod
 * object and parses it once at start; a bad environment stops the process with a readable list of what is wrong.
 */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return result.data;
}

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine(
      (v) => protocols.some((p) => v.startsWith(`${p}:`)),
      `must start with ${protocols.join(' or ')}:`,
    );

/** An optional variable: unset and blank (`FOO=` in a .env file) both mean "not set". */
export const optionalString = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);
export const optionalUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.url().optional(),
);

/** Pieces every process shares; defaults fit the local development machine. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  DATABASE_URL: url(['mysql']).default('mysql://root@127.0.0.1:3306/ilumen'),
  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** Prefix for BullMQ queues and Redis keys, so several environments can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('ilumen'),
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss']).default('mqtt://127.0.0.1:1883'),
  SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('iLumen <no-reply@ilumen.be>'),
  PUBLIC_URL: url(['http', 'https']).default('http://localhost:3000'),
};

export const commonEnvSchema = z.object(commonEnv);
export type CommonEnv = z.infer<typeof commonEnvSchema>;

/** Redacts the password in a connection URL, for log lines and error messages. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}
