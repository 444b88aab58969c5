import { commonEnv, optionalString, parseEnv } from '@ilumen/config';
import { fluviusEnv } from '@ilumen/fluvius';
import { brokerEnv } from '@ilumen/services';
import { z } from 'zod';
import { firmwareEnv } from './firmware-env.server';
import { oauthEnv } from './oauth-env.server';

export const portalEnvSchema = z.object({
  ...commonEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** remix-serve listens on every interface unless told; we default to loopback. */
  HOST: z.string().default('127.0.0.1'),
  /**
   * Which proxies in front of the portal may say who the client is (X-Forwarded-For and -Proto): empty (the default)
   * trusts none; a number trusts that many hops (one load balancer: 1); or a comma-separated list of the proxies'
   * addresses or subnets (`10.0.0.0/8,loopback`). See docs/security.md.
   */
  TRUST_PROXY: z.string().default(''),
  /**
   * The portal's internal port for `/healthz`, `/readyz` with reasons and `/metrics` (Prometheus); unset: none. Keep it
   * off the public network (OPS_HOST, default loopback).
   */
  OPS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  OPS_HOST: z.string().default('127.0.0.1'),
  /** Origins allowed to frame the homeowner view (space-separated), besides our own. */
  EMBED_FRAME_ANCESTORS: z.string().default(''),
  /** The platform's MQTT login, for commands and configurations to gateways. */
  MQTT_USERNAME: z.string().optional(),
  MQTT_PASSWORD: z.string().optional(),
  /** Sign-in with Google, Apple, Facebook: each on when its client id and secret are set (oauth-env.server.ts). */
  ...oauthEnv,
  /** The Fluvius ESCO API (decision 020); without FLUVIUS_API_BASE_URL the mandate form says it is not available. */
  ...fluviusEnv,
  /** How claiming a gateway makes its broker login and revoking takes it away (decision 018). */
  ...brokerEnv,
  /** A clustered broker authenticating through the portal (docs/broker.md): its bearer token; unset, no /mqtt/*. */
  MQTT_AUTH_TOKEN: optionalString,
  /** The platform users' logins for that broker: `ilumen-ingest:$7$… ilumen-portal:$7$…`. */
  MQTT_AUTH_USERS: optionalString,
  /** Firmware releases: where artifacts are kept, the release public key, the download URL (decision 060). */
  ...firmwareEnv,
});
export type PortalEnv = z.infer<typeof portalEnvSchema>;

export function loadPortalEnv(env: NodeJS.ProcessEnv = process.env): PortalEnv {
  return parseEnv(portalEnvSchema, env);
}
