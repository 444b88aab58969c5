/** What the console for installers and the support desk (issue 9) offers to routes, procedures, jobs and tests. */

export {
  ALARM_SORTS,
  type AlarmView,
  alarmAssignInput,
  alarmCommentInput,
  alarmIdInput,
  alarmListInput,
  alarmSettingsInput,
} from './alarms';
export { AlarmDigest } from './alarms-digest';
export { AlarmEvaluator, type EvaluationResult } from './alarms-evaluate';
export {
  ALARM_KINDS,
  ALARM_SEVERITIES,
  type AlarmCondition,
  type AlarmRules,
  DEFAULT_ALARM_RULES,
} from './alarms-rules';
export {
  type BrokerCredentials,
  brokerCredentialsFromEnv,
  brokerEnv,
  generateGatewayPassword,
  mosquittoPasswordFile,
  mosquittoPasswordHash,
  openBroker,
  reloadByPidFile,
} from './broker-credentials';
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
} from './commissioning';
export { renderCommissioningPdf } from './commissioning-pdf';
export { type DeviceSuggestion, DRIVERS_BY_TYPE, formatEndpoint, parseEndpoints } from './commissioning-scan';
export { COMMISSIONING_STEPS, type CommissioningState, type LiveCheck } from './commissioning-state';
export type { CommissioningReport, CommissioningView, ScanView } from './commissioning-views';
export { FLEET_DEVICE_SORTS, fleetDevicesInput, fleetGatewaysInput, GATEWAY_SORTS } from './fleet';
export { claimCodeHash, gatewayRegisterInput, generateClaimCode, type RegisterResult } from './gateways';
export { gatewayKeys, KEEP_REFUSED, type RefusedMessage } from './gateways-keys';
export { globalSearchInput } from './search';
export { EVENT_FILTERS, registerReadInput, troubleshootEventsInput } from './troubleshooting';
export { type ParsedTelegram, parseTelegram, type TelegramValue } from './troubleshooting-p1';
