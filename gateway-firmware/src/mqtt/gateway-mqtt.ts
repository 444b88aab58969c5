import { readFileSync } from 'node:fs';
import {
  buildMessage,
  CONTRACT_VERSION,
  type DecodeResult,
  decode,
  gatewaySubscriptions,
  lastWill,
  type PayloadInput,
  publishOptions,
  type TopicKind,
  topics,
} from '@ilumen/mqtt-contract';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../runtime/logger';
import type { Outbox } from './outbox';
import { NoSubscribersError, OutboxSender } from './outbox-sender';

export interface MqttTlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  rejectUnauthorized?: boolean;
}

export interface GatewayMqttOptions {
  serial: string;
  url: string;
  username: string;
  password: string;
  clientId: string;
  keepaliveS?: number;
  sessionExpiryS?: number;
  reconnectMs?: number;
  tls?: MqttTlsFiles;
  outbox: Outbox;
  logger: Logger;
  /** Clock ms, for the `state` message's time. */
  now: () => number;
  /** The online `state` fields that change: firmware, hardware, uptime, the devices' statuses. */
  onlineState: () => Omit<Extract<PayloadInput<'state'>, { online: true }>, 'v' | 'online' | 'ts'>;
  /** Every message on a subscribed topic, decoded (or the reason it could not be), with its raw bytes. */
  onMessage: (decoded: DecodeResult, raw: Buffer) => void;
  /** In-flight QoS 1 window for the store-and-forward sender. */
  window?: number;
  /** Told of each QoS 1 message once it is in the outbox (the simulator keeps a journal of what it produced). */
  onBuffered?: (kind: BufferedKind, payload: unknown) => void;
}

export interface GatewayMqttStats {
  connected: boolean;
  connects: number;
  liveSent: number;
  /** `live` messages not sent because the broker was unreachable (QoS 0 is never buffered). */
  liveSkipped: number;
  /** QoS 1 messages the broker refused with a reason code (ACL). */
  rejected: number;
  /** QoS 1 messages the broker accepted for nobody (no subscription yet), kept and sent again. */
  unrouted: number;
  outboxPending: number;
  outboxDropped: number;
}

/** Topic kinds that go through the store-and-forward buffer: everything QoS 1 the gateway publishes except `state`. */
export type BufferedKind = Exclude<TopicKind, 'live' | 'state' | 'config' | 'cmdReq' | 'ota'>;

/**
 * The gateway's MQTT session: per-gateway credentials, optional TLS, clean session off with a stable client id (the
 * broker keeps commands for it while it is away), the retained `state` with the contract's last will, QoS 0 `live`
 * only while connected, and every QoS 1 message through the on-disk outbox, replayed in order before new ones.
 */
export class GatewayMqtt {
  private client: MqttClient | undefined;
  private readonly sender: OutboxSender;
  /** Packet ids of our publishes the broker answered with 0x10 "no matching subscribers". */
  private readonly unrouted = new Set<number>();
  /**
   * A publish outside the outbox (the retained `state`) answered 0x10 is fine (nobody needs to be subscribed to it):
   * its id is forgotten, or an outbox message that later gets the same packet id would be taken for unrouted.
   */
  private readonly forgetUnrouted = (_err?: Error, packet?: { messageId?: number }) => {
    if (packet?.messageId !== undefined) this.unrouted.delete(packet.messageId);
  };
  private connects = 0;
  private liveSent = 0;
  private liveSkipped = 0;
  private subscribedOn = -1;
  private stopping = false;

