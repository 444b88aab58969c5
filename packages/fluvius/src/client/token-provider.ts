import type { Clock } from '../time/clock';
import { tokenErrorSchema, tokenResponseSchema } from '../wire/token-wire';
import { createClientAssertion } from './client-assertion';
import { type FluviusClientConfig, resolveTokenUrl } from './config';
import { FluviusAuthError, FluviusResponseError } from './errors';
import type { FluviusLogger } from './logger';
import { bodySnippet, type Redact } from './redactor';
import { type RetryingSenderDeps, sendWithRetry } from './retrying-sender';

export interface TokenProvider {
  /** A valid access token: the cached one, or a fresh one fetched once however many callers wait for it. */
  getToken(): Promise<string>;
  /** Forget `token` (the API said 401 with it) unless it was already replaced. */
  invalidate(token: string): void;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

/** Refresh ahead of expiry so a token never runs out mid-request: 5 minutes early, or 10 % of a shorter lifetime. */
function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 10);
}

export function createTokenProvider(
  config: FluviusClientConfig,
  deps: RetryingSenderDeps & { clock: Clock; logger: FluviusLogger; redact: Redact },
): TokenProvider {
  const tokenUrl = resolveTokenUrl(config);
  const route = 'POST token';
  let cached: CachedToken | null = null;
  let inflight: Promise<CachedToken> | null = null;

  function formBody(): string {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.clientId,
      scope: config.scope,
    });
    const credentials = config.credentials;
    if (credentials.kind === 'secret') {
      form.set('client_secret', credentials.clientSecret);
    } else {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set(
        'client_assertion',
        createClientAssertion({
          clientId: config.clientId,
          audience:
            credentials.assertionAudience ??
            `https://login.microsoftonline.com/${encodeURIComponent(config.tenantId)}/v2.0`,
          privateKeyPem: credentials.privateKeyPem,
          certificatePem: credentials.certificatePem,
          now: deps.clock.now(),
        }),
      );
    }
    return form.toString();
  }

  async function fetchToken(): Promise<CachedToken> {
    const response = await sendWithRetry(deps, {
      route,
      build: async () => ({
        method: 'POST',
        url: tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: formBody(),
      }),
    });
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    if (response.status < 200 || response.status > 299) {
      const azureError = tokenErrorSchema.safeParse(json);
      const error = azureError.success ? azureError.data.error : null;
      const description = azureError.success
        ? bodySnippet(azureError.data.error_description ?? '', deps.redact, 200)
        : bodySnippet(response.body, deps.redact, 200);
      throw new FluviusAuthError(
        'auth_failed',
        response.status,
        error,
        `Fluvius token request refused (HTTP ${response.status}${error ? `, ${error}` : ''})${description ? `: ${description}` : ''}`,
      );
    }
    if (json === undefined) throw new FluviusResponseError(route, 'malformed_json', []);
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new FluviusResponseError(
        route,
        'unexpected_shape',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      );
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    deps.logger.debug({ route, expiresInS: parsed.data.expires_in }, 'fluvius token fetched');
    return {
      value: parsed.data.access_token,
      refreshAt: deps.clock.now().getTime() + lifetimeMs - refreshMarginMs(lifetimeMs),
    };
  }

  return {
    async getToken() {
      if (cached && deps.clock.now().getTime() < cached.refreshAt) return cached.value;
      inflight ??= fetchToken().finally(() => {
        inflight = null;
      });
      cached = await inflight;
      return cached.value;
    },
    invalidate(token) {
      if (cached?.value === token) cached = null;
    },
  };
}
