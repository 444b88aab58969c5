import type { Db } from '@ilumen/db';
import type { Logger } from '@ilumen/logger';
import { decode } from '@ilumen/mqtt-contract';
import { type Metrics, refusalClass } from '@ilumen/observability';
import { gatewayKeys, type IngestHealth, ingestHealthKey } from '@ilumen/services';
import { backoffDelayMs, realSleep, type Sleep } from '@ilumen/timing';
import type { Redis } from 'ioredis';
import mqtt, { type MqttClient } from 'mqtt';
import { Batcher, ItemFailedError, OUTAGE_BACKOFF } from './batcher';
import { CommandSink } from './command-sink';
import { DeferredAcks, type Delivery } from './deferred-acks';
import { writeDeviceStatus } from './device-statuses';
import { type EnergyMessage, ingestEnergyBatch } from './energy-ingest';
import { EventSink } from './event-sink';
import { GatewayDirectory } from './gateway-directory';
import { LiveSink } from './live-sink';
import { OtaSink } from './ota-sink';
import { Refusals } from './refusals';
import { ingestConnectOptions, ingestSubscriptions } from './session';
import { SilenceWatch } from './silence-watch';
import { StateSink } from './state-sink';
import { isTransientError } from './transient';

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
  /** Energy write batches: size, wait, and how many are written at once (decision 150). */
  energyBatch?: { maxItems: number; maxWaitMs: number; concurrency?: number };
  /**
   * QoS 1 messages the broker may have sent us unacknowledged at once (MQTT 5 receive maximum). Messages are
   * acknowledged when committed, so this bounds what waits in memory and must cover the write latency at full rate.
   */
  receiveMaximum?: number;
  /** No message for this long from a fleet seen in the last day: log, report in `health()`, reconnect. */
  silentAfterMs?: number;
  /** Messages per kind, refusals per reason, energy batches and their lag are counted here. */
  metrics?: Metrics;
  /**
   * `after-commit` (the product, decision 115); `on-receipt` acknowledges a QoS 1 message as soon as it is read, as
   * before that decision: only for the bench, to measure what the later acknowledgement costs.
   */
  acknowledge?: 'after-commit' | 'on-receipt';
  /** Waits between retries (tests pass one that returns at once). */
  sleep?: Sleep;
}

/** What a health check or metrics exporter reads. */

export interface Ingest {
  client: MqttClient;
  stats(): Record<string, unknown>;
  health(): IngestHealth;
  stop(): Promise<void>;
}

/**
 * The MQTT ingest: subscribes (shared) to the gateways' topics on every connection, checks every message against the
 * contract, refuses what does not fit (counted, logged, kept for support), and hands the rest to the sinks. A QoS 1
 * message is acknowledged to the broker only once what it carries is committed (decision 115): a crash before that
 * leaves it with the broker, which sends it again; the writes are idempotent, so nothing is lost or doubled.
 */
