import { connect as tcpConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';

/** One dependency's check: resolves when it is usable, throws (with a reason an operator can act on) when not. */
export type Check = () => Promise<void>;

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Readiness {
  ok: boolean;
  checks: Record<string, CheckResult>;
}

/**
 * Runs every check at once, each bounded by `timeoutMs` (a dependency that hangs is as unready as one that refuses),
 * and answers whether all passed. Nothing is cached: a dependency that comes back is seen at the next call.
 */
export async function checkReadiness(checks: Record<string, Check>, timeoutMs = 2000): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }];
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        return [name, { ok: false, ms: Math.round(performance.now() - started), error }];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ok: entries.every(([, r]) => r.ok), checks: Object.fromEntries(entries) };
}

/** Redis answers PING (a client that queues commands while disconnected would wait: the timeout above ends that). */
export const redisCheck =
  (redis: { ping(): Promise<string>; status?: string }): Check =>
  async () => {
    if (redis.status !== undefined && redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
    await redis.ping();
  };

/**
 * The MQTT broker answers: for mqtt/mqtts an MQTT CONNECT without a login, which a broker that works answers with a
 * CONNACK (usually "not authorized": an answer all the same), then DISCONNECT; a socket that opens and then closes or
 * stays silent is not a working broker. For ws/wss only the connection (with TLS) is checked. For mqtts the broker's
 * certificate expiry is handed to `onCertificate` (metrics), and an invalid certificate does not make it unready:
 * the processes themselves check it with their CA.
 */
export const brokerCheck =
  (url: string, onCertificate?: (validTo: Date) => void): Check =>
  () =>
    new Promise<void>((resolve, reject) => {
      const u = new URL(url);
      const tls = u.protocol === 'mqtts:' || u.protocol === 'wss:';
      const mqtt = u.protocol === 'mqtt:' || u.protocol === 'mqtts:';
      const defaultPort = { 'mqtt:': 1883, 'mqtts:': 8883, 'ws:': 80, 'wss:': 443 }[u.protocol] ?? 1883;
      const port = u.port ? Number(u.port) : defaultPort;
      const host = u.hostname.replace(/^\[|\]$/g, '');
      const fail = (why: string) => {
        socket.destroy();
        reject(new Error(`${host}:${port}: ${why}`));
      };
      const socket = tls
        ? tlsConnect({ host, port, servername: host, rejectUnauthorized: false })
        : tcpConnect({ host, port });
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        if (tls && onCertificate) {
          const validTo = (socket as TLSSocket).getPeerCertificate().valid_to;
          if (validTo) onCertificate(new Date(validTo));
        }
        if (!mqtt) {
          socket.destroy();
          return resolve();
        }
        socket.write(connectPacket(`ilumen-probe-${process.pid}-${Date.now().toString(36)}`));
      });
      socket.once('data', (data: Buffer) => {
        // CONNACK: packet type 2
        const type = (data[0] ?? 0) >> 4;
        if (type !== 2) return fail(`answered MQTT CONNECT with packet type ${type}`);
        socket.end(Buffer.from([0xe0, 0x00]));
        resolve();
      });
      socket.once('close', () => fail('closed the connection without answering'));
      socket.once('error', (err) => fail(err.message));
      socket.setTimeout(5000, () => fail('no answer'));
    });

/** An MQTT 3.1.1 CONNECT: clean session, no login, 10 s keep-alive. */
function connectPacket(clientId: string): Buffer {
  const id = Buffer.from(clientId);
  const body = Buffer.concat([
    Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x04, 0x02, 0x00, 0x0a]),
    Buffer.from([id.length >> 8, id.length & 0xff]),
    id,
  ]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}
