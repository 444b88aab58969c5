import { AuditLogService } from './audit-log';
import { AuthService } from './auth/auth-service';
import type { ServiceDeps } from './deps';
import { DeviceService } from './devices';
import { InvitationService } from './invitations';
import { LiveService } from './live';
import { CommandService } from './commands';
import { GatewayConfigService, modbusDevicesContributor } from './gateway-config';
import { HistoryService } from './energy/history';
import { homeServices } from './home-services';
import { CsvImportService } from './mandates-import';
import { MandateService } from './mandates';
import type { MandateFluvius } from './mandates-fluvius';
import type { OAuthProviderConfig } from './oauth-config';
import { OrganizationService } from './organizations';
import { SiteMemberService } from './site-members';
import { SiteService } from './sites';
import { UserService } from './users';
import { MODULE_CONFIG_CONTRIBUTORS, moduleServices } from './modules-services';
import type { BrokerCredentials } from './broker-credentials';
import { consoleOpsServices } from './fleet-console';
import { FirmwareReleaseService } from './firmware-releases';
import { type FirmwareSettings, noFirmwareSettings } from './firmware-releases-env';
import { RolloutService } from './rollouts';
import { CONTROL_CONFIG_CONTRIBUTORS, controlServices } from './store-modules-services';

export * from './actor';
export * from './errors';
export * from './deps';
export * as policy from './policy';
export type { SitePermission, GlobalPermission, SiteAccess } from './policy';
export { parseInput, validationError } from './validation';
export { formatAddress } from './invitations';
export { DEVICE_TYPES, SITE_SORTS } from './constants';
export { siteListInput, siteCreateInput, siteUpdateInput, siteIdInput } from './sites';
export { deviceCreateInput, deviceUpdateInput, deviceRemoveInput } from './devices';
export { organizationInput, organizationUpdateInput, organizationIdInput } from './organizations';
export { orgInvitationInput, siteInvitationInput, invitationIdInput, acceptNewUserInput } from './invitations';
export { setRoleInput, setUserActiveInput, orgUsersInput } from './users';
export { memberRemoveInput } from './site-members';
export { auditListInput } from './audit-log';
export { historyInput, capacityInput, type HistorySeries, type HistoryBucket, type EnergyValues } from './energy/history';
export { DIAGNOSTIC_COMMANDS, diagnosticCommandInput, commandIdInput, type CommandView, type SentCommand } from './commands';
export { type ConfigContributor, modbusDevicesContributor } from './gateway-config';
export { connectGatewayLink } from './gateway-link';
export type { GatewayLink } from './deps';
export { liveKeys, LIVE_TTL_SECONDS, liveForPermissions, type LiveSnapshot } from './live';
export { loginInput, resetRequestInput, resetInput } from './auth/auth-service';
export * from './home-services';
export * from './mandates-exports';
export * from './modules-services';
export * from './console-ops-exports';
export * from './firmware-releases-exports';
export * from './store-modules-exports';

/** What the composition root decides for the services: cookies, sign-in providers and the outside systems. */
export interface ServiceOptions {
  secureCookies: boolean;
  oauthProviders?: OAuthProviderConfig[];
  /** How to reach Fluvius (the composition root passes `mandateFluviusFromEnv(env)`); without it there is none. */
  fluvius?: MandateFluvius;
  /** Where claimed gateways' MQTT logins go; without it there is none (claiming says so). */
  brokerCredentials?: BrokerCredentials | null;
  /** The release store and signing key (issue 10); without it releases cannot be uploaded. */
  firmware?: FirmwareSettings;
}

/** Every service, bound to one set of dependencies. Routes, tRPC procedures, jobs and seeds all go through this. */
export function createServices(
  deps: ServiceDeps,
  options: ServiceOptions = { secureCookies: false },
) {
  const core = {
    deps,
    auth: new AuthService(deps, options),
    organizations: new OrganizationService(deps),
    users: new UserService(deps),
    invitations: new InvitationService(deps),
    sites: new SiteService(deps),
    devices: new DeviceService(deps),
    members: new SiteMemberService(deps),
    audit: new AuditLogService(deps),
    live: new LiveService(deps),
    commands: new CommandService(deps),
    gatewayConfig: new GatewayConfigService(deps, [modbusDevicesContributor, ...MODULE_CONFIG_CONTRIBUTORS, ...CONTROL_CONFIG_CONTRIBUTORS]),
    history: new HistoryService(deps),
  };
  const fluvius = {
    mandates: new MandateService(deps, options.fluvius ?? { access: null }),
    csvImport: new CsvImportService(deps),
  };
  // Passed in by the composition root (`brokerCredentialsFromEnv`); the service layer reads no environment.
  const broker = options.brokerCredentials ?? null;
  const consoleOps = consoleOpsServices(deps, { ...core, mandates: fluvius.mandates }, broker);
  const firmware = { firmware: new FirmwareReleaseService(deps, options.firmware ?? noFirmwareSettings), rollouts: new RolloutService(deps) };
  const home = homeServices(deps, core, options.oauthProviders ?? []);
  return { ...core, ...home, ...fluvius, ...consoleOps, ...firmware, ...moduleServices(deps, { ...core, homeowner: home.homeowner }), ...controlServices(deps, core) };
}

export type Services = ReturnType<typeof createServices>;