export async function startIngest(options: IngestOptions): Promise<Ingest> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const log = options.logger.child({ part: 'ingest' });
  const directory = new GatewayDirectory(options.db);
  const refusals = new Refusals(options.redis, options.redisPrefix, log, now);
  const metrics = options.metrics;
  if (metrics) refusals.onRecord = (reason) => metrics.ingestRefused.inc({ reason: refusalClass(reason) });
  // A gateway claimed onto a site (or newly registered) is announced, so its messages are not refused for a minute.
  const announcements = options.redis.duplicate();
  announcements.on('message', (_channel, serial: string) => directory.forget(serial));
  announcements.on('error', (err) => log.warn({ err: err.message }, 'redis (announcements)'));
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
    concurrency: options.energyBatch?.concurrency ?? 2,
    logger: log,
    sleep,
    flush: async (items) => {
      const r = await ingestEnergyBatch(options.db, items, now().getTime());
      if (metrics) {
        const committed = Date.now();
        metrics.ingestBatches.inc({ sink: 'energy' });
        metrics.ingestBatchRows.observe({ sink: 'energy' }, items.length);
        for (const item of items)
          metrics.ingestLag.observe({ sink: 'energy' }, (committed - Date.parse(item.payload.ts)) / 1000);
      }
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
    otaStatus: 0,
  };
  const outcomes = { retried: 0, givenUp: 0 };
  /** Messages from registered gateways not on a site yet, left aside. */
  let beforeClaim = 0;

  const connectOptions = ingestConnectOptions(options);
  const client = mqtt.connect(options.mqttUrl, {
    ...connectOptions,
    properties: { ...connectOptions.properties, receiveMaximum: options.receiveMaximum ?? 10_000 },
    // we subscribe on every connection ourselves (below); mqtt.js would trust the broker's "session present"
    resubscribe: false,
  });

  /**
   * Hands a decoded message to its sink; settles when what it carries is committed. `retained`: a stored `state` the
   * broker hands every new subscriber, not news from the gateway now.
   */
  const handle = async (topic: string, payload: Buffer, retained = false): Promise<void> => {
    const decoded = decode(topic, payload);
    // a stored state that does not fit is an old one: refused when it was news, not again at every start
    if (!decoded.ok) {
      if (!retained) await refusals.record(decoded.serial ?? null, topic, decoded.reason, payload);
      return;
    }
    // a cached answer without a promise: most messages come from gateways heard in the last minute
    let ref = directory.peek(decoded.serial);
    if (ref === undefined) ref = await directory.resolve(decoded.serial);
    if (!ref) {
      if (!retained)
        await refusals.record(
          decoded.serial,
          topic,
          'unknown gateway: no such serial is registered',
          payload,
        );
      return;
    }
    if (!retained) state.touch(ref.gatewayId);
    received[decoded.kind] = (received[decoded.kind] ?? 0) + 1;
    metrics?.ingestMessages.inc({ kind: decoded.kind });
    if (decoded.kind === 'state') {
      if (!retained) await state.state(ref.gatewayId, decoded.payload);
      // every device's current status, for whoever missed the change events (decision 071)
      if (ref.siteId !== null && decoded.payload.online)
        for (const d of decoded.payload.devices ?? [])
          await writeDeviceStatus(options.db, ref.siteId, {
            deviceKey: d.id,
            status: d.status,
            ...(d.error ? { error: d.error } : {}),
            at: new Date(d.since),
          });
      return;
    }
    if (decoded.kind === 'cmdRes') return commands.result(ref.gatewayId, decoded.payload);
    if (decoded.kind === 'configAck') return commands.configAck(ref.gatewayId, decoded.payload);
    // a gateway not on a site (in stock, returned) is still updated
    if (decoded.kind === 'otaStatus') return ota.accept(ref.gatewayId, decoded.payload);
    // A box powered before it is claimed speaks to no one yet: nothing is wrong, so nothing is refused (a refusal
    // would raise "Berichten geweigerd" on the site it is then claimed onto). Its statuses come again in `state`.
    if (ref.siteId === null) {
      beforeClaim++;
      return;
    }
    if (decoded.kind === 'live')
      live.accept(ref.siteId, decoded.serial, decoded.payload, now(), ref.connection, ref.gatewayId);
    else if (decoded.kind === 'energy')
      return energy.push({ siteId: ref.siteId, gatewayId: ref.gatewayId, payload: decoded.payload });
    else if (decoded.kind === 'event') return events.accept(ref.siteId, ref.gatewayId, decoded.payload);
  };

  let stopping = false;
  const working = new Set<Promise<void>>();
  /**
   * One message to its commit and acknowledgement. An outage (database, Redis) is waited out; a message that cannot
   * be stored for another reason is kept for support as a refusal with the reason and acknowledged, so it does not
   * come back for ever. A message whose connection has gone is left: the broker sends it again.
   */
  const carry = async (d: Delivery): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(d.topic, d.payload, d.retained);
        d.ack();
        return;
      } catch (error) {
        const err = (error instanceof ItemFailedError ? error.cause : error) as Error;
        // QoS 0 (live values) is at most once by contract: the next value follows in seconds
        if (d.qos === 0) {
          log.debug({ topic: d.topic, err: err.message }, 'live value not handled');
          return;
        }
        if (error instanceof ItemFailedError || (!isTransientError(err) && attempt >= 3)) {
          outcomes.givenUp++;
          log.error({ topic: d.topic, err: err.message }, 'message could not be stored; kept for support');
          const serial = decode(d.topic, d.payload).serial ?? null;
          await refusals
            .record(serial, d.topic, `could not be stored: ${err.message}`.slice(0, 300), d.payload)
            .catch(() => undefined);
          d.ack();
          return;
        }
        if (d.stale || stopping) return;
        outcomes.retried++;
        if (attempt === 1 || attempt % 20 === 0)
          log.warn({ topic: d.topic, err: err.message, attempt }, 'message not stored yet; will retry');
        await sleep(backoffDelayMs(attempt, OUTAGE_BACKOFF));
      }
    }
  };

  const watch = new SilenceWatch({
    silentAfterMs: options.silentAfterMs ?? 90_000,
    checkEveryMs: Math.min(15_000, Math.max(100, (options.silentAfterMs ?? 90_000) / 4)),
    listening: () => client.connected && subscribed,
    expectTraffic: async () => {
      const since = new Date(now().getTime() - 24 * 3600_000);
      const row = await options.db
        .selectFrom('gateways')
        .select('id')
        .where('last_seen_at', '>', since)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    onSilent: () => {
      client.stream?.destroy();
      void reportHealth();
    },
    onHeardAgain: () => void reportHealth(),
    logger: log,
  });

  const acks = new DeferredAcks(client, options.acknowledge ?? 'after-commit', (d) => {
    watch.heard();
    // not processed while stopping: left unacknowledged, the broker sends it to us (or a sibling) again
    if (stopping) return;
    const p = carry(d);
    working.add(p);
    void p.finally(() => working.delete(p));
  });

  let subscribed = false;
  const filters = ingestSubscriptions(options.shareGroup);
  const subscribe = async (): Promise<void> => {
    subscribed = false;
    const granted = await client.subscribeAsync(filters, { qos: 1 });
    const refused = granted.filter((g) => g.qos >= 128);
    if (refused.length > 0)
      throw new Error(`subscription refused: ${refused.map((g) => g.topic).join(', ')}`);
    subscribed = true;
  };
  // Every connection subscribes again: Mosquitto 2.0 answers "session present" after a restart from its persistence
  // file but has lost the shared subscription (decision 115).
  client.on('connect', (connack) => {
    log.info({ session_present: connack.sessionPresent }, 'ingest connected; subscribing');
    subscribe().then(
      () => log.info({ group: options.shareGroup, client_id: options.clientId }, 'ingest subscribed'),
      (err: Error) => {
        log.error({ err: err.message }, 'ingest could not subscribe; reconnecting');
        client.stream?.destroy();
      },
    );
  });
  client.on('error', (err) => log.error({ err: err.message }, 'mqtt error'));
  client.on('reconnect', () => log.warn('mqtt reconnecting'));

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  for (let i = 0; !subscribed && i < 200; i++) await realSleep(25);
  watch.start();
  const health = (): IngestHealth => ({
    connected: client.connected,
    subscribed: client.connected && subscribed,
    lastMessageAgeMs: watch.lastMessageAgeMs,
    silent: watch.silent,
    unacked: acks.unacked,
  });
  const reportHealth = () =>
    options.redis
      .set(
        ingestHealthKey(options.redisPrefix, options.clientId),
        JSON.stringify({ ...health(), at: now().toISOString(), pid: process.pid }),
        'EX',
        60,
      )
      .catch((err: Error) => log.warn({ err: err.message }, 'could not report ingest health'));
  void reportHealth();
  const healthTimer = setInterval(() => void reportHealth(), 15_000);
  healthTimer.unref();

  return {
    client,
    stats: () => ({
      received: { ...received },
      refused: refusals.count,
      beforeClaim,
      energy: { ...energy.stats, pending: energy.pending, ...energyResults },
      live: live.stats,
      events: events.stats,
      ota: ota.stats,
      acks: { ...acks.stats, unacked: acks.unacked },
      outcomes: { ...outcomes, staleDirectoryAnswers: directory.staleAnswers, silences: watch.silences },
    }),
    health,
    async stop() {
      // Take nothing new, let what was taken commit and be acknowledged, then disconnect; what did not make it in
      // time stays unacknowledged and comes again.
      stopping = true;
      watch.stop();
      clearInterval(healthTimer);
      await Promise.race([Promise.allSettled([...working]), realSleep(10_000)]);
      await client.endAsync();
      await announcements.quit();
      await Promise.all([
        energy.drain(2000),
        live.drain(2000),
        events.drain(2000),
        ota.drain(2000),
        state.stop(),
      ]);
      // gone from the console's start page at once, not a minute later (a killed process's key expires)
      await options.redis
        .del(ingestHealthKey(options.redisPrefix, options.clientId))
        .catch((err: Error) => log.warn({ err: err.message }, 'could not withdraw ingest health'));
    },
  };
}
