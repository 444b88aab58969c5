import { createConnection } from 'node:net';
import { redactUrl } from '@ilumen/config';
import { Redis } from 'ioredis';
import mqtt from 'mqtt';
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
  mosquitto: 'mosquitto -d   (or: apt-get install -y mosquitto)',
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

async function checkMosquitto(url: string): Promise<ServiceCheck> {
  const u = new URL(url);
  const port = Number(u.port || 1883);
  const reachable = await new Promise<string | null>((resolve) => {
    const socket = createConnection(port, u.hostname);
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve('no answer within 3000 ms');
    });
    socket.once('connect', () => {
      socket.end();
      resolve(null);
    });
    socket.once('error', (e) => resolve(e.message));
  });
  if (reachable)
    return {
      name: 'Mosquitto',
      url: redactUrl(url),
      ok: false,
      detail: reachable,
      howToStart: START.mosquitto,
    };
  // Reachable: also check it speaks MQTT (a different server on the port would not).
  const speaks = await new Promise<string | null>((resolve) => {
    const client = mqtt.connect(url, { connectTimeout: 3000, reconnectPeriod: 0 });
    client.once('connect', () => {
      client.end(true);
      resolve(null);
    });
    client.once('error', (e) => {
      client.end(true);
      // Refused credentials still prove an MQTT broker answers.
      resolve(/not authorized|bad user/i.test(e.message) ? null : e.message);
    });
  });
  return {
    name: 'Mosquitto',
    url: redactUrl(url),
    ok: speaks === null,
    detail: speaks ?? undefined,
    howToStart: START.mosquitto,
  };
}

export async function checkServices(env: {
  DATABASE_URL: string;
  REDIS_URL: string;
  MQTT_URL: string;
}): Promise<ServiceCheck[]> {
  return Promise.all([
    checkMariaDb(env.DATABASE_URL),
    checkRedis(env.REDIS_URL),
    checkMosquitto(env.MQTT_URL),
  ]);
}
