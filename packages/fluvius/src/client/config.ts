import { z } from 'zod';
import { FluviusConfigError } from './errors';

const secretCredentialsSchema = z.object({
  kind: z.literal('secret'),
  clientSecret: z.string().min(1),
});

const certificateCredentialsSchema = z.object({
  kind: z.literal('certificate'),
  /** PEM of the RSA private key that signs the client assertion (and, by default, authenticates TLS). */
  privateKeyPem: z.string().includes('PRIVATE KEY'),
  /** PEM of the allow-listed certificate; its SHA-1 thumbprint goes into the assertion's `x5t` header. */
  certificatePem: z.string().includes('CERTIFICATE'),
  /** Fluvius allow-lists the application by its certificate, so production also presents it as a TLS client cert. */
  presentAsTlsClientCertificate: z.boolean().default(true),
  /** Overrides the assertion's `aud`; by default `https://login.microsoftonline.com/{tenantId}/v2.0`. */
  assertionAudience: z.url().optional(),
});

const retrySchema = z.object({
  /** Attempts per request, the first included. */
  maxAttempts: z.int().min(1).max(20).default(6),
  baseDelayMs: z.int().min(0).default(500),
  maxDelayMs: z.int().min(0).default(30_000),
  /** A Retry-After longer than this is not waited out: the call fails with `rate_limited` so a job can reschedule. */
  maxRetryAfterMs: z.int().min(0).default(120_000),
});

export const fluviusClientConfigSchema = z.object({
  /** Base of the v3 API, e.g. `https://apihub.fluvius.be/esco-live/v3/api` (sandbox: `…/esco-sbx/v3/api`). */
  apiBaseUrl: z.url(),
  /** Azure AD tenant that issues the tokens. */
  tenantId: z.string().min(1),
  /** Defaults to `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`. */
  tokenUrl: z.url().optional(),
  clientId: z.string().min(1),
  /** OAuth scope of the Fluvius API application, `api://…/.default`. */
  scope: z.string().min(1),
  credentials: z.discriminatedUnion('kind', [secretCredentialsSchema, certificateCredentialsSchema]),
  subscriptionKey: z.string().min(1),
  /** The datatoegangscontract number. */
  dataAccessContractNumber: z.string().min(1),
  /** Where the homeowner approves a mandate; the short URL identifier is appended as `?id=`. */
  consentPageUrl: z.url().default('https://mijn.fluvius.be/verbruik/dienstverlener'),
  requestTimeoutMs: z.int().min(1).default(30_000),
  /** Open connections to the API host at most (the HTTP pool; the rate limiter bounds requests separately). */
  maxConnections: z.int().min(1).default(16),
  retry: retrySchema.prefault({}),
});

export type FluviusClientConfigInput = z.input<typeof fluviusClientConfigSchema>;
export type FluviusClientConfig = z.output<typeof fluviusClientConfigSchema>;
export type FluviusRetryConfig = z.output<typeof retrySchema>;

/** Parses the config; on failure lists the wrong fields and never echoes their values (they may be secrets). */
export function parseFluviusClientConfig(input: unknown): FluviusClientConfig {
  const result = fluviusClientConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
  );
  throw new FluviusConfigError(problems);
}

export function resolveTokenUrl(config: FluviusClientConfig): string {
  return (
    config.tokenUrl ??
    `https://login.microsoftonline.com/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`
  );
}

/** The values that must never appear in a log line or an error message. */
export function secretsOf(config: FluviusClientConfig): string[] {
  const secrets = [config.subscriptionKey];
  if (config.credentials.kind === 'secret') secrets.push(config.credentials.clientSecret);
  else secrets.push(config.credentials.privateKeyPem);
  return secrets;
}
