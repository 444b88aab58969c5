import { optionalString as optional, optionalUrl } from '@ilumen/config';
import type { OAuthProviderConfig } from '@ilumen/services';
import { z } from 'zod';

/**
 * Sign-in with Google, Apple or Facebook (the manual, §1B), configured from the environment. A provider is on only
 * when its client id and secret are set; the login page shows the buttons of the providers that are on.
 *
 * Google and Apple speak OpenID Connect: their endpoints come from the issuer's discovery document (so tests point
 * the issuer at a local provider). Facebook speaks plain OAuth 2.0 with a profile endpoint.
 */
export const oauthEnv = {
  OAUTH_GOOGLE_CLIENT_ID: optional,
  OAUTH_GOOGLE_CLIENT_SECRET: optional,
  OAUTH_GOOGLE_ISSUER: optionalUrl,
  OAUTH_APPLE_CLIENT_ID: optional,
  /** Apple's client secret is a JWT signed with the team's key (valid up to 6 months), generated outside the portal. */
  OAUTH_APPLE_CLIENT_SECRET: optional,
  OAUTH_APPLE_ISSUER: optionalUrl,
  OAUTH_FACEBOOK_CLIENT_ID: optional,
  OAUTH_FACEBOOK_CLIENT_SECRET: optional,
  OAUTH_FACEBOOK_AUTHORIZATION_URL: optionalUrl,
  OAUTH_FACEBOOK_TOKEN_URL: optionalUrl,
  OAUTH_FACEBOOK_USERINFO_URL: optionalUrl,
};
const oauthEnvSchema = z.object(oauthEnv);

/** The providers that are on, from an environment record (the process's, or a test's). */
export function oauthProvidersFromEnv(env: Record<string, unknown>): OAuthProviderConfig[] {
  const e = oauthEnvSchema.parse(env);
  const out: OAuthProviderConfig[] = [];
  if (e.OAUTH_GOOGLE_CLIENT_ID && e.OAUTH_GOOGLE_CLIENT_SECRET) {
    out.push({
      id: 'google',
      label: 'Google',
      kind: 'oidc',
      clientId: e.OAUTH_GOOGLE_CLIENT_ID,
      clientSecret: e.OAUTH_GOOGLE_CLIENT_SECRET,
      issuer: e.OAUTH_GOOGLE_ISSUER ?? 'https://accounts.google.com',
      responseMode: 'query',
      scopes: ['openid', 'email', 'profile'],
    });
  }
  if (e.OAUTH_APPLE_CLIENT_ID && e.OAUTH_APPLE_CLIENT_SECRET) {
    out.push({
      id: 'apple',
      label: 'Apple',
      kind: 'oidc',
      clientId: e.OAUTH_APPLE_CLIENT_ID,
      clientSecret: e.OAUTH_APPLE_CLIENT_SECRET,
      issuer: e.OAUTH_APPLE_ISSUER ?? 'https://appleid.apple.com',
      responseMode: 'form_post',
      scopes: ['openid', 'email', 'name'],
    });
  }
  if (e.OAUTH_FACEBOOK_CLIENT_ID && e.OAUTH_FACEBOOK_CLIENT_SECRET) {
    out.push({
      id: 'facebook',
      label: 'Facebook',
      kind: 'oauth2',
      clientId: e.OAUTH_FACEBOOK_CLIENT_ID,
      clientSecret: e.OAUTH_FACEBOOK_CLIENT_SECRET,
      authorizationUrl: e.OAUTH_FACEBOOK_AUTHORIZATION_URL ?? 'https://www.facebook.com/v19.0/dialog/oauth',
      tokenUrl: e.OAUTH_FACEBOOK_TOKEN_URL ?? 'https://graph.facebook.com/v19.0/oauth/access_token',
      userinfoUrl: e.OAUTH_FACEBOOK_USERINFO_URL ?? 'https://graph.facebook.com/me?fields=id,name,email',
      emailVerifiedByProvider: true,
      scopes: ['email', 'public_profile'],
    });
  }
  return out;
}
