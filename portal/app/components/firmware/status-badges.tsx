import { Badge } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';

const ROLLOUT_COLORS: Record<string, string> = {
  running: 'blue',
  paused: 'orange',
  completed: 'green',
  completed_with_failures: 'orange',
  aborted: 'gray',
};
const WAVE_COLORS: Record<string, string> = {
  pending: 'gray',
  dispatching: 'blue',
  soaking: 'cyan',
  passed: 'green',
  passed_with_failures: 'orange',
  passed_waiting: 'yellow',
  failed: 'red',
};
const TARGET_COLORS: Record<string, string> = {
  pending: 'gray',
  sent: 'blue',
  downloading: 'blue',
  verifying: 'blue',
  installing: 'blue',
  rebooting: 'indigo',
  healthy: 'green',
  failed: 'red',
  rolled_back: 'orange',
  timed_out: 'red',
  skipped: 'gray',
  cancelled: 'gray',
};

export function RolloutStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <Badge
      variant="light"
      color={ROLLOUT_COLORS[status] ?? 'gray'}
      data-testid="rollout-status"
      data-status={status}
    >
      {t(`rollouts.status.${status}`)}
    </Badge>
  );
}

export function WaveStatusBadge({ status, soakUntil }: { status: string; soakUntil: string | null }) {
  const t = useT();
  const f = useFormat();
  const until = soakUntil ? f.hourMinute(soakUntil) : '';
  return (
    <Badge
      variant="light"
      color={WAVE_COLORS[status] ?? 'gray'}
      data-testid="wave-status"
      data-status={status}
    >
      {t(`rollouts.wave.status.${status}`, { until })}
    </Badge>
  );
}

export function TargetStateBadge({ state, progressPct }: { state: string; progressPct?: number | null }) {
  const t = useT();
  return (
    <Badge variant="light" color={TARGET_COLORS[state] ?? 'gray'}>
      {t(`rollouts.state.${state}`)}
      {state === 'downloading' && progressPct !== null && progressPct !== undefined
        ? ` ${progressPct} %`
        : ''}
    </Badge>
  );
}

/** The states in the order a gateway goes through them, for filters and progress bars. */
export const TARGET_STATES = [
  'pending',
  'sent',
  'downloading',
  'verifying',
  'installing',
  'rebooting',
  'healthy',
  'failed',
  'rolled_back',
  'timed_out',
  'skipped',
  'cancelled',
] as const;
export const IN_FLIGHT = ['sent', 'downloading', 'verifying', 'installing', 'rebooting'];
export const FAILED = ['failed', 'rolled_back', 'timed_out'];
