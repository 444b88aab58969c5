import { Card, Group, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import { FAILED, IN_FLIGHT, WaveStatusBadge } from './status-badges';

interface DomainFigures {
  modbusErrors: number;
  p1Errors: number;
  faults: number;
  controlDecisions: number;
  p1Flowing: number;
  known: number;
}

export interface WaveView {
  waveNo: number;
  pct: number;
  targets: number;
  status: string;
  /** `status` as a reader takes it: a passed wave with failures, or with gateways still to come, says so. */
  outcome: string;
  soakUntil: string | null;
  states: Record<string, number>;
  health: {
    healthy: number;
    failed: number;
    rolledBack: number;
    timedOut: number;
    offlineAfter: number;
    degraded: number;
    problems: Record<string, number>;
    before: DomainFigures;
    after: DomainFigures;
    failurePct: number;
    maxFailurePct: number;
    passed: boolean;
    overridden?: boolean;
  } | null;
  /** Failures someone accepted by resuming; kept apart from the gate's figures, which may not exist yet. */
  accepted: { failures: number; by: string; at: string } | null;
}

const sum = (states: Record<string, number>, keys: string[]) =>
  keys.reduce((a, k) => a + (states[k] ?? 0), 0);

/** One wave: how far it got (a bar per outcome) and, once gated, its health figures before and after. */
export function WaveCard({ wave }: { wave: WaveView }) {
  const t = useT();
  const f = useFormat();
  const total = Math.max(1, wave.targets);
  const healthy = wave.states.healthy ?? 0;
  const failed = sum(wave.states, FAILED);
  const moving = sum(wave.states, IN_FLIGHT);
  const pct = (n: number) => (n / total) * 100;
  const h = wave.health;
  const line = (label: string, value: number) => (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" ff="monospace" c={value > 0 ? 'red' : undefined}>
        {value}
      </Text>
    </Group>
  );
  const row = (label: string, before: number | string, after: number | string) => (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <Text size="sm" ff="monospace">
        {before} → {after}
      </Text>
    </Group>
  );
  return (
    <Card withBorder padding="md" data-testid={`wave-${wave.waveNo + 1}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <div>
            <Text fw={600}>{t('rollouts.wave', { n: wave.waveNo + 1 })}</Text>
            <Text size="sm" c="dimmed">
              {t('rollouts.waveOf', {
                pct: f.number(wave.pct, wave.pct % 1 ? 1 : 0),
                targets: wave.targets,
              })}
            </Text>
          </div>
          <WaveStatusBadge status={wave.outcome} soakUntil={wave.soakUntil} />
        </Group>
        <Progress.Root size="lg" aria-label={t('rollouts.wave', { n: wave.waveNo + 1 })}>
          <Tooltip label={`${t('rollouts.state.healthy')}: ${healthy}`}>
            <Progress.Section value={pct(healthy)} color="green" />
          </Tooltip>
          <Tooltip label={`${t('rollouts.state.failed')}: ${failed}`}>
            <Progress.Section value={pct(failed)} color="red" />
          </Tooltip>
          <Tooltip label={t('rollouts.inFlight', { n: moving })}>
            <Progress.Section value={pct(moving)} color="blue" striped animated />
          </Tooltip>
        </Progress.Root>
        <Text size="sm">
          {t('rollouts.progress', {
            healthy: f.number(healthy),
            targets: wave.targets,
            failed: f.number(failed),
          })}
          {moving > 0 ? ` · ${t('rollouts.inFlight', { n: f.number(moving) })}` : ''}
        </Text>
        {h ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Stack gap={2}>
              <Text size="sm" fw={600} c={h.passed ? 'green' : 'red'}>
                {t('rollouts.health.failurePct', {
                  pct: f.number(h.failurePct, 1),
                  max: f.number(h.maxFailurePct, 1),
                })}
                {h.overridden ? ` · ${t('rollouts.overridden')}` : ''}
              </Text>
              {line(t('rollouts.health.failed'), h.failed)}
              {line(t('rollouts.health.rolledBack'), h.rolledBack)}
              {line(t('rollouts.health.timedOut'), h.timedOut)}
              {line(t('rollouts.health.offlineAfter'), h.offlineAfter)}
              {line(t('rollouts.health.degraded'), h.degraded)}
            </Stack>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('rollouts.health.beforeAfter')}
              </Text>
              {row(
                t('rollouts.health.p1'),
                `${h.before.p1Flowing}/${h.before.known}`,
                `${h.after.p1Flowing}/${h.after.known}`,
              )}
              {row(t('rollouts.health.modbusErrors'), h.before.modbusErrors, h.after.modbusErrors)}
              {row(t('rollouts.health.p1Errors'), h.before.p1Errors, h.after.p1Errors)}
              {row(t('rollouts.health.faults'), h.before.faults, h.after.faults)}
              {row(
                t('rollouts.health.controlDecisions'),
                h.before.controlDecisions,
                h.after.controlDecisions,
              )}
              {Object.entries(h.problems).map(([p, n]) => (
                <Text key={p} size="xs" c="red">
                  {t(`rollouts.problem.${p}`)}: {n}
                </Text>
              ))}
            </Stack>
          </SimpleGrid>
        ) : null}
        {wave.accepted ? (
          <Text size="xs" c="dimmed">
            {t('rollouts.accepted', { failures: wave.accepted.failures, by: wave.accepted.by })}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
