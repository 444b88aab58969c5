import mqtt, { type MqttClient } from 'mqtt';
import type { GatewayLink } from '../deps';
import { AppError } from '../errors';

/**
 * The platform's MQTT connection for sending to gateways. mqtt.js queues publishes while it reconnects, and QoS 1
 * resolves only when the broker has the message, so a command row never claims "sent" for a message still in memory.
 */
export function connectGatewayLink(options: {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
}): GatewayLink & { close(): Promise<void>; client: MqttClient } {
  // Not awaited: the process starts even while the broker is away, and reconnects in the background.
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    protocolVersion: 5,
    reconnectPeriod: 2000,
  });
  return {
    client,
    async publish(topic, payload, opts) {
      // While the broker is away a publish would wait in memory; say so at once instead.
      if (!client.connected) throw new AppError('conflict', 'commands.unavailable');
      await client.publishAsync(topic, payload, { qos: opts.qos, retain: opts.retain });
    },
    async close() {
      await client.endAsync();
    },
  };
}
