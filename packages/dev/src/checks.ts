import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DYNSEC_PLUGIN, MOSQUITTO_BIN } from '@ilumen/broker';
import { redactUrl } from '@ilumen/config';
import { Redis } from 'ioredis';
import { createConnection as createMysqlConnection } from 'mysql2/promise';

export interface ServiceCheck {
  name: string;
  url: string;
  ok: boolean;
  detail?: string;
  howToStart: string;
}

const START = {
  mariadb:
    'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd   (or: apt-get install -y mariadb-server)',
  redis:
    'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no   (or: apt-get install -y redis-server)',
  mosquitto: 'apt-get install -y mosquitto openssl   (the demo starts its own broker)',
};

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms),
    ),
  ]);
}

async function checkMariaDb(url: string): Promise<ServiceCheck> {
  const u = new URL(url);
  try {
    const conn = await withTimeout(
      createMysqlConnection({
        host: u.hostname,
        port: Number(u.port || 3306),
        user: decodeURIComponent(u.username || 'root'),
        password: decodeURIComponent(u.password),
      }),
      3000,
      'MariaDB',
    );
    await conn.query('SELECT 1');
    await conn.end();
    return { name: 'MariaDB', url: redactUrl(url), ok: true, howToStart: START.mariadb };
  } catch (e) {
    return {
      name: 'MariaDB',
      url: redactUrl(url),
      ok: false,
      detail: (e as Error).message,
      howToStart: START.mariadb,
    };
  }
}

async function checkRedis(url: string): Promise<ServiceCheck> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  let lastError: Error | null = null;
  redis.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await redis.connect();
    await redis.ping();
    return { name: 'Redis', url: redactUrl(url), ok: true, howToStart: START.redis };
  } catch (e) {
    const detail = (lastError as Error | null)?.message ?? (e as Error).message;
    return { name: 'Redis', url: redactUrl(url), ok: false, detail, howToStart: START.redis };
  } finally {
    redis.disconnect();
  }
}

/** The demo runs its own Mosquitto (the project's configuration): the binary, its plugin and openssl must be here. */
function checkMosquittoInstalled(): ServiceCheck {
  const missing = [MOSQUITTO_BIN, DYNSEC_PLUGIN].filter((f) => !existsSync(f));
  const openssl = spawnSync('openssl', ['version']);
  if (openssl.error || openssl.status !== 0) missing.push('openssl');
  return {
    name: 'Mosquitto',
    url: MOSQUITTO_BIN,
    ok: missing.length === 0,
    detail: missing.length ? `not installed: ${missing.join(', ')}` : undefined,
    howToStart: START.mosquitto,
  };
}

export async function checkServices(env: {
  DATABASE_URL: string;
  REDIS_URL: string;
}): Promise<ServiceCheck[]> {
  return Promise.all([checkMariaDb(env.DATABASE_URL), checkRedis(env.REDIS_URL), checkMosquittoInstalled()]);
}
