import { createDb } from '@ilumen/db';
import { JobProducer } from '@ilumen/jobs';
import { Redis } from 'ioredis';
import type { OAuthProviderConfig } from './auth/oauth-config';
import { type Clock, systemClock } from './deps';
import type { FirmwareSettings } from './firmware/releases/settings';
import type { MandateFluvius } from './fluvius/access';
import type { BrokerCredentials } from './gateways/broker-credentials';
import { connectGatewayLink } from './gateways/link';
import { createServices, type Services } from './index';

export interface RuntimeOptions {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  publicUrl: string;
  connectionLimit?: number;
  clock?: Clock;
  /** Sign-in with Google/Apple/Facebook: the providers that are configured (the portal's `oauthProvidersFromEnv`). */
  oauthProviders?: OAuthProviderConfig[];
  /** How to reach Fluvius (`mandateFluvius`); without it, starting a mandate says Fluvius is not available. */
  fluvius?: MandateFluvius;
  /** How claiming a gateway writes its broker login (`brokerCredentialsFromEnv`); none: claiming says so. */
  brokerCredentials?: BrokerCredentials | null;
  /** Firmware release settings (the portal's `firmwareSettingsFromEnv`); none: the firmware pages say no key is configured. */
  firmware?: FirmwareSettings;
  /** The platform's MQTT login, to send commands and configurations to gateways; none: this process sends none. */
  mqtt?: { url: string; username?: string; password?: string; clientId: string };
}

/**
 * Opens the connections the service layer needs and hands back the services with one `close()`. Every process
 * (portal, worker, seeds, benches) builds its services this way in its composition root.
 */
export function openServices(options: RuntimeOptions): {
  services: Services;
  redis: Redis;
  close(): Promise<void>;
} {
  const db = createDb({ url: options.databaseUrl, connectionLimit: options.connectionLimit ?? 10 });
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const jobs = new JobProducer({ connection: redis, prefix: options.redisPrefix });
  const gatewayLink = options.mqtt ? connectGatewayLink(options.mqtt) : undefined;
  const services = createServices(
    {
      db,
      redis,
      jobs,
      clock: options.clock ?? systemClock,
      publicUrl: options.publicUrl,
      redisPrefix: options.redisPrefix,
      gatewayLink,
    },
    {
      secureCookies: options.publicUrl.startsWith('https:'),
      oauthProviders: options.oauthProviders,
      fluvius: options.fluvius ?? { access: null },
      brokerCredentials: options.brokerCredentials ?? null,
      firmware: options.firmware,
    },
  );
  return {
    services,
    redis,
    async close() {
      await gatewayLink?.close();
      await jobs.close();
      await redis.quit();
      await db.destroy();
    },
  };
}
