import type { ServiceDeps } from '../deps';
import type { MandateService } from '../fluvius/mandates';
import type { BrokerCredentials } from '../gateways/broker-credentials';
import type { CommandService } from '../gateways/commands';
import type { GatewayConfigService } from '../gateways/config';
import { GatewayService } from '../gateways/gateways';
import type { InvitationService } from '../organizations/invitations';
import type { SiteService } from '../sites/sites';
import { AlarmService } from './alarms/alarms';
import { CommissioningService } from './commissioning/commissioning';
import { FleetService } from './fleet';
import { IngestHealthService } from './ingest-health';
import { SearchService } from './search';
import { TroubleshootingService } from './troubleshooting/troubleshooting';

/** What the console for installers and the support desk (decisions 040–042) offers to routes, procedures, jobs and tests. */

export {
  ALARM_SORTS,
  type AlarmView,
  alarmAssignInput,
  alarmCommentInput,
  alarmIdInput,
  alarmListInput,
  alarmResolveInput,
  alarmSettingsInput,
} from './alarms/alarms';
export { AlarmDigest } from './alarms/digest';
export { AlarmEvaluator, type EvaluationResult } from './alarms/evaluate';
export {
  ALARM_KINDS,
  ALARM_SEVERITIES,
  type AlarmCondition,
  type AlarmRules,
  DEFAULT_ALARM_RULES,
} from './alarms/rules';
export {
  commissioningActivateInput,
  commissioningClaimInput,
  commissioningDevicesInput,
  commissioningEanInput,
  commissioningGridInput,
  commissioningSaveSiteInput,
  commissioningScanInput,
  commissioningSiteInput,
  commissioningStartInput,
  MAIN_FUSE_RANGE,
} from './commissioning/commissioning';
export { renderCommissioningPdf } from './commissioning/pdf';
export { type DeviceSuggestion, DRIVERS_BY_TYPE, formatEndpoint, parseEndpoints } from './commissioning/scan';
export { COMMISSIONING_STEPS, type CommissioningState, type LiveCheck } from './commissioning/state';
export type { CommissioningReport, CommissioningView, ScanView } from './commissioning/views';
export { FLEET_DEVICE_SORTS, fleetDevicesInput, fleetGatewaysInput, GATEWAY_SORTS } from './fleet';
export {
  type IngestHealth,
  type IngestHealthReport,
  IngestHealthService,
  type IngestOverview,
  type IngestState,
  ingestHealthKey,
} from './ingest-health';
export { globalSearchInput } from './search';
export { type ParsedTelegram, parseTelegram, type TelegramValue } from './troubleshooting/p1';
export { EVENT_FILTERS, registerReadInput, troubleshootEventsInput } from './troubleshooting/troubleshooting';

/** The console for installers and the support desk (decisions 040–042), built on the core services it reuses. */
export function consoleOpsServices(
  deps: ServiceDeps,
  core: {
    sites: SiteService;
    invitations: InvitationService;
    mandates: MandateService;
    commands: CommandService;
    gatewayConfig: GatewayConfigService;
  },
  broker: BrokerCredentials | null,
) {
  const gateways = new GatewayService(deps, broker);
  const alarms = new AlarmService(deps);
  return {
    gateways,
    alarms,
    commissioning: new CommissioningService(deps, { ...core, gateways }),
    troubleshooting: new TroubleshootingService(deps, {
      commands: core.commands,
      gatewayConfig: core.gatewayConfig,
      alarms,
    }),
    fleet: new FleetService(deps),
    ingestHealth: new IngestHealthService(deps),
    search: new SearchService(deps),
  };
}
