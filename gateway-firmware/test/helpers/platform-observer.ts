import type { ProjectBroker } from '@ilumen/broker';
import { type Decoded, decode, wildcard } from '@ilumen/mqtt-contract';
import mqtt, { type MqttClient } from 'mqtt';

export interface Observed {
  topic: string;
  decoded: Decoded | null;
  reason?: string;
  raw: string;
  /** Real ms of arrival. */
  at: number;
}

/**
 * The platform's side for tests: reads as the ingest user with a persistent session (as the ingest does), so what
 * gateways publish while it is briefly away is kept for it by the broker; writes configs, commands and OTA as the
 * worker user. Each with only its own rights, as on the demo's broker.
 */
export class PlatformObserver {
  readonly messages: Observed[] = [];

  private constructor(
    readonly client: MqttClient,
    private readonly writer: MqttClient,
  ) {
    client.on('message', (topic, payload) => {
      const d = decode(topic, payload);
      this.messages.push({
        topic,
        decoded: d.ok ? d : null,
        ...(d.ok ? {} : { reason: d.reason }),
        raw: payload.toString(),
        at: Date.now(),
      });
    });
  }

  static async connect(broker: ProjectBroker, filters: string[], clientId = `platform-test-${process.pid}`) {
    const client = await mqtt.connectAsync(broker.url, {
      ...broker.users.ingest,
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 200,
    });
    const writer = await mqtt.connectAsync(broker.url, {
      ...broker.users.worker,
      clientId: `${clientId}-writer`,
      protocolVersion: 5,
      reconnectPeriod: 200,
    });
    const o = new PlatformObserver(client, writer);
    // also every kind a gateway keeps in its outbox, as the platform's ingest does: a kind nobody subscribes to is
    // kept by the gateway and sent again every 2 s (PUBACK 0x10, decision 117)
    const buffered = (['energy', 'event', 'cmdRes', 'configAck', 'otaStatus'] as const).map((k) =>
      wildcard(k),
    );
    await client.subscribeAsync([...new Set([...filters, ...buffered])], { qos: 1 });
    return o;
  }

  of<K extends Decoded['kind']>(kind: K, serial?: string): Extract<Decoded, { kind: K }>[] {
    return this.messages
      .map((m) => m.decoded)
      .filter(
        (d): d is Extract<Decoded, { kind: K }> =>
          d !== null && d.kind === kind && (!serial || d.serial === serial),
      );
  }

  async publish(topic: string, payload: string | object, retain = false): Promise<void> {
    await this.writer.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), {
      qos: 1,
      retain,
    });
  }

  /** Waits (real time: this is network I/O, not simulated time) until `done` holds. */
  async waitFor(done: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.client.endAsync(true), this.writer.endAsync(true)]);
  }
}
