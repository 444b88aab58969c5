/** What the firmware releases and rollouts (issue 10) offer to routes, tRPC, the worker, tests and benches. */
export {
  type ArtifactUpload,
  FIRMWARE_CHANNELS,
  FirmwareReleaseService,
  type ReleaseView,
  releaseCreateInput,
  releaseIdInput,
  releaseListInput,
} from './firmware-releases';
export { firmwareDownloadHandler, parseRange } from './firmware-releases-download';
export {
  type FirmwareSettings,
  firmwareEnv,
  firmwareSettingsFromEnv,
  noFirmwareSettings,
} from './firmware-releases-env';
export type { TargetDomain, WaveHealth } from './rollout-health';
export {
  DEFAULT_WAVES,
  RolloutService,
  rolloutCreateInput,
  rolloutGatewayInput,
  rolloutIdInput,
  rolloutPauseInput,
  rolloutTargetsInput,
  siteTagsInput,
} from './rollouts';
export { RolloutEngine, type RolloutEngineDeps, type StepResult } from './rollouts-engine';
export { compareVersions, satisfies } from './rollouts-semver';
export { type ApplyResult, applyOtaStatuses, type OtaStatusItem } from './rollouts-status';
export { inWindow, type MaintenanceWindow } from './rollouts-window';
