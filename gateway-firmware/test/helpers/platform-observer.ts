import { type Decoded, decode } from '@ilumen/mqtt-contract';
import mqtt, { type MqttClient } from 'mqtt';
import { PLATFORM_USERNAME } from '../../src/broker/broker-files';

export interface Observed {
  topic: string;
  decoded: Decoded | null;
  reason?: string;
  raw: string;
  /** Real ms of arrival. */
  at: number;
}

/**
 * The platform's side for tests: logs in as the platform user with a persistent session (as the ingest does), so
 * what gateways publish while it is briefly away is kept for it by the broker.
 */
export class PlatformObserver {
  readonly messages: Observed[] = [];

  private constructor(readonly client: MqttClient) {
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

  static async connect(
    url: string,
    password: string,
    filters: string[],
    clientId = `platform-test-${process.pid}`,
  ) {
    const client = await mqtt.connectAsync(url, {
      username: PLATFORM_USERNAME,
      password,
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: 200,
    });
    const o = new PlatformObserver(client);
    await client.subscribeAsync(filters, { qos: 1 });
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
    await this.client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), {
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
    await this.client.endAsync(true);
  }
}
