import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { CreatedAt, Id, Json } from './types';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type FirmwareChannel = 'stable' | 'beta' | 'dev';

/** A signed gateway release (decisions 060–062): the artifact's digest and signature, and where gateways download it. */
export interface FirmwareReleasesTable {
  id: Id;
  version: string;
  /** The hardware revision it is built for, or `*`. */
  hardware_revision: string;
  channel: Defaulted<FirmwareChannel>;
  notes: Defaulted<string>;
  size_bytes: number;
  sha256: string;
  /** ed25519 over the raw sha256 digest, base64 (made by `firmware:sign`; checked before the row is written). */
  signature: string;
  artifact_url: string;
  /** The artifact is in the portal's firmware store (served at `/firmware/<sha256>`), not at an outside URL. */
  stored: boolean;
  created_by_user_id: Nullable<number>;
  created_at: CreatedAt;
  retired_at: Nullable<Date>;
}

/** Free labels on sites (`pilot`, `friendly`), for targeting rollouts. */
export interface SiteTagsTable {
  site_id: number;
  tag: string;
  created_at: CreatedAt;
}

export type RolloutStatus = 'running' | 'paused' | 'completed' | 'aborted';
export type RolloutWaveStatus = 'pending' | 'dispatching' | 'soaking' | 'passed' | 'failed';
export type RolloutTargetState =
  | 'pending'
  | 'sent'
  | 'downloading'
  | 'verifying'
  | 'installing'
  | 'rebooting'
  | 'healthy'
  | 'failed'
  | 'rolled_back'
  | 'timed_out'
  | 'skipped'
  | 'cancelled';

export interface RolloutsTable {
  id: Id;
  name: string;
  release_id: number;
  status: Defaulted<RolloutStatus>;
  /** The targeting as asked (tenants, hardware, version range, tags, serials); the result is `rollout_targets`. */
  target: Json;
  target_count: number;
  current_wave: Defaulted<number>;
  rate_per_minute: number;
  /** Site-local maintenance window `{ from: 'HH:MM', to: 'HH:MM', days?: [1..7] }`, or null for any time. */
  window: Json | null;
  max_failure_pct: number;
  /** A gateway that said `rebooting` must be back and healthy within this. */
  online_timeout_s: number;
  /** A gateway must move from one step to the next within this (no answer, a stalled download). */
  step_timeout_s: number;
  pause_reason: Nullable<string>;
  paused_by_user_id: Nullable<number>;
  created_by_user_id: Nullable<number>;
  created_at: CreatedAt;
  finished_at: Nullable<Date>;
  updated_at: CreatedAt;
}

export interface RolloutWavesTable {
  rollout_id: number;
  wave_no: number;
  /** Cumulative share of the targets reached once this wave is through (1, 10, 50, 100). */
  pct: number;
  soak_s: number;
  target_count: number;
  status: Defaulted<RolloutWaveStatus>;
  started_at: Nullable<Date>;
  soak_until: Nullable<Date>;
  gated_at: Nullable<Date>;
  /** The gate's figures, before and after (`firmware/rollouts/health.ts` in the services). */
  health: Json | null;
}

export interface RolloutTargetsTable {
  rollout_id: number;
  gateway_id: number;
  wave_no: number;
  site_id: Nullable<number>;
  /** IANA zone of the site (the maintenance window is site-local). */
  timezone: string;
  from_version: Nullable<string>;
  state: Defaulted<RolloutTargetState>;
  progress_pct: Nullable<number>;
  sent_at: Nullable<Date>;
  last_step_at: Nullable<Date>;
  finished_at: Nullable<Date>;
  reason: Nullable<string>;
  /** Domain health when the instruction went out (P1 flowing…), to compare with after. */
  domain_before: Json | null;
  domain_after: Json | null;
}

/** What happened to a rollout and to each of its gateways, in order. */
export interface RolloutLogTable {
  id: Id;
  rollout_id: number;
  /** Null for rollout-wide lines (wave passed, paused…). */
  gateway_id: Nullable<number>;
  at: ColumnType<Date, Date, Date>;
  step: string;
  detail: Nullable<string>;
}

export interface FirmwareTables {
  firmware_releases: FirmwareReleasesTable;
  site_tags: SiteTagsTable;
  rollouts: RolloutsTable;
  rollout_waves: RolloutWavesTable;
  rollout_targets: RolloutTargetsTable;
  rollout_log: RolloutLogTable;
}

export type FirmwareReleaseRow = Selectable<FirmwareReleasesTable>;
export type NewFirmwareReleaseRow = Insertable<FirmwareReleasesTable>;
export type RolloutRow = Selectable<RolloutsTable>;
export type RolloutWaveRow = Selectable<RolloutWavesTable>;
export type RolloutTargetRow = Selectable<RolloutTargetsTable>;
export type RolloutLogRow = Selectable<RolloutLogTable>;
