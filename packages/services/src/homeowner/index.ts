import type { AuthService } from '../auth/auth-service';
import { OAuthService } from '../auth/oauth';
import type { OAuthProviderConfig } from '../auth/oauth-config';
import type { ServiceDeps } from '../deps';
import type { InvitationService } from '../organizations/invitations';
import type { SiteMemberService } from '../sites/members';
import { EmbedService } from './embed';
import { HomeownerService } from './homeowner-view';
import { NotificationService } from './notifications';
import { ProfileService } from './profile';
import { TariffService } from './tariffs';

export { EMBED_LINK_TTL_MS, embedLinkInput } from './embed';
export { homeSiteInput, revokeShareInput, shareInput, unshareInput } from './homeowner-view';
export {
  type NewNotification,
  notificationIdInput,
  notificationListInput,
  notificationParams,
  notify,
} from './notifications';
export { emailChangeInput, emailChangeTokenInput, passwordChangeInput, profileUpdateInput } from './profile';
export { tariffSaveInput, tariffSiteInput } from './tariffs';

/** The homeowner view's services (decisions 010–013), built on the core ones they reuse. */
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
