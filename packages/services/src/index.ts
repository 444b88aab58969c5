import { AuditLogService } from './audit-log';
import { AuthService } from './auth/auth-service';
import type { BrokerCredentials } from './broker-credentials';
import { CommandService } from './commands';
import type { ServiceDeps } from './deps';
import { DeviceService } from './devices';
import { HistoryService } from './energy/history';
import { FirmwareReleaseService } from './firmware-releases';
import { type FirmwareSettings, noFirmwareSettings } from './firmware-releases-env';
import { consoleOpsServices } from './fleet-console';
import { GatewayConfigService, modbusDevicesContributor } from './gateway-config';
import { homeServices } from './home-services';
import { InvitationService } from './invitations';
import { LiveService } from './live';
import { MandateService } from './mandates';
import type { MandateFluvius } from './mandates-fluvius';
import { CsvImportService } from './mandates-import';
import { MODULE_CONFIG_CONTRIBUTORS, moduleServices } from './modules-services';
import type { OAuthProviderConfig } from './oauth-config';
import { OrganizationService } from './organizations';
import { RolloutService } from './rollouts';
import { SiteMemberService } from './site-members';
import { SiteService } from './sites';
import { CONTROL_CONFIG_CONTRIBUTORS, controlServices } from './store-modules-services';
import { UserService } from './users';

export * from './actor';
export { auditListInput } from './audit-log';
export { loginInput, resetInput, resetRequestInput } from './auth/auth-service';
export {
  type CommandView,
  commandIdInput,
  DIAGNOSTIC_COMMANDS,
  diagnosticCommandInput,
  type SentCommand,
} from './commands';
export * from './console-ops-exports';
export { DEVICE_TYPES, SITE_SORTS } from './constants';
export type { GatewayLink } from './deps';
export * from './deps';
export { deviceCreateInput, deviceRemoveInput, deviceUpdateInput } from './devices';
export {
  capacityInput,
  type EnergyValues,
  type HistoryBucket,
  type HistorySeries,
  historyInput,
} from './energy/history';
export * from './errors';
export * from './firmware-releases-exports';
export { type ConfigContributor, modbusDevicesContributor } from './gateway-config';
export { connectGatewayLink } from './gateway-link';
export * from './home-services';
export {
  acceptNewUserInput,
  formatAddress,
  invitationIdInput,
  orgInvitationInput,
  siteInvitationInput,
} from './invitations';
export { LIVE_TTL_SECONDS, type LiveSnapshot, liveForPermissions, liveKeys } from './live';
export * from './mandates-exports';
export * from './modules-services';
export { organizationIdInput, organizationInput, organizationUpdateInput } from './organizations';
export type { GlobalPermission, SiteAccess, SitePermission } from './policy';
export * as policy from './policy';
export { memberRemoveInput } from './site-members';
export { siteCreateInput, siteIdInput, siteListInput, siteUpdateInput } from './sites';
export * from './store-modules-exports';
export { orgUsersInput, setRoleInput, setUserActiveInput } from './users';
export { parseInput, validationError } from './validation';

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
export function createServices(deps: ServiceDeps, options: ServiceOptions = { secureCookies: false }) {
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
    gatewayConfig: new GatewayConfigService(deps, [
      modbusDevicesContributor,
      ...MODULE_CONFIG_CONTRIBUTORS,
      ...CONTROL_CONFIG_CONTRIBUTORS,
    ]),
    history: new HistoryService(deps),
  };
  const fluvius = {
    mandates: new MandateService(deps, options.fluvius ?? { access: null }),
    csvImport: new CsvImportService(deps),
  };
  // Passed in by the composition root (`brokerCredentialsFromEnv`); the service layer reads no environment.
  const broker = options.brokerCredentials ?? null;
  const consoleOps = consoleOpsServices(deps, { ...core, mandates: fluvius.mandates }, broker);
  const firmware = {
    firmware: new FirmwareReleaseService(deps, options.firmware ?? noFirmwareSettings),
    rollouts: new RolloutService(deps),
  };
  const home = homeServices(deps, core, options.oauthProviders ?? []);
  return {
    ...core,
    ...home,
    ...fluvius,
    ...consoleOps,
    ...firmware,
    ...moduleServices(deps, { ...core, homeowner: home.homeowner }),
    ...controlServices(deps, core),
  };
}

export type Services = ReturnType<typeof createServices>;
