/** What the console for installers and the support desk (issue 9) offers to routes, procedures, jobs and tests. */
export { ALARM_KINDS, ALARM_SEVERITIES, DEFAULT_ALARM_RULES, type AlarmRules, type AlarmCondition } from './alarms-rules';
export { ALARM_SORTS, alarmListInput, alarmIdInput, alarmAssignInput, alarmCommentInput, alarmSettingsInput, type AlarmView } from './alarms';
export { AlarmEvaluator, type EvaluationResult } from './alarms-evaluate';
export { AlarmDigest } from './alarms-digest';
export {
  type BrokerCredentials,
  brokerEnv,
  brokerCredentialsFromEnv,
  generateGatewayPassword,
  mosquittoPasswordFile,
  mosquittoPasswordHash,
  openBroker,
  reloadByPidFile,
} from './broker-credentials';
export {
  commissioningStartInput,
  commissioningSiteInput,
  commissioningSaveSiteInput,
  commissioningGridInput,
  commissioningEanInput,
  commissioningClaimInput,
  commissioningScanInput,
  commissioningDevicesInput,
  commissioningActivateInput,
  MAIN_FUSE_RANGE,
} from './commissioning';
export { COMMISSIONING_STEPS, type CommissioningState, type LiveCheck } from './commissioning-state';
export { type DeviceSuggestion, DRIVERS_BY_TYPE, formatEndpoint, parseEndpoints } from './commissioning-scan';
export type { CommissioningView, CommissioningReport, ScanView } from './commissioning-views';
export { renderCommissioningPdf } from './commissioning-pdf';
export { claimCodeHash, generateClaimCode, gatewayRegisterInput, type RegisterResult } from './gateways';
export { gatewayKeys, KEEP_REFUSED, type RefusedMessage } from './gateways-keys';
export { GATEWAY_SORTS, FLEET_DEVICE_SORTS, fleetGatewaysInput, fleetDevicesInput } from './fleet';
export { globalSearchInput } from './search';
export { EVENT_FILTERS, registerReadInput, troubleshootEventsInput } from './troubleshooting';
export { parseTelegram, type ParsedTelegram, type TelegramValue } from './troubleshooting-p1';
