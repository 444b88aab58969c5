import type { Locale } from '@ilumen/db';
import { isDuplicateKey } from '@ilumen/db';
import {
  CodeChallengeMethod,
  decodeIdToken,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
} from 'arctic';
import { z } from 'zod';
import { systemActor } from '../actor';
import { recordAudit } from '../audit/record';
import type { ServiceDeps } from '../deps';
import { AppError } from '../errors';
import type { OAuthProviderConfig } from './oauth-config';

/** How long a person has at Google/Apple/Facebook before the sign-in is refused as stale. */
export const OAUTH_FLOW_TTL_SECONDS = 10 * 60;

const flowSchema = z.object({
  p: z.string(),
  s: z.string(),
  v: z.string(),
  n: z.string(),
  r: z.string(),
  t: z.number(),
});
type Flow = z.infer<typeof flowSchema>;

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
});
const claimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1).max(255),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  nonce: z.string().optional(),
  email: z.string().optional(),
  // Apple sends "true"/"false" as strings.
  email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
});
const profileSchema = z.object({
  id: z.string().min(1).max(255),
  email: z.string().optional(),
  name: z.string().optional(),
});

interface Identity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

const providerError = (p: OAuthProviderConfig) =>
  new AppError('unauthenticated', 'oauth.error.provider', { provider: p.label });

/**
 * Sign-in with an outside identity provider through arctic: authorization code with PKCE (S256), state, and a nonce
 * for OpenID Connect. An existing account is linked only when the provider vouches for the e-mail address
 * (`email_verified`); a new address becomes a homeowner account.
 */
export class OAuthService {
  private readonly discovery = new Map<string, Promise<z.infer<typeof discoverySchema>>>();

  constructor(
    private readonly deps: ServiceDeps,
    private readonly providers: OAuthProviderConfig[],
  ) {}

  /** The providers that are configured, for the login page's buttons. */
  configured(): Array<{ id: string; label: string }> {
    return this.providers.map((p) => ({ id: p.id, label: p.label }));
  }

  provider(id: string): OAuthProviderConfig | null {
    return this.providers.find((p) => p.id === id) ?? null;
  }

  redirectUri(p: OAuthProviderConfig): string {
    return `${this.deps.publicUrl}/auth/${p.id}/callback`;
  }

  private client(p: OAuthProviderConfig) {
    return new OAuth2Client(p.clientId, p.clientSecret, this.redirectUri(p));
  }

