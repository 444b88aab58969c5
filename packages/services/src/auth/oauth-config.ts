import type { OAuthProviderId } from '@ilumen/db';

/**
 * A sign-in provider (Google, Apple, Facebook; the manual, §1B) as the composition root configured it. Google and
 * Apple speak OpenID Connect (endpoints from the issuer's discovery document); Facebook plain OAuth 2.0.
 */
export type OAuthProviderConfig =
  | {
      id: OAuthProviderId;
      label: string;
      kind: 'oidc';
      clientId: string;
      clientSecret: string;
      issuer: string;
      /** Apple returns the code by POST when e-mail is asked for. */
      responseMode: 'query' | 'form_post';
      scopes: string[];
    }
  | {
      id: OAuthProviderId;
      label: string;
      kind: 'oauth2';
      clientId: string;
      clientSecret: string;
      authorizationUrl: string;
      tokenUrl: string;
      userinfoUrl: string;
      /** Facebook hands out only addresses its users confirmed. */
      emailVerifiedByProvider: boolean;
      scopes: string[];
    };
