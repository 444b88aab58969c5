import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import { decode, sharedSubscription, type TopicKind, wildcard } from '@ilumen/mqtt-contract';
import { gatewayKeys } from '@ilumen/services';
import type { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { Batcher } from './batcher';
import { CommandSink } from './command-sink';
import { type EnergyMessage, ingestEnergyBatch } from './energy-ingest';
import { EventSink } from './event-sink';
import { GatewayDirectory } from './gateway-directory';
import { LiveSink } from './live-sink';
import { OtaSink } from './ota-sink';
import { Refusals } from './refusals';
import { StateSink } from './state-sink';

export interface IngestOptions {
  db: Db;
  redis: Redis;
  logger: Logger;
  redisPrefix: string;
  mqttUrl: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Several ingest processes with the same group split the gateways' messages between them. */
  shareGroup: string;
  /** Stable per process (with a persistent session, messages wait for it across a restart). */
  clientId: string;
  now?: () => Date;
  energyBatch?: { maxItems: number; maxWaitMs: number };
}

const KINDS: TopicKind[] = ['state', 'live', 'energy', 'event', 'cmdRes', 'configAck', 'otaStatus'];

export interface Ingest {
  client: MqttClient;
  stats(): Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * The MQTT ingest: subscribes (shared) to the gateways' state, live, energy and event topics, checks every message
 * against the contract, refuses what does not fit (counted, logged, kept for support), and hands the rest to the sinks.
 */
export async function startIngest(options: IngestOptions): Promise<Ingest> {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ part: 'ingest' });
  const directory = new GatewayDirectory(options.db);
  const refusals = new Refusals(options.redis, options.redisPrefix, log, now);
  // A gateway claimed onto a site (or newly registered) is announced, so its messages are not refused for a minute.
  const announcements = options.redis.duplicate();
  announcements.on('message', (_channel, serial: string) => directory.forget(serial));
  await announcements.subscribe(gatewayKeys(options.redisPrefix).changed);
  const live = new LiveSink({
    redis: options.redis,
    db: options.db,
    prefix: options.redisPrefix,
    logger: log,
  });
  const state = new StateSink({ db: options.db, logger: log, now });
  const events = new EventSink({ db: options.db, logger: log });
  const commands = new CommandSink({
    db: options.db,
    redis: options.redis,
    prefix: options.redisPrefix,
    logger: log,
    now,
  });
  const ota = new OtaSink({ db: options.db, logger: log, now });
  const energyResults = { quarters: 0, duplicates: 0, anomalies: 0 };
  const energy = new Batcher<EnergyMessage>({
    name: 'energy',
    maxItems: options.energyBatch?.maxItems ?? 1000,
    maxWaitMs: options.energyBatch?.maxWaitMs ?? 200,
    maxQueued: 200_000,
    logger: log,
    flush: async (items) => {
      const r = await ingestEnergyBatch(options.db, items);
      energyResults.quarters += r.quarters;
      energyResults.duplicates += r.duplicates;
      energyResults.anomalies += r.anomalies;
    },
  });
  const received: Record<string, number> = {
    state: 0,
    live: 0,
    energy: 0,
    event: 0,
    cmdRes: 0,
    configAck: 0,
  };

  const client = mqtt.connect(options.mqttUrl, {
    clientId: options.clientId,
    username: options.mqttUsername,
    password: options.mqttPassword,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 24 * 3600 },
    reconnectPeriod: 2000,
  });

  const handle = async (topic: string, payload: Buffer) => {
    const decoded = decode(topic, payload);
    if (!decoded.ok) {
      refusals.record(decoded.serial ?? null, topic, decoded.reason, payload);
      return;
    }
    const ref = await directory.resolve(decoded.serial);
    if (!ref) {
      refusals.record(decoded.serial, topic, 'unknown gateway: no such serial is registered', payload);
      return;
    }
    state.touch(ref.gatewayId);
    received[decoded.kind] = (received[decoded.kind] ?? 0) + 1;
    if (decoded.kind === 'state') {
      await state.state(ref.gatewayId, decoded.payload);
      return;
    }
    if (decoded.kind === 'cmdRes') {
      await commands.result(ref.gatewayId, decoded.payload);
      return;
    }
    if (decoded.kind === 'configAck') {
      await commands.configAck(ref.gatewayId, decoded.payload);
      return;
    }
    // a gateway not on a site (in stock, returned) is still updated
    if (decoded.kind === 'otaStatus') {
      ota.accept(ref.gatewayId, decoded.payload);
      return;
    }
    if (ref.siteId === null) {
      refusals.record(decoded.serial, topic, 'gateway is not on a site yet (not commissioned)', payload);
      return;
    }
    if (decoded.kind === 'live') live.accept(ref.siteId, decoded.serial, decoded.payload, now());
    else if (decoded.kind === 'energy')
      energy.push({ siteId: ref.siteId, gatewayId: ref.gatewayId, payload: decoded.payload });
    else if (decoded.kind === 'event') events.accept(ref.siteId, ref.gatewayId, decoded.payload);
  };

  client.on('message', (topic, payload) => {
    handle(topic, payload).catch((err: Error) =>
      log.error({ topic, err: err.message }, 'message handling failed'),
    );
  });
  client.on('error', (err) => log.error({ err: err.message }, 'mqtt error'));
  client.on('reconnect', () => log.warn('mqtt reconnecting'));

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  await client.subscribeAsync(
    KINDS.map((k) => sharedSubscription(options.shareGroup, wildcard(k))),
    { qos: 1 },
  );
  log.info({ group: options.shareGroup, client_id: options.clientId }, 'ingest subscribed');

  return {
    client,
    stats: () => ({
      received: { ...received },
      refused: refusals.count,
      energy: { ...energy.stats, pending: energy.pending, ...energyResults },
      live: live.stats,
      events: events.stats,
      ota: ota.stats,
    }),
    async stop() {
      // Stop intake first, then write what is queued.
      await client.endAsync();
      await announcements.quit();
      await Promise.all([energy.drain(), live.drain(), events.drain(), ota.drain(), state.stop()]);
    },
  };
}
