import { deviceStatusText, faultActionKey, faultText } from '@ilumen/i18n';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { alarmText } from '~/components/console/alarm-text';
import { IntentForm } from '~/components/console/intent-form';
import { SeverityBadge } from '~/components/console/severity-badge';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = {
  i18n: ['alarms', 'device', 'devices', 'fault', 'modules', 'refusal', 'rollouts', 'troubleshoot'],
};

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.alarm')];

export const loader = load(async (ctx, { params }) =>
  ctx.services.alarms.get(ctx.actor, { alarmId: params.alarmId }),
);

export const action = intentAction({
  acknowledge: async (ctx, { fields }) => {
    await ctx.services.alarms.acknowledge(ctx.actor, fields);
    return done(ctx, 'alarms.acked');
  },
  assign: async (ctx, { fields }) => {
    await ctx.services.alarms.assign(ctx.actor, fields);
    return done(ctx, 'alarms.assigned');
  },
  comment: async (ctx, { fields }) => {
    await ctx.services.alarms.comment(ctx.actor, fields);
    return done(ctx, 'alarms.commented');
  },
  resolve: async (ctx, { fields }) => {
    await ctx.services.alarms.resolve(ctx.actor, fields);
    return done(ctx, 'alarms.resolved');
  },
});

export default function AlarmDetail() {
  const { alarm, comments, assignable, device, canAct } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <Stack>
      <PageHeader title={`${t('alarms.detail')}: ${t(`alarms.kind.${alarm.kind}`)}`}>
        <Button component={Link} to="/console/alarms" variant="subtle">
          ← {t('alarms.back')}
        </Button>
        {alarm.siteId ? (
          <Button component={Link} to={`/console/sites/${alarm.siteId}/troubleshoot`} variant="light">
            {t('alarms.troubleshoot')}
          </Button>
        ) : null}
      </PageHeader>
      <Card withBorder>
        <Group mb="sm" gap="xs">
          <SeverityBadge severity={alarm.severity} />
          <Badge
            variant="light"
            color={alarm.status === 'open' ? (alarm.clearing ? 'yellow' : 'red') : 'green'}
          >
            {alarm.clearing ? t('alarms.clearing') : t(`alarms.status.${alarm.status}`)}
          </Badge>
          {alarm.acknowledgedAt ? <Badge variant="outline">{t('alarms.acknowledged')}</Badge> : null}
          {alarm.code ? (
            <Badge variant="outline" color="gray">
              {alarm.code}
            </Badge>
          ) : null}
        </Group>
        <Text mb="sm" data-testid="alarm-text">
          {alarmText(t, alarm)}
        </Text>
        {alarm.kind === 'device_fault' ? (
          <Alert
            color="orange"
            variant="light"
            mb="sm"
            title={t('fault.action.title')}
            data-testid="fault-advice"
          >
            {t(faultActionKey(alarm.code))}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <div>
            <Text size="xs" c="dimmed">
              {t('alarms.col.site')}
            </Text>
            {alarm.siteId ? (
              <Anchor component={Link} to={`/console/sites/${alarm.siteId}`}>
                {alarm.address}
              </Anchor>
            ) : (
              '—'
            )}
            <Text size="xs" c="dimmed">
              {alarm.organizationName}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('alarms.col.since')}
            </Text>
            <Text>{f.dateTime(alarm.since)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('alarms.col.raised')}
            </Text>
            <Text>{f.dateTime(alarm.raisedAt)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t('alarms.col.cleared')}
            </Text>
            <Text>{alarm.clearedAt ? f.dateTime(alarm.clearedAt) : '—'}</Text>
          </div>
        </SimpleGrid>
        {device ? (
          <Text size="sm" mt="sm">
            {t(`devices.type.${device.type}`)} {device.model} · {device.serial} ·{' '}
            {deviceStatusText(t, device.type, device.status)} {device.status_code ?? ''}{' '}
            {device.status_code ? faultText(t, device.status_code, device.status_text) : ''}
          </Text>
        ) : null}
        {alarm.serial ? (
          <Text size="sm" mt={4}>
            iLusmart {alarm.serial}
          </Text>
        ) : null}
        {alarm.resolvedBy ? (
          <Alert
            color="green"
            variant="light"
            mt="sm"
            title={t('alarms.resolvedBy', { name: alarm.resolvedBy })}
          >
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="alarm-resolution">
              {alarm.resolution}
            </Text>
          </Alert>
        ) : null}
      </Card>
      {canAct ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Title order={2} size="h5" mb="sm">
              {t('alarms.assign')}
            </Title>
            <IntentForm intent="assign" submitLabel={t('common.save')} hidden={{ alarmId: alarm.id }}>
              {(errors) => (
                <NativeSelect
                  label={t('alarms.assignee')}
                  name="assigneeId"
                  defaultValue={alarm.assignedToUserId ? String(alarm.assignedToUserId) : ''}
                  data={[
                    { value: '', label: t('alarms.unassigned') },
                    ...assignable.map((u) => ({
                      value: String(u.id),
                      label: u.email ? `${u.name} (${u.email})` : u.name,
                    })),
                  ]}
                  error={errors.assigneeId}
                />
              )}
            </IntentForm>
            {!alarm.acknowledgedAt ? (
              <div style={{ marginTop: 16 }}>
                <IntentForm
                  intent="acknowledge"
                  submitLabel={t('alarms.acknowledge')}
                  hidden={{ alarmId: alarm.id }}
                />
              </div>
            ) : null}
          </Card>
          {alarm.status === 'open' ? (
            <Card withBorder data-testid="alarm-resolve">
              <Title order={2} size="h5" mb="xs">
                {t('alarms.resolve')}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {t('alarms.resolveHint')}
              </Text>
              <IntentForm
                intent="resolve"
                submitLabel={t('alarms.resolveSubmit')}
                hidden={{ alarmId: alarm.id }}
              >
                {(errors) => (
                  <Textarea
                    label={t('alarms.resolveNote')}
                    name="note"
                    autosize
                    minRows={2}
                    error={errors.note}
                  />
                )}
              </IntentForm>
            </Card>
          ) : null}
          <Card withBorder>
            <Title order={2} size="h5" mb="sm">
              {t('alarms.commentAdd')}
            </Title>
            <IntentForm intent="comment" submitLabel={t('alarms.commentAdd')} hidden={{ alarmId: alarm.id }}>
              {(errors) => (
                <Textarea label={t('alarms.comment')} name="body" autosize minRows={2} error={errors.body} />
              )}
            </IntentForm>
          </Card>
        </SimpleGrid>
      ) : null}
      <Card withBorder>
        <Title order={2} size="h5" mb="sm">
          {t('alarms.comments')}
        </Title>
        {comments.length === 0 ? <Text c="dimmed">{t('alarms.noComments')}</Text> : null}
        <Stack gap="xs">
          {comments.map((c) => (
            <div key={c.id}>
              <Text size="xs" c="dimmed">
                {c.author ?? '—'} · {f.dateTime(c.created_at)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{c.body}</Text>
            </div>
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}
