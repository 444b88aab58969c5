import type { OtaState } from './ota-state';
import type { SlotName } from './slots';

export interface BootDecision {
  /** The state to write before starting anything. */
  state: OtaState;
  /** Where the active link must point (null: the factory install). */
  slot: SlotName | null;
  /** Set when the launcher rolled back. */
  rolledBack?: string;
}

export interface BootGuardOptions {
  /** Starts of a new version, counted by the launcher, after which it is given up. */
  maxLaunches?: number;
  /** Real ms after the switch by which a new version must have proved itself, however often it restarted. */
  hardDeadlineMs?: number;
}

/**
 * What the launcher does before each start: a new version on trial gets one more start, unless it has used up its
 * starts or its time (it crashes before its own check can run, or hangs); then the link goes back and the old version
 * reports the rollback once it is connected. Pure, so it is tested without processes.
 */
export function decideBoot(
  state: OtaState,
  active: SlotName | null,
  now: number,
  o: BootGuardOptions = {},
): BootDecision {
  const trial = state.trial;
  if (!trial || active !== trial.toSlot) return { state, slot: active };
  const launches = trial.launches + 1;
  const maxLaunches = o.maxLaunches ?? 5;
  const deadline = trial.switchedAt + (o.hardDeadlineMs ?? 30 * 60_000);
  const why =
    launches > maxLaunches
      ? `started ${launches - 1} times without passing its health check`
      : now > deadline
        ? 'did not pass its health check in time'
        : null;
  if (!why) return { state: { ...state, trial: { ...trial, launches } }, slot: active };
  const reason = `${why}; rolled back to ${trial.fromVersion} by the launcher`;
  return {
    state: {
      ...state,
      trial: null,
      pending: { rolloutId: trial.rolloutId, version: trial.version, step: 'rolled-back', reason },
    },
    slot: trial.fromSlot,
    rolledBack: reason,
  };
}
