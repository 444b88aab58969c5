import type { RolloutStatus, RolloutWaveStatus } from '@ilumen/db';
import { FAILED_STATES } from './targets';
import { inWindow, type MaintenanceWindow } from './window';

/**
 * What a rollout and its waves mean to the person reading them, from the engine's states and the targets' counts.
 * The engine's `completed` and `passed` say only that it is done with them; a rollout whose gateways failed, or a
 * wave that was let through with none updated, must not read as a success.
 */

export type RolloutOutcome = RolloutStatus | 'completed_with_failures';

export function rolloutOutcome(status: RolloutStatus, failed: number): RolloutOutcome {
  return status === 'completed' && failed > 0 ? 'completed_with_failures' : status;
}

export type WaveOutcome = RolloutWaveStatus | 'passed_with_failures' | 'passed_waiting';

const count = (states: Record<string, number>, keys: readonly string[]) =>
  keys.reduce((a, k) => a + (states[k] ?? 0), 0);

/**
 * A wave the gate let through (or that was passed by hand) reads as passed only when every gateway in it updated
 * (or was left out on purpose: skipped, cancelled); failures say so, and gateways still to come make it wait.
 */
export function waveOutcome(status: RolloutWaveStatus, states: Record<string, number>): WaveOutcome {
  if (status !== 'passed') return status;
  if (count(states, FAILED_STATES) > 0) return 'passed_with_failures';
  const open = Object.entries(states)
    .filter(([s]) => !['healthy', 'skipped', 'cancelled'].includes(s))
    .reduce((a, [, n]) => a + n, 0);
  return open > 0 ? 'passed_waiting' : 'passed';
}

/** Why a gateway that has not had its instruction yet is still waiting, as a code the page translates. */
export type WaitReason =
  | 'rollout_paused'
  | 'rollout_stopped'
  | 'previous_wave'
  | 'offline'
  | 'outside_window'
  | 'rate_limit';

export function waitReason(
  rollout: { status: RolloutStatus; currentWave: number; window: MaintenanceWindow | null },
  target: { state: string; waveNo: number; online: boolean; timezone: string },
  now: Date,
): WaitReason | null {
  if (target.state !== 'pending') return null;
  if (rollout.status === 'completed' || rollout.status === 'aborted') return 'rollout_stopped';
  if (rollout.status === 'paused') return 'rollout_paused';
  if (target.waveNo > rollout.currentWave) return 'previous_wave';
  if (!target.online) return 'offline';
  if (!inWindow(rollout.window, target.timezone, now)) return 'outside_window';
  return 'rate_limit';
}
