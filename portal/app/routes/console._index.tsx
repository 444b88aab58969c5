import { type IngestOverview, type IngestState, policy } from '@ilumen/services';
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useLoaderData } from '@remix-run/react';
import { alarmText } from '~/components/console/alarm-text';
import { ConsoleLink } from '~/components/console/console-links';
import { SeverityBadge } from '~/components/console/severity-badge';
import { useFormat, useT } from '~/lib/i18n';
import { loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: [
    'alarms',
    'dashboard',
    'device',
    'devices',
    'fault',
    'modules',
    'refusal',
    'rollouts',
    'troubleshoot',
  ],
};

/**
 * The console's start page: what needs someone today, each figure a link to the list behind it, and the newest open
 * alarms. Every figure comes from the same Actor-scoped service as its list, so an installer counts only their own.
 */
export const loader = load(async (ctx) => {
  const actor = policy.requireUser(ctx.actor);
  const s = ctx.services;
  const can = (p: Parameters<typeof policy.can>[1]) => policy.can(actor, p);
  const [counts, tenants, alarms, recent, offline, commissioning, mandateProblems, mandateRenewals, ingest] =
    await Promise.all([
      s.sites.counts(actor),
      can('tenants.read')
        ? s.organizations.list(actor).then((o) => o.filter((x) => x.kind === 'installer').length)
        : null,
      can('alarms.list') ? s.alarms.counts(actor) : null,
      can('alarms.list')
        ? s.alarms
            .list(actor, { status: 'open', sort: 'raised_at', desc: true, pageSize: 5 })
            .then((r) => r.rows)
        : [],
      can('fleet.list')
        ? s.fleet.gateways(actor, { online: 'offline', claimed: 'yes', pageSize: 1 }).then((r) => r.total)
        : null,
      can('commissioning.start') ? s.commissioning.list(actor).then((r) => r.length) : null,
      can('mandates.list')
        ? s.mandates.list(actor, { problems: true, pageSize: 1 }).then((r) => r.total)
        : null,
      can('mandates.list')
        ? s.mandates.list(actor, { renewal: true, pageSize: 1 }).then((r) => r.total)
        : null,
      can('platform.health') ? s.ingestHealth.overview(actor) : null,
    ]);
  return {
    name: actor.name,
    sites: counts.sites,
    tenants,
    alarms,
    recent,
    offline,
    commissioning,
    mandateProblems,
    mandateRenewals,
    ingest,
  };
});

const INGEST_COLOR: Record<IngestState, string | undefined> = {
  ok: 'teal',
  degraded: 'orange',
  silent: 'red',
  none: 'red',
};

/** Whether what the gateways send reaches the database: for the support desk and the fleet team (decision 152). */
function IngestCard({ ingest }: { ingest: IngestOverview }) {
  const t = useT();
  const seconds = ingest.lastMessageAgeMs === null ? null : Math.round(ingest.lastMessageAgeMs / 1000);
  const hint =
    ingest.state === 'none'
      ? t('dashboard.ingest.noneHint')
      : [
          t('dashboard.ingest.processes', { n: ingest.processes }),
          seconds === null
            ? null
            : seconds < 120
              ? t('dashboard.ingest.lastSeconds', { seconds })
              : t('dashboard.ingest.lastMinutes', { minutes: Math.floor(seconds / 60) }),
        ]
          .filter(Boolean)
          .join(' · ');
  return (
    <Card withBorder data-testid="home-ingest" data-state={ingest.state}>
      <Text c="dimmed" size="sm">
        {t('dashboard.ingest')}
      </Text>
      <Text fw={700} size="xl" c={INGEST_COLOR[ingest.state]}>
        {t(`dashboard.ingest.${ingest.state}`)}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

function Figure({
  to,
  label,
  value,
  hint,
  alert,
  testId,
}: {
  to: string;
  label: string;
  value: number;
  hint?: string;
  alert?: boolean;
  testId: string;
}) {
  const f = useFormat();
  return (
    <Card withBorder component={Link} to={to} data-testid={testId}>
      <Text c="dimmed" size="sm">
        {label}
      </Text>
      <Text fw={700} size="xl" c={alert && value > 0 ? 'red' : undefined}>
        {f.number(value)}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

export default function ConsoleHome() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('dashboard.welcome', { name: d.name })}
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        {d.alarms ? (
          <Figure
            to="/console/alarms"
            testId="home-alarms"
            label={t('dashboard.openAlarms')}
            value={d.alarms.critical + d.alarms.warning + d.alarms.info}
            alert={d.alarms.critical > 0}
            hint={t('dashboard.alarmsBySeverity', {
              critical: d.alarms.critical,
              warning: d.alarms.warning,
            })}
          />
        ) : null}
        {d.offline !== null ? (
          <Figure
            to="/console/fleet?online=offline&claimed=yes"
            testId="home-offline"
            label={t('dashboard.offline')}
            value={d.offline}
            alert
          />
        ) : null}
        {d.commissioning !== null ? (
          <Figure
            to="/console/commissioning"
            testId="home-commissioning"
            label={t('dashboard.commissioning')}
            value={d.commissioning}
          />
        ) : null}
        {d.mandateProblems !== null ? (
          <Figure
            to="/console/mandates?problems=1"
            testId="home-mandate-problems"
            label={t('dashboard.mandateProblems')}
            value={d.mandateProblems}
            alert
          />
        ) : null}
        {d.mandateRenewals !== null ? (
          <Figure
            to="/console/mandates?renewal=1"
            testId="home-mandate-renewals"
            label={t('dashboard.mandateRenewals')}
            value={d.mandateRenewals}
          />
        ) : null}
        {d.ingest ? <IngestCard ingest={d.ingest} /> : null}
        <Figure to="/console/sites" testId="home-sites" label={t('dashboard.sites')} value={d.sites} />
        {d.tenants !== null ? (
          <Figure
            to="/console/tenants"
            testId="home-tenants"
            label={t('dashboard.tenants')}
            value={d.tenants}
          />
        ) : null}
      </SimpleGrid>
      {d.alarms ? (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h5">
              {t('dashboard.recentAlarms')}
            </Title>
            <Anchor component={Link} to="/console/alarms" size="sm">
              {t('dashboard.allAlarms')}
            </Anchor>
          </Group>
          {d.recent.length === 0 ? (
            <Text c="dimmed">{t('dashboard.noAlarms')}</Text>
          ) : (
            <Table data-testid="home-recent-alarms">
              <Table.Tbody>
                {d.recent.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td w={110}>
                      <SeverityBadge severity={a.severity} />
                    </Table.Td>
                    <Table.Td>
                      <ConsoleLink target="alarm" to={`/console/alarms/${a.id}`}>
                        {alarmText(t, a)}
                      </ConsoleLink>
                      <Text size="xs" c="dimmed">
                        {[a.address, a.serial, a.organizationName].filter(Boolean).join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td w={170}>
                      <Badge variant="outline" color="gray">
                        {f.dateTime(a.raisedAt)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </Stack>
  );
}