  private async endpoints(p: OAuthProviderConfig) {
    if (p.kind === 'oauth2') return { issuer: null, authorization: p.authorizationUrl, token: p.tokenUrl };
    let doc = this.discovery.get(p.issuer);
    if (!doc) {
      doc = (async () => {
        const res = await fetch(`${p.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) throw new Error(`discovery of ${p.issuer} answered ${res.status}`);
        return discoverySchema.parse(await res.json());
      })();
      this.discovery.set(p.issuer, doc);
      // A failed lookup is tried again on the next sign-in rather than remembered.
      doc.catch(() => this.discovery.delete(p.issuer));
    }
    const d = await doc;
    return { issuer: d.issuer, authorization: d.authorization_endpoint, token: d.token_endpoint };
  }

  /** Where to send the browser, and the value of the short-lived cookie that carries state, verifier and nonce. */
  async start(
    providerId: string,
    options: { redirectTo?: string } = {},
  ): Promise<{ url: string; flow: string; responseMode: 'query' | 'form_post' }> {
    const p = this.provider(providerId);
    if (!p) throw new AppError('not_found', 'oauth.error.unknown');
    const ep = await this.endpoints(p).catch(() => {
      throw providerError(p);
    });
    const flow: Flow = {
      p: p.id,
      s: generateState(),
      v: generateCodeVerifier(),
      n: generateState(),
      r: options.redirectTo ?? '',
      t: this.deps.clock.now().getTime(),
    };
    const url = this.client(p).createAuthorizationURLWithPKCE(
      ep.authorization,
      flow.s,
      CodeChallengeMethod.S256,
      flow.v,
      p.scopes,
    );
    if (p.kind === 'oidc') {
      url.searchParams.set('nonce', flow.n);
      if (p.responseMode === 'form_post') url.searchParams.set('response_mode', 'form_post');
    }
    return {
      url: url.toString(),
      flow: Buffer.from(JSON.stringify(flow)).toString('base64url'),
      responseMode: p.kind === 'oidc' ? p.responseMode : 'query',
    };
  }

  private readFlow(
    p: OAuthProviderConfig,
    cookie: string | null | undefined,
    state: string | null | undefined,
  ): Flow {
    const stale = new AppError('unauthenticated', 'oauth.error.state');
    if (!cookie || !state) throw stale;
    let flow: Flow;
    try {
      flow = flowSchema.parse(JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')));
    } catch {
      throw stale;
    }
    if (
      flow.p !== p.id ||
      flow.s !== state ||
      this.deps.clock.now().getTime() - flow.t > OAUTH_FLOW_TTL_SECONDS * 1000
    )
      throw stale;
    return flow;
  }

  private async identity(p: OAuthProviderConfig, code: string, flow: Flow): Promise<Identity> {
    const ep = await this.endpoints(p);
    let tokens: Awaited<ReturnType<OAuth2Client['validateAuthorizationCode']>>;
    try {
      tokens = await this.client(p).validateAuthorizationCode(ep.token, code, flow.v);
    } catch {
      throw providerError(p);
    }
    if (p.kind === 'oauth2') {
      const res = await fetch(p.userinfoUrl, {
        headers: { authorization: `Bearer ${tokens.accessToken()}` },
        signal: AbortSignal.timeout(5000),
      });
      const profile = res.ok ? profileSchema.safeParse(await res.json()) : null;
      if (!profile?.success) throw providerError(p);
      return {
        subject: profile.data.id,
        email: profile.data.email ?? null,
        emailVerified: p.emailVerifiedByProvider,
        name: profile.data.name ?? null,
      };
    }
    // The ID token came straight from the token endpoint over TLS, so its origin is the provider (OIDC Core
    // 3.1.3.7); its claims are still checked: issuer, audience, expiry and our nonce.
    let claims: z.infer<typeof claimsSchema>;
    try {
      claims = claimsSchema.parse(decodeIdToken(tokens.idToken()));
    } catch {
      throw providerError(p);
    }
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const nowS = this.deps.clock.now().getTime() / 1000;
    if (
      claims.iss !== ep.issuer ||
      !audience.includes(p.clientId) ||
      claims.exp < nowS - 60 ||
      claims.nonce !== flow.n
    )
      throw providerError(p);
    const name = claims.name ?? ([claims.given_name, claims.family_name].filter(Boolean).join(' ') || null);
    return {
      subject: claims.sub,
      email: claims.email?.trim().toLowerCase() ?? null,
      emailVerified: claims.email_verified === true || claims.email_verified === 'true',
      name,
    };
  }

  /**
   * Finishes a sign-in: checks state against the cookie, trades the code (with the PKCE verifier) and finds, links or
   * creates the account. Returns the user to open a session for and where to go next.
   */
  async finish(
    providerId: string,
    params: { code?: string | null; state?: string | null; error?: string | null },
    flowCookie: string | null | undefined,
    request: { ip: string | null; requestId: string | null; locale: Locale },
  ): Promise<{ userId: number; created: boolean; linked: boolean; redirectTo: string }> {
    const p = this.provider(providerId);
    if (!p) throw new AppError('not_found', 'oauth.error.unknown');
    const flow = this.readFlow(p, flowCookie, params.state);
    if (params.error || !params.code) throw providerError(p);
    const who = await this.identity(p, params.code, flow);
    const actor = { ...systemActor(`oauth:${p.id}`), requestId: request.requestId };
    const now = this.deps.clock.now();
    try {
      return await this.deps.db.transaction().execute(async (trx) => {
        const linked = await trx
          .selectFrom('oauth_accounts as oa')
          .innerJoin('users as u', 'u.id', 'oa.user_id')
          .select(['oa.id', 'u.id as userId', 'u.active'])
          .where('oa.provider', '=', p.id)
          .where('oa.subject', '=', who.subject)
          .executeTakeFirst();
        if (linked) {
          if (!linked.active) throw new AppError('forbidden', 'auth.login.inactive');
          await trx
            .updateTable('oauth_accounts')
            .set({ last_login_at: now, email: who.email })
            .where('id', '=', linked.id)
            .execute();
          return { userId: linked.userId, created: false, linked: false, redirectTo: flow.r };
        }
        if (!who.email) throw new AppError('unauthenticated', 'oauth.error.noEmail', { provider: p.label });
        // Whoever controls an address at the provider is not necessarily its owner: only a vouched-for address may
        // open an existing account, or claim a new one.
        if (!who.emailVerified)
          throw new AppError('forbidden', 'oauth.error.unverified', { provider: p.label, email: who.email });
        const existing = await trx
          .selectFrom('users')
          .select(['id', 'active'])
          .where('email', '=', who.email)
          .forUpdate()
          .executeTakeFirst();
        let userId: number;
        let created = false;
        if (existing) {
          if (!existing.active) throw new AppError('forbidden', 'auth.login.inactive');
          userId = existing.id;
        } else {
          const res = await trx
            .insertInto('users')
            .values({
              email: who.email,
              name: (who.name ?? who.email.split('@')[0] ?? who.email).slice(0, 200),
              password_hash: null,
              locale: request.locale,
              email_verified_at: now,
            })
            .executeTakeFirstOrThrow();
          userId = Number(res.insertId);
          created = true;
        }
        await trx
          .insertInto('oauth_accounts')
          .values({
            user_id: userId,
            provider: p.id,
            subject: who.subject,
            email: who.email,
            last_login_at: now,
          })
          .execute();
        await recordAudit(trx, actor, {
          action: created ? 'user.oauth.signup' : 'user.oauth.link',
          entityType: 'user',
          entityId: userId,
          after: { provider: p.id, email: who.email },
        });
        return { userId, created, linked: !created, redirectTo: flow.r };
      });
    } catch (error) {
      // Two tabs finishing the same sign-in at once: the other one won, and this one is simply stale.
      if (isDuplicateKey(error)) throw new AppError('unauthenticated', 'oauth.error.state');
      throw error;
    }
  }
}
