/** What the firmware releases and rollouts (issue 10) offer to routes, tRPC, the worker, tests and benches. */
export { FIRMWARE_CHANNELS, FirmwareReleaseService, releaseCreateInput, releaseIdInput, releaseListInput, type ArtifactUpload, type ReleaseView } from './firmware-releases';
export { type FirmwareSettings, firmwareEnv, firmwareSettingsFromEnv, noFirmwareSettings } from './firmware-releases-env';
export { DEFAULT_WAVES, RolloutService, rolloutCreateInput, rolloutGatewayInput, rolloutIdInput, rolloutPauseInput, rolloutTargetsInput, siteTagsInput } from './rollouts';
export { RolloutEngine, type RolloutEngineDeps, type StepResult } from './rollouts-engine';
export { applyOtaStatuses, type ApplyResult, type OtaStatusItem } from './rollouts-status';
export type { WaveHealth, TargetDomain } from './rollout-health';
export { compareVersions, satisfies } from './rollouts-semver';
export { inWindow, type MaintenanceWindow } from './rollouts-window';
export { firmwareDownloadHandler, parseRange } from './firmware-releases-download';
