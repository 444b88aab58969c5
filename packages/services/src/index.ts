import { AuditLogService } from './audit';
import { AuthService } from './auth';
import type { OAuthProviderConfig } from './auth/oauth-config';
import { consoleOpsServices } from './console';
import { CONTROL_CONFIG_CONTRIBUTORS, controlServices } from './control';
import type { ServiceDeps } from './deps';
import { BillService, ComparisonService, ContractOffersService, HistoryService, LiveService } from './energy';
import { FirmwareReleaseService, RolloutService } from './firmware';
import { type FirmwareSettings, noFirmwareSettings } from './firmware/releases/settings';
import { CsvImportService, MandateService } from './fluvius';
import type { MandateFluvius } from './fluvius/access';
import { CommandService, GatewayConfigService, modbusDevicesContributor } from './gateways';
import type { BrokerCredentials } from './gateways/broker-credentials';
import { homeServices } from './homeowner';
import { MODULE_CONFIG_CONTRIBUTORS, moduleServices } from './modules';
import { InvitationService, OrganizationService, UserService } from './organizations';
import { DeviceService, SiteMemberService, SiteService } from './sites';

// The service layer's public face: the kernel (actors, dependencies, errors, input parsing, the policy table) and
// every domain's own public face (its folder's index.ts).
export * from './actor';
export * from './audit';
export * from './auth';
export * from './console';
export { DEVICE_TYPES, SITE_SORTS } from './constants';
export * from './control';
export * from './deps';
export * from './energy';
export * from './errors';
export * from './firmware';
export * from './fluvius';
export * from './gateways';
export * from './homeowner';
export * from './modules';
export * from './organizations';
export { type PdfColumn, type PdfWriter, pdfDocument } from './pdf';
export type { GlobalPermission, OrgPermission, SiteAccess, SitePermission } from './policy';
export * as policy from './policy';
export * from './sites';
export { parseInput, validationError } from './validation';

/** What the composition root decides for the services: cookies, sign-in providers and the outside systems. */
export interface ServiceOptions {
  secureCookies: boolean;
  oauthProviders?: OAuthProviderConfig[];
  /** How to reach Fluvius (the composition root passes `mandateFluvius(fluviusFromEnv(env))`); without it there is none. */
  fluvius?: MandateFluvius;
  /** Where claimed gateways' MQTT logins go; without it there is none (claiming says so). */
  brokerCredentials?: BrokerCredentials | null;
  /** The release store and signing key (decisions 060–062); without it releases cannot be uploaded. */
  firmware?: FirmwareSettings;
}

/** Every service, bound to one set of dependencies. Routes, tRPC procedures, jobs and seeds all go through this. */
export function createServices(deps: ServiceDeps, options: ServiceOptions = { secureCookies: false }) {
  // Every change that touches a site's devices or settings sends the gateway a configuration built from all of them.
  const gatewayConfig = new GatewayConfigService(deps, [
    modbusDevicesContributor,
    ...MODULE_CONFIG_CONTRIBUTORS,
    ...CONTROL_CONFIG_CONTRIBUTORS,
  ]);
  const core = {
    deps,
    auth: new AuthService(deps, options),
    organizations: new OrganizationService(deps),
    users: new UserService(deps),
    invitations: new InvitationService(deps),
    sites: new SiteService(deps),
    devices: new DeviceService(deps, gatewayConfig),
    members: new SiteMemberService(deps),
    audit: new AuditLogService(deps),
    live: new LiveService(deps),
    commands: new CommandService(deps),
    gatewayConfig,
    history: new HistoryService(deps),
    bill: new BillService(deps),
    comparison: new ComparisonService(deps),
    contractOffers: new ContractOffersService(deps),
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
