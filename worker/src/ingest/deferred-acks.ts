import type { IPublishPacket, MqttClient } from 'mqtt';

/** One message as handed to the ingest: acknowledge it once what it carries is committed. */
export interface Delivery {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1 | 2;
  /** A stored (retained) message the broker hands a new subscriber, not news sent now. */
  readonly retained: boolean;
  /** Committed: the broker may forget it (a no-op for QoS 0, and for a message whose connection has gone). */
  ack(): void;
  /** The connection it came on is gone: the broker sends it again, so retrying it here is wasted work. */
  readonly stale: boolean;
}

interface Pending {
  messageId: number;
  connection: number;
  done: boolean;
}

/** Passed to mqtt.js' handleMessage callback: "read on, but send no PUBACK for this one now". */
const LATER = new Error('acknowledged once committed');

/** The part of mqtt.js' client that writes a packet; private in its typings, stable across v5 (it sends PUBACK). */
type PacketWriter = {
  _sendPacket?: (packet: { cmd: 'puback'; messageId: number; reasonCode: number }) => void;
};

/**
 * QoS 1 PUBACKs sent when the message is committed, not when it is read. mqtt.js sends the PUBACK as soon as its
 * `handleMessage` hook calls back and reads the next packet only after that, so holding the callback until a batch
 * commits would read one message per batch. Instead the hook calls back at once *with an error*, which mqtt.js takes
 * as "no PUBACK" and goes on reading; the PUBACK is written later through the client's own packet writer.
 *
 * PUBACKs go out in the order the messages arrived (MQTT 5 §4.6), each on the connection its message came on: after a
 * reconnect the broker sends every unacknowledged message again, so a late commit from an older connection is not
 * acknowledged on the new one (its packet id may already name another message there).
 *
 * How many messages wait unacknowledged is bounded by the broker, which sends at most our receive maximum: when the
 * writes fall behind, the broker stops sending and keeps the rest in the ingest's queue (backpressure).
 */
export class DeferredAcks {
  private connection = 0;
  private queue: Pending[] = [];
  private head = 0;
  readonly stats = { received: 0, acked: 0, abandoned: 0 };

  constructor(
    private readonly client: MqttClient,
    /** `on-receipt`: mqtt.js acknowledges as it reads (before decision 115; the bench compares the two). */
    mode: 'after-commit' | 'on-receipt',
    onDelivery: (delivery: Delivery) => void,
  ) {
    const writer = client as unknown as PacketWriter;
    if (typeof writer._sendPacket !== 'function')
      throw new Error(
        'this mqtt.js has no _sendPacket: the deferred PUBACK needs a review of its publish handler',
      );
    client.handleMessage = (packet: IPublishPacket, callback) => {
      this.stats.received++;
      if (packet.qos !== 1 || packet.messageId === undefined || mode === 'on-receipt') {
        onDelivery(this.delivery(packet, null));
        callback();
        return;
      }
      const pending: Pending = { messageId: packet.messageId, connection: this.connection, done: false };
      this.queue.push(pending);
      onDelivery(this.delivery(packet, pending));
      callback(LATER);
    };
    // a connection's unacknowledged messages come again on the next one
    client.on('close', () => {
      this.stats.abandoned += this.queue.length - this.head;
      this.connection++;
      this.queue = [];
      this.head = 0;
    });
  }

  /** QoS 1 messages received on this connection and not acknowledged yet. */
  get unacked(): number {
    return this.queue.length - this.head;
  }

  private delivery(packet: IPublishPacket, pending: Pending | null): Delivery {
    const self = this;
    const topic = packet.topic;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    return {
      topic,
      payload,
      qos: packet.qos,
      retained: packet.retain,
      ack: () => {
        if (pending) self.settle(pending);
      },
      get stale() {
        return pending !== null && pending.connection !== self.connection;
      },
    };
  }

  private settle(pending: Pending): void {
    if (pending.done || pending.connection !== this.connection) return;
    pending.done = true;
    const writer = this.client as unknown as Required<PacketWriter>;
    while (this.head < this.queue.length && this.queue[this.head]!.done) {
      const next = this.queue[this.head++]!;
      // written only while connected: mqtt.js would keep it for the next connection otherwise
      if (this.client.connected) {
        writer._sendPacket({ cmd: 'puback', messageId: next.messageId, reasonCode: 0 });
        this.stats.acked++;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
