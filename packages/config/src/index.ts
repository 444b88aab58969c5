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
  const data = result.data as Record<string, unknown>;
  if (data.NODE_ENV === 'production' && env.ACCEPT_DEVELOPMENT_DEFAULTS !== 'true') {
    const problems = developmentDefaults(Object.keys(schema.shape), env, data);
    if (problems.length > 0)
      throw new EnvError([
        ...problems,
        'ACCEPT_DEVELOPMENT_DEFAULTS=true runs with them anyway (a demo on one machine, never a real deployment)',
      ]);
  }
  return result.data;
}

/**
 * What a production process must not run with: the development machine's settings, which work anywhere and protect
 * nothing (a database root without a password, a broker login missing, plain http in the public address, a connection
 * that only exists because a default named the local machine). Each becomes one line of the refusal; only variables
 * the process's own schema has are looked at.
 */
export function developmentDefaults(
  keys: string[],
  env: NodeJS.ProcessEnv,
  data: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  const has = (k: string) => keys.includes(k);
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL', 'SMTP_URL', 'PUBLIC_URL'])
    if (has(k) && !env[k]?.trim())
      problems.push(`${k}: not set; the default ${data[k]} is the development machine's`);
  if (has('DATABASE_URL') && typeof data.DATABASE_URL === 'string') {
    const u = new URL(data.DATABASE_URL);
    if (decodeURIComponent(u.username || 'root') === 'root')
      problems.push(
        'DATABASE_URL: logs in as root; give the platform a user of its own with the rights it needs',
      );
    if (!u.password) problems.push('DATABASE_URL: no password');
  }
  if (has('PUBLIC_URL') && typeof data.PUBLIC_URL === 'string' && data.PUBLIC_URL.startsWith('http:'))
    problems.push('PUBLIC_URL: http, not https; session cookies would not be Secure');
  if (has('MQTT_USERNAME') && !env.MQTT_USERNAME?.trim())
    problems.push('MQTT_USERNAME: not set; the platform would connect to the broker without a login');
  return problems;
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
  /**
   * Prefix for BullMQ queues and Redis keys, so several environments can share one Redis. On Redis Cluster put it in
   * braces (`{ilumen}`): a hash tag, so each queue's keys and each multi-key command stay in one slot, as BullMQ
   * requires (docs/operations.md).
   */
  REDIS_PREFIX: z
    .string()
    .regex(
      /^[a-z0-9_-]*(\{[a-z0-9_-]+\})?[a-z0-9_-]*$/,
      'letters a-z, digits, - and _, with at most one {hash tag} (Redis Cluster)',
    )
    .refine((v) => v.length > 0, 'must not be empty')
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
