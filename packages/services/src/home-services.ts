import type { AuthService } from './auth/auth-service';
import type { ServiceDeps } from './deps';
import { EmbedService } from './embed';
import { HomeownerService } from './homeowner-view';
import type { InvitationService } from './invitations';
import { NotificationService } from './notifications';
import { OAuthService } from './oauth';
import type { OAuthProviderConfig } from './oauth-config';
import { ProfileService } from './profile';
import type { SiteMemberService } from './site-members';
import { TariffService } from './tariffs';

export { EMBED_SESSION_TTL_MS } from './auth/auth-service';
export { EMBED_LINK_TTL_MS, embedLinkInput } from './embed';
export { homeSiteInput, revokeShareInput, shareInput, unshareInput } from './homeowner-view';
export {
  type NewNotification,
  notificationIdInput,
  notificationListInput,
  notificationParams,
  notify,
} from './notifications';
export { OAUTH_FLOW_TTL_SECONDS } from './oauth';
export { type OAuthProviderConfig, oauthEnv, oauthProvidersFromEnv } from './oauth-config';
export { emailChangeInput, emailChangeTokenInput, passwordChangeInput, profileUpdateInput } from './profile';
export { tariffSaveInput, tariffSiteInput } from './tariffs';

/** The homeowner view's services (issue 5), built on the core ones they reuse. */
export function homeServices(
  deps: ServiceDeps,
  core: { auth: AuthService; invitations: InvitationService; members: SiteMemberService },
  oauthProviders: OAuthProviderConfig[],
) {
  return {
    tariffs: new TariffService(deps),
    notifications: new NotificationService(deps),
    profile: new ProfileService(deps),
    homeowner: new HomeownerService(deps, core.invitations, core.members),
    embed: new EmbedService(deps, core.auth),
    oauth: new OAuthService(deps, oauthProviders),
  };
}
