/** What the firmware releases and rollouts (decisions 060–062) offer to routes, tRPC, the worker, tests and benches. */

export { compareVersions, satisfies } from '@ilumen/firmware-signing';
export { firmwareDownloadHandler, parseRange } from './releases/download';
export { FsArtifactStore } from './releases/fs-store';
export {
  type ArtifactUpload,
  FIRMWARE_CHANNELS,
  FirmwareReleaseService,
  type ReleaseView,
  releaseCreateInput,
  releaseIdInput,
  releaseListInput,
} from './releases/releases';
export { S3ArtifactStore } from './releases/s3-store';
export {
  type ArtifactStoreSettings,
  type FirmwareSettings,
  noFirmwareSettings,
} from './releases/settings';
export type { ArtifactStore, StoredArtifact } from './releases/store';
export { RolloutEngine, type RolloutEngineDeps, type StepResult } from './rollouts/engine';
export type { TargetDomain, WaveHealth } from './rollouts/health';
export {
  DEFAULT_WAVES,
  RolloutService,
  rolloutCreateInput,
  rolloutGatewayInput,
  rolloutIdInput,
  rolloutPauseInput,
  rolloutTargetsInput,
  siteTagsInput,
} from './rollouts/rollouts';
export { type ApplyResult, applyOtaStatuses, type OtaStatusItem } from './rollouts/status';
export { inWindow, type MaintenanceWindow } from './rollouts/window';