  constructor(private readonly options: GatewayMqttOptions) {
    this.sender = new OutboxSender(
      options.outbox,
      (entry, done) => {
        const client = this.client;
        if (!client) {
          done(new Error('no client'));
          return;
        }
        client.publish(entry.topic, entry.payload, { qos: 1, retain: entry.retain }, (err, packet) => {
          // accepted for nobody (no subscription matched): not delivered, so it stays in the outbox
          if (!err && packet?.messageId !== undefined && this.unrouted.delete(packet.messageId))
            done(new NoSubscribersError());
          else done(err ?? undefined);
        });
      },
      {
        window: options.window,
        onRejected: (entry, err) =>
          options.logger.error({ topic: entry.topic, err: err.message }, 'broker refused a message; dropped'),
      },
    );
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** Connected and subscribed to its config, commands and OTA topics on this connection (commands now reach it). */
  get listening(): boolean {
    return this.connected && this.subscribedOn === this.connects;
  }

  stats(): GatewayMqttStats {
    const o = this.options.outbox.stats();
    return {
      connected: this.connected,
      connects: this.connects,
      liveSent: this.liveSent,
      liveSkipped: this.liveSkipped,
      rejected: this.sender.rejected,
      unrouted: this.sender.unrouted,
      outboxPending: o.pending,
      outboxDropped: o.dropped,
    };
  }

  /** Connects in the background; reconnects for as long as it runs. */
  start(): void {
    if (this.client) return;
    const { options: o } = this;
    const will = lastWill(o.serial);
    const connectOptions: IClientOptions = {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      protocolVersion: 5,
      clean: false,
      keepalive: o.keepaliveS ?? 30,
      reconnectPeriod: o.reconnectMs ?? 1000,
      connectTimeout: 10_000,
      // QoS 0 (`live`) is sent only while connected; queueing it would replay stale values
      queueQoSZero: false,
      properties: { sessionExpiryInterval: o.sessionExpiryS ?? 7 * 24 * 3600 },
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain },
    };
    if (o.tls) {
      if (o.tls.caFile) connectOptions.ca = readFileSync(o.tls.caFile);
      if (o.tls.certFile) connectOptions.cert = readFileSync(o.tls.certFile);
      if (o.tls.keyFile) connectOptions.key = readFileSync(o.tls.keyFile);
      connectOptions.rejectUnauthorized = o.tls.rejectUnauthorized ?? true;
    }
    const client = mqtt.connect(o.url, connectOptions);
    this.client = client;
    const log = o.logger;
    client.on('connect', (connack) => {
      this.connects++;
      log.info({ sessionPresent: connack.sessionPresent, connects: this.connects }, 'mqtt connected');
      this.publishState();
      const connection = this.connects;
      client.subscribe(gatewaySubscriptions(o.serial), { qos: 1 }, (err) => {
        if (err) log.error({ err: err.message }, 'mqtt subscribe failed');
        else this.subscribedOn = connection;
      });
      this.sender.resume();
    });
    client.on('message', (topic, payload) => {
      try {
        o.onMessage(decode(topic, payload), payload);
      } catch (err) {
        log.error({ err, topic }, 'incoming message handler failed');
      }
    });
    client.on('close', () => {
      this.sender.pause();
      if (!this.stopping) log.warn({ pending: o.outbox.size }, 'mqtt connection closed; buffering');
    });
    // without a listener an 'error' would be thrown and end the process
    client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
    // mqtt.js treats 0x10 as success and does not tell the publish callback: note it before the ack is handled
    client.on('packetreceive', (packet) => {
      if (packet.cmd === 'puback' && packet.reasonCode === 0x10 && packet.messageId !== undefined)
        this.unrouted.add(packet.messageId);
    });
  }

  /**
   * The retained online `state`, now: at every connect, and whenever what it carries changes (a device's status), so
   * the broker always holds the current one and the ingest gets it again after every reconnect. Skipped while
   * disconnected: the next connect publishes it.
   */
  publishState(): void {
    const client = this.client;
    if (!client?.connected || this.stopping) return;
    const o = this.options;
    const state = buildMessage(o.serial, 'state', {
      v: CONTRACT_VERSION,
      online: true,
      ts: new Date(o.now()).toISOString(),
      ...o.onlineState(),
    });
    client.publish(state.topic, state.payload, { qos: state.qos, retain: state.retain }, this.forgetUnrouted);
  }

  /** QoS 0 `live`: sent when connected, otherwise skipped (a newer one follows). Returns whether it went out. */
  publishLive(payload: PayloadInput<'live'>): boolean {
    const client = this.client;
    if (!client?.connected || this.stopping) {
      this.liveSkipped++;
      return false;
    }
    const m = buildMessage(this.options.serial, 'live', payload);
    client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain });
    this.liveSent++;
    return true;
  }

  /** A QoS 1 message into the store-and-forward buffer; it goes out in order, now or after an outage. */
  enqueue<K extends BufferedKind>(kind: K, payload: PayloadInput<K>): number {
    const m = buildMessage(this.options.serial, kind, payload);
    if (publishOptions(kind).qos !== 1) throw new Error(`${kind} is not a QoS 1 topic`);
    const id = this.options.outbox.append({ topic: m.topic, payload: m.payload, retain: m.retain });
    this.options.onBuffered?.(kind, payload);
    return id;
  }

  /** Resolves once the buffer is empty (everything acknowledged), or when `ms` of real time have passed. */
  async drain(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const done = await Promise.race([this.sender.whenIdle().then(() => true as const), timedOut]);
    clearTimeout(timer);
    return done;
  }

  /**
   * Clean goodbye under a deadline: send what is buffered while there is time, publish the retained offline state
   * with the reason (a clean DISCONNECT suppresses the last will), disconnect. What could not be sent stays on
   * disk for the next start.
   */
  async stop(deadlineMs: number, reason: 'shutdown' | 'reboot' | 'update' = 'shutdown'): Promise<void> {
    const client = this.client;
    if (!client) return;
    const start = Date.now();
    if (client.connected) await this.drain(Math.max(0, deadlineMs * 0.7));
    this.stopping = true;
    if (client.connected) {
      const offline = buildMessage(this.options.serial, 'state', {
        v: CONTRACT_VERSION,
        online: false,
        ts: new Date(this.options.now()).toISOString(),
        reason,
      });
      const left = Math.max(100, deadlineMs - (Date.now() - start));
      await Promise.race([
        client
          .publishAsync(offline.topic, offline.payload, { qos: 1, retain: true })
          .then((packet) => this.forgetUnrouted(undefined, packet))
          .catch(() => undefined),
        new Promise((r) => setTimeout(r, left / 2)),
      ]);
    }
    this.sender.close();
    const left = Math.max(100, deadlineMs - (Date.now() - start));
    await Promise.race([
      client.endAsync(false).catch(() => undefined),
      new Promise((r) => setTimeout(r, left)),
    ]);
    if (!client.disconnected) await client.endAsync(true).catch(() => undefined);
    this.client = undefined;
  }

  /** The state topic, for tests. */
  get stateTopic(): string {
    return topics.state(this.options.serial);
  }
}
