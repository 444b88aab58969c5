import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * Where a gateway's MQTT login goes when it is claimed (decisions 040–042). The broker's ACL keys every gateway on its username
 * (= serial, decision 015), so a login is all a new gateway needs. Production writes Mosquitto's password file and
 * asks the broker to read it again; tests use a private broker; a development broker that takes any login needs none.
 */
export interface BrokerCredentials {
  /** What kind of broker this is, shown to staff. */
  readonly kind: 'mosquitto-file' | 'open' | 'custom';
  /** Adds or replaces one login; resolves once the broker will accept it. */
  set(username: string, password: string): Promise<void>;
  /** Takes a login away (a gateway unclaimed or replaced). */
  remove(username: string): Promise<void>;
}

/** A password for a gateway: 24 random bytes, URL-safe base64 (32 characters). */
export function generateGatewayPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Mosquitto 2's `$7$` hash (PBKDF2-HMAC-SHA512, what `mosquitto_passwd` writes): `$7$<iterations>$<salt>$<hash>`. */
export function mosquittoPasswordHash(
  password: string,
  options: { iterations?: number; salt?: Buffer } = {},
): string {
  const iterations = options.iterations ?? 101;
  const salt = options.salt ?? randomBytes(12);
  const hash = pbkdf2Sync(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const USERNAME = /^[^\s:]{1,64}$/;

/** The password file with one user's line added, replaced or removed (other lines kept as they are). */
export function updatePasswordFile(content: string, username: string, hash: string | null): string {
  const lines = content.split('\n').filter((l) => l.trim() !== '' && l.slice(0, l.indexOf(':')) !== username);
  if (hash) lines.push(`${username}:${hash}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** An exclusive lock file next to the password file: several portal processes may claim gateways at once. */
async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a process that died mid-write is old; take it over.
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 30_000) await rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`password file ${path} stays locked`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Asks the Mosquitto whose pid is in `pidFile` to read its password file again (SIGHUP; connections stay). */
export function reloadByPidFile(pidFile: string): () => Promise<void> {
  return async () => {
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no broker pid in ${pidFile}`);
    process.kill(pid, 'SIGHUP');
  };
}

/**
 * Mosquitto's password file: each change is written to a temporary file and renamed over the old one (the broker
 * never reads half a file), under a lock, and then the broker is told to reload.
 */
export function mosquittoPasswordFile(options: {
  passwordFile: string;
  reload: () => Promise<void>;
}): BrokerCredentials {
  const change = async (username: string, password: string | null) => {
    if (!USERNAME.test(username))
      throw new Error(`broker username ${JSON.stringify(username)}: no spaces or ':'`);
    await withFileLock(options.passwordFile, async () => {
      const current = existsSync(options.passwordFile) ? readFileSync(options.passwordFile, 'utf8') : '';
      const next = updatePasswordFile(
        current,
        username,
        password === null ? null : mosquittoPasswordHash(password),
      );
      const tmp = `${options.passwordFile}.${process.pid}.tmp`;
      await writeFile(tmp, next, { mode: 0o600 });
      await rename(tmp, options.passwordFile);
    });
    await options.reload();
  };
  return {
    kind: 'mosquitto-file',
    set: (username, password) => change(username, password),
    remove: (username) => change(username, null),
  };
}

/** A broker that accepts any login (the development broker on loopback): nothing to write. */
export const openBroker: BrokerCredentials = {
  kind: 'open',
  async set() {},
  async remove() {},
};

const optional = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().optional(),
);

/** The BROKER_* variables a portal may set (read through `@ilumen/config`). */
export const brokerEnv = {
  /** `mosquitto-file`: write BROKER_PASSWORD_FILE and SIGHUP the broker in BROKER_PID_FILE; `open`: the broker takes any login. */
  BROKER_CREDENTIALS: z.enum(['mosquitto-file', 'open', 'none']).default('none'),
  BROKER_PASSWORD_FILE: optional,
  BROKER_PID_FILE: z.string().default('/run/mosquitto/mosquitto.pid'),
};
const brokerEnvSchema = z
  .object(brokerEnv)
  .refine((e) => e.BROKER_CREDENTIALS !== 'mosquitto-file' || e.BROKER_PASSWORD_FILE, {
    message: 'BROKER_PASSWORD_FILE is required with BROKER_CREDENTIALS=mosquitto-file',
    path: ['BROKER_PASSWORD_FILE'],
  });

/** The broker's credentials from an environment record; null when none is configured (claiming then says so). */
export function brokerCredentialsFromEnv(env: Record<string, unknown>): BrokerCredentials | null {
  const e = brokerEnvSchema.parse(env);
  if (e.BROKER_CREDENTIALS === 'open') return openBroker;
  if (e.BROKER_CREDENTIALS === 'mosquitto-file' && e.BROKER_PASSWORD_FILE) {
    return mosquittoPasswordFile({
      passwordFile: e.BROKER_PASSWORD_FILE,
      reload: reloadByPidFile(e.BROKER_PID_FILE),
    });
  }
  return null;
}
