import { readFileSync } from 'node:fs';
import { DynsecAdmin, generateBrokerPassword, PLATFORM_USERS } from '@ilumen/broker';
import { optionalString } from '@ilumen/config';
import { z } from 'zod';

/**
 * Where a gateway's MQTT login goes when it is claimed, and where it is taken away when staff revoke it (decisions
 * 040, 018). Every gateway's rights are keyed on its username (= serial), so a login is all a new gateway needs.
 * Production and the demo manage logins in Mosquitto's dynamic security plugin over MQTT (any host, no file, no
 * signal); with `http-auth` the broker (EMQX, VerneMQ) asks the portal, which checks the hash the platform stores.
 */
export interface BrokerCredentials {
  /** What kind of broker this is, shown to staff. */
  readonly kind: 'mosquitto-dynsec' | 'http-auth' | 'custom';
  /** Adds or replaces one gateway's login; resolves once the broker has accepted it (and throws when it refused). */
  set(username: string, password: string): Promise<void>;
  /** Refuses the login from now on and disconnects a gateway connected with it. */
  revoke(username: string): Promise<void>;
  close?(): Promise<void>;
}

/** A password for a gateway: 24 random bytes, URL-safe base64 (32 characters). */
export const generateGatewayPassword = generateBrokerPassword;

/** Logins through Mosquitto's dynamic security API: each change waits for the broker's answer. */
export function dynsecBrokerCredentials(admin: DynsecAdmin): BrokerCredentials {
  return {
    kind: 'mosquitto-dynsec',
    set: (username, password) => admin.setGateway(username, password),
    revoke: (username) => admin.disableGateway(username),
    close: () => admin.close(),
  };
}

/**
 * A broker that authenticates through the portal's `/mqtt/authn` (docs/broker.md): the hash the claim stores and
 * the revocation mark are the login, so there is nothing to send. A connected gateway is dropped by the broker's own
 * API (EMQX: `DELETE /api/v5/clients/<client id>`), which an operator's runbook calls.
 */
export const httpAuthBroker: BrokerCredentials = {
  kind: 'http-auth',
  async set() {},
  async revoke() {},
};

/** The BROKER_* variables a portal may set (read through `@ilumen/config`). */
export const brokerEnv = {
  /**
   * `mosquitto-dynsec`: gateway logins through the dynamic security plugin as BROKER_ADMIN_USERNAME;
   * `http-auth`: the broker asks the portal's /mqtt/authn; `none`: claiming says no broker is configured.
   */
  BROKER_CREDENTIALS: z.enum(['mosquitto-dynsec', 'http-auth', 'none']).default('none'),
  /** Where the admin connects; default MQTT_URL. */
  BROKER_ADMIN_URL: optionalString,
  BROKER_ADMIN_USERNAME: z.string().default(PLATFORM_USERS.admin),
  BROKER_ADMIN_PASSWORD: optionalString,
  /** The CA of an mqtts:// BROKER_ADMIN_URL. */
  BROKER_ADMIN_CA_FILE: optionalString,
};
const brokerEnvSchema = z
  .object({ ...brokerEnv, MQTT_URL: z.string().default('mqtt://127.0.0.1:1883') })
  .refine((e) => e.BROKER_CREDENTIALS !== 'mosquitto-dynsec' || e.BROKER_ADMIN_PASSWORD, {
    message: 'BROKER_ADMIN_PASSWORD is required with BROKER_CREDENTIALS=mosquitto-dynsec',
    path: ['BROKER_ADMIN_PASSWORD'],
  });

/** The broker's credentials from an environment record; null when none is configured (claiming then says so). */
export function brokerCredentialsFromEnv(env: Record<string, unknown>): BrokerCredentials | null {
  const e = brokerEnvSchema.parse(env);
  if (e.BROKER_CREDENTIALS === 'http-auth') return httpAuthBroker;
  if (e.BROKER_CREDENTIALS === 'mosquitto-dynsec' && e.BROKER_ADMIN_PASSWORD) {
    return dynsecBrokerCredentials(
      DynsecAdmin.connect({
        url: e.BROKER_ADMIN_URL ?? e.MQTT_URL,
        username: e.BROKER_ADMIN_USERNAME,
        password: e.BROKER_ADMIN_PASSWORD,
        ...(e.BROKER_ADMIN_CA_FILE ? { ca: readFileSync(e.BROKER_ADMIN_CA_FILE) } : {}),
      }),
    );
  }
  return null;
}
