import type { Db } from '@ilumen/db';
import type { JobProducer } from '@ilumen/jobs';
import type { Clock } from '@ilumen/timing';
import type { Redis } from 'ioredis';

export { type Clock, systemClock } from '@ilumen/timing';

/** What the service layer needs from the process that hosts it; created in a composition root and passed in. */
export interface ServiceDeps {
  db: Db;
  redis: Redis;
  jobs: JobProducer;
  clock: Clock;
  /** Base URL of the portal, for links in mails. */
  publicUrl: string;
  /** Prefix for Redis keys (throttling). */
  redisPrefix: string;
  /** How commands and configurations reach gateways (MQTT); absent in processes that never send any. */
  gatewayLink?: GatewayLink;
}

/** Publishes platform → gateway messages (commands, configurations); the MQTT client behind it is the host's. */
export interface GatewayLink {
  publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<void>;
}
