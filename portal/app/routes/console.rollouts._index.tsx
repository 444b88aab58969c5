import { policy } from '@ilumen/services';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { IntentForm } from '~/components/console/intent-form';
import { RolloutStatusBadge } from '~/components/firmware/status-badges';
import { PageHeader } from '~/components/page-header';
import { useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['rollouts'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.rollouts')];

export const loader = load(async (ctx) => {
  const [rollouts, tags] = await Promise.all([
    ctx.services.rollouts.list(ctx.actor),
    ctx.services.rollouts.tags(ctx.actor),
  ]);
  return { rollouts, tags, canManage: policy.can(ctx.actor, 'firmware.manage') };
});

export const action = intentAction({
  'tags.set': async (ctx, { fields }) => {
    const r = await ctx.services.rollouts.tagSites(ctx.actor, fields);
    return done(ctx, 'rollouts.tags.done', { tag: r.tag, sites: r.sites });
  },
});

function TagsCard({ tags, canManage }: { tags: Array<{ tag: string; sites: number }>; canManage: boolean }) {
  const t = useT();
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('rollouts.tags.title')}
        </Title>
        {tags.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('rollouts.tags.empty')}
          </Text>
        ) : (
          <Group gap="xs">
            {tags.map((x) => (
              <Badge key={x.tag} variant="outline">
                {x.tag} · {t('rollouts.tags.count', { sites: x.sites })}
              </Badge>
            ))}
          </Group>
        )}
        {canManage ? (
          <>
            <Text size="sm" c="dimmed">
              {t('rollouts.tags.hint')}
            </Text>
            <IntentForm intent="tags.set" submitLabel={t('rollouts.tags.add')}>
              {(errors) => (
                <Group grow align="start">
                  <TextInput
                    name="tag"
                    label={t('rollouts.tags.tag')}
                    placeholder="pilot"
                    required
                    error={errors.tag}
                  />
                  <TextInput
                    name="siteIds"
                    label={t('rollouts.tags.siteIds')}
                    placeholder="12, 15, 40"
                    required
                    error={errors.siteIds}
                  />
                </Group>
              )}
            </IntentForm>
            {/* taking sites out of a tag: only of a tag there is, chosen from the list */}
            {tags.length > 0 ? (
              <IntentForm
                intent="tags.set"
                submitLabel={t('rollouts.tags.remove')}
                hidden={{ remove: 'true' }}
                danger
              >
                {(errors) => (
                  <Group grow align="start">
                    <NativeSelect
                      name="tag"
                      label={t('rollouts.tags.tag')}
                      required
                      data={tags.map((x) => x.tag)}
                      error={errors.tag}
                    />
                    <TextInput
                      name="siteIds"
                      label={t('rollouts.tags.siteIds')}
                      required
                      error={errors.siteIds}
                    />
                  </Group>
                )}
              </IntentForm>
            ) : null}
          </>
        ) : null}
      </Stack>
    </Card>
  );
}

export default function Rollouts() {
  const { rollouts, tags, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  return (
    <>
      <PageHeader title={t('rollouts.title')}>
        <Button component={Link} to="/console/firmware" variant="default">
          {t('nav.firmware')}
        </Button>
        {canManage ? (
          <Button component={Link} to="/console/rollouts/new">
            {t('rollouts.new')}
          </Button>
        ) : null}
      </PageHeader>
      <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
        <Card withBorder style={{ gridColumn: 'span 2' }}>
          {rollouts.length === 0 ? (
            <Text c="dimmed">{t('rollouts.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={680}>
              <Table striped highlightOnHover>
                <caption style={{ captionSide: 'top', textAlign: 'left' }}>{t('rollouts.title')}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('rollouts.col.name')}</Table.Th>
                    <Table.Th>{t('rollouts.col.release')}</Table.Th>
                    <Table.Th>{t('common.status')}</Table.Th>
                    <Table.Th>{t('rollouts.col.progress')}</Table.Th>
                    <Table.Th>{t('rollouts.col.created')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rollouts.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/console/rollouts/${r.id}`}>
                          {r.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {r.version} · {r.hardwareRevision}
                      </Table.Td>
                      <Table.Td>
                        <RolloutStatusBadge status={r.outcome} />
                        {r.status === 'running' || r.status === 'paused' ? (
                          <Text size="xs" c="dimmed">
                            {t('rollouts.wave', { n: r.currentWave + 1 })} / {r.waves}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td miw={180}>
                        <Progress.Root size="md">
                          <Progress.Section
                            value={(r.healthy / Math.max(1, r.targets)) * 100}
                            color="green"
                          />
                          <Progress.Section value={(r.failed / Math.max(1, r.targets)) * 100} color="red" />
                        </Progress.Root>
                        <Text size="xs">
                          {t('rollouts.progress', {
                            healthy: f.number(r.healthy),
                            targets: f.number(r.targets),
                            failed: f.number(r.failed),
                          })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {f.dateTime(r.createdAt)}
                        <Text size="xs" c="dimmed">
                          {r.createdBy ?? '—'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>
        <TagsCard tags={tags} canManage={canManage} />
      </SimpleGrid>
    </>
  );
}
