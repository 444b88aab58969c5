/** Logging in: passwords, sessions (Lucia), throttling, resets, and sign-in with Google, Apple or Facebook. */
export { AuthService, EMBED_SESSION_TTL_MS, loginInput, resetInput, resetRequestInput } from './auth-service';
export { OAUTH_FLOW_TTL_SECONDS, OAuthService } from './oauth';
export type { OAuthProviderConfig } from './oauth-config';
