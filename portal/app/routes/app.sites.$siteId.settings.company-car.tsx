import { formatEuro } from '@ilumen/i18n';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Pagination,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { ConfirmModal } from '~/components/form-modal';
import { HomeError } from '~/components/home/home-error';
import { SettingsHeader } from '~/components/home/settings-menu';
import { useFormat, useLocale, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

/** The message namespaces this page uses (decision 171). */
export const handle = { i18n: ['companyCar', 'settings'] };

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, 'title.companyCar')];

const REGIONS = ['flanders', 'brussels', 'wallonia'] as const;
/** Statements per page of the archive: a year of one charger. */
const PAGE_SIZE = 12;

/**
 * "Bedrijfswagen" in an address's settings (decision 192): the owner marks a charger as charging a company car and
 * names the employer's address and the CREG region; everyone who sees the address finds the monthly statements sent,
 * as PDF and CSV.
 */
export const loader = load(async (ctx, { params }) => {
  const site = await ctx.services.homeowner.site(ctx.actor, { siteId: params.siteId });
  const cars = await ctx.services.companyCars.ofSite(ctx.actor, { siteId: site.id });
  return { site: { id: site.id, address: site.address }, ...cars };
});

export const action = intentAction({
  'companyCar.mark': async (ctx, { fields }) => {
    await ctx.services.companyCars.mark(ctx.actor, fields);
    return done(ctx, 'companyCar.saved', { email: fields.employerEmail ?? '' });
  },
  'companyCar.unmark': async (ctx, { fields }) => {
    await ctx.services.companyCars.unmark(ctx.actor, fields);
    return done(ctx, 'companyCar.unmarked');
  },
  'companyCar.session': async (ctx, { fields }) => {
    await ctx.services.companyCars.markSession(ctx.actor, fields);
    return done(ctx, 'companyCar.sessions.saved');
  },
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Charger = Data['chargers'][number];
type Session = Charger['sessions'][number];
const SESSION_RULES = ['all', 'marked'] as const;
const MARKS = ['yes', 'no', 'none'] as const;

/** One session: when, how much, whether the statement counts it, and (for the owner) its mark (decision 304). */
function SessionRow({ session, siteId, canEdit }: { session: Session; siteId: number; canEdit: boolean }) {
  const t = useT();
  const f = useFormat();
  const { fetcher, submit } = useActionFetcher(`company-car-session-${session.id}`);
  const current = session.mark === null ? 'none' : session.mark ? 'yes' : 'no';
  return (
    <Table.Tr data-testid={`company-car-session-${session.id}`}>
      <Table.Td>{f.dateTime(session.startedAt)}</Table.Td>
      <Table.Td ta="right">{f.number(session.energyWh / 1000, 3)}</Table.Td>
      <Table.Td>
        {session.endedAt === null ? (
          <Badge variant="light" color="blue">
            {t('companyCar.sessions.running')}
          </Badge>
        ) : (
          <Badge variant="light" color={session.counts ? 'green' : 'gray'}>
            {t(session.counts ? 'companyCar.sessions.counts' : 'companyCar.sessions.notCounted')}
          </Badge>
        )}
      </Table.Td>
      {canEdit ? (
        <Table.Td>
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="companyCar.session" />
            <input type="hidden" name="siteId" value={siteId} />
            <input type="hidden" name="sessionId" value={session.id} />
            <Group gap={4} wrap="nowrap">
              {MARKS.map((m) => (
                <Button
                  key={m}
                  type="submit"
                  name="companyCar"
                  value={m}
                  size="compact-xs"
                  variant={m === current ? 'filled' : 'default'}
                  aria-pressed={m === current}
                  disabled={submit.disabled}
                >
                  {t(`companyCar.sessions.mark.${m}`)}
                </Button>
              ))}
            </Group>
          </fetcher.Form>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

function SessionMarks({ charger, data }: { charger: Charger; data: Data }) {
  const t = useT();
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('companyCar.sessions.title')}
      </Text>
      {charger.sessions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('companyCar.sessions.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid={`company-car-sessions-${charger.key}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('companyCar.sessions.start')}</Table.Th>
                <Table.Th ta="right">{t('companyCar.archive.kwh')}</Table.Th>
                <Table.Th>{t('companyCar.sessions.statement')}</Table.Th>
                {data.canEdit ? <Table.Th>{t('companyCar.sessions.mark')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {charger.sessions.map((s) => (
                <SessionRow key={s.id} session={s} siteId={data.site.id} canEdit={data.canEdit} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function ChargerCard({ charger, data }: { charger: Charger; data: Data }) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher(`company-car-${charger.id}`);
  const [unmarking, setUnmarking] = useState<Charger | null>(null);
  const region = (r: string) => t(`companyCar.region.${r as (typeof REGIONS)[number]}`);
  const car = charger.companyCar;
  return (
    <Card withBorder data-testid={`company-car-${charger.key}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <div>
            <Text fw={600}>{charger.name}</Text>
            <Text size="sm" c="dimmed">
              {car
                ? t('companyCar.charger.marked', { email: car.employerEmail, region: region(car.region) })
                : t('companyCar.charger.none')}
            </Text>
          </div>
          {car && data.canEdit ? (
            <Button variant="subtle" color="red" size="xs" onClick={() => setUnmarking(charger)}>
              {t('companyCar.unmark')}
            </Button>
          ) : null}
        </Group>
        {data.canEdit ? (
          <fetcher.Form method="post" aria-label={`${t('companyCar.menu')} ${charger.name}`}>
            <input type="hidden" name="intent" value="companyCar.mark" />
            <input type="hidden" name="siteId" value={data.site.id} />
            <input type="hidden" name="deviceId" value={charger.id} />
            <Stack gap="sm">
              <ActionResult result={result} />
              <Group grow align="flex-start" wrap="wrap">
                <TextInput
                  name="employerEmail"
                  type="email"
                  label={t('companyCar.employerEmail')}
                  description={t('companyCar.employerEmail.hint')}
                  defaultValue={car?.employerEmail ?? ''}
                  required
                  error={errors.employerEmail}
                />
                <NativeSelect
                  name="region"
                  label={t('companyCar.region')}
                  description={t('companyCar.region.hint', { region: region(data.defaultRegion) })}
                  defaultValue={car?.region ?? data.defaultRegion}
                  data={REGIONS.map((r) => ({ value: r, label: region(r) }))}
                  error={errors.region}
                />
                <NativeSelect
                  name="sessions"
                  label={t('companyCar.sessions.rule')}
                  description={t('companyCar.sessions.rule.hint')}
                  defaultValue={car?.sessions ?? 'all'}
                  data={SESSION_RULES.map((r) => ({ value: r, label: t(`companyCar.sessions.rule.${r}`) }))}
                  error={errors.sessions}
                />
              </Group>
              <Group>
                <Button type="submit" {...submit}>
                  {t('companyCar.save')}
                </Button>
              </Group>
            </Stack>
          </fetcher.Form>
        ) : null}
        {car ? <SessionMarks charger={charger} data={data} /> : null}
      </Stack>
      <ConfirmModal
        item={unmarking}
        onClose={() => setUnmarking(null)}
        title={t('companyCar.unmark')}
        intent="companyCar.unmark"
        submitLabel={t('companyCar.unmark')}
        fields={(c) => ({ siteId: data.site.id, deviceId: c.id })}
        message={(c) =>
          t('companyCar.unmarkConfirm', { charger: c.name, email: c.companyCar?.employerEmail ?? '' })
        }
      />
    </Card>
  );
}

function Archive({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const chargerName = new Map(data.chargers.map((c) => [c.id, c.name]));
  const pages = Math.max(1, Math.ceil(data.statements.length / PAGE_SIZE));
  const shown = data.statements.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const file = (id: number, format: 'pdf' | 'csv') =>
    `/app/sites/${data.site.id}/company-car/${id}?format=${format}`;
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        {t('companyCar.archive')}
      </Title>
      {data.statements.length === 0 ? (
        <Text c="dimmed">{t('companyCar.archive.none')}</Text>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table data-testid="company-car-statements">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('companyCar.archive.month')}</Table.Th>
                  <Table.Th>{t('companyCar.archive.charger')}</Table.Th>
                  <Table.Th>{t('companyCar.archive.version')}</Table.Th>
                  <Table.Th ta="right">{t('companyCar.archive.sessions')}</Table.Th>
                  <Table.Th ta="right">{t('companyCar.archive.kwh')}</Table.Th>
                  <Table.Th ta="right">{t('companyCar.archive.rate')}</Table.Th>
                  <Table.Th ta="right">{t('companyCar.archive.total')}</Table.Th>
                  <Table.Th>{t('companyCar.archive.sent')}</Table.Th>
                  <Table.Th>{t('companyCar.archive.files')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>{f.monthYear(s.month)}</Table.Td>
                    <Table.Td>{chargerName.get(s.deviceId) ?? '—'}</Table.Td>
                    <Table.Td>
                      {s.version > 1
                        ? t('companyCar.archive.correction', { n: s.version - 1 })
                        : t('companyCar.archive.first')}
                    </Table.Td>
                    <Table.Td ta="right">{f.number(s.sessions)}</Table.Td>
                    <Table.Td ta="right">{f.number(s.energyWh / 1000, 3)}</Table.Td>
                    <Table.Td ta="right">
                      {s.eurPerKwh === null ? '—' : formatEuro(locale, s.eurPerKwh, 4)}
                      {s.eurPerKwh !== null ? ` (${s.rateQuarter})` : ''}
                      {s.rateFinal ? null : (
                        <Badge ml={4} size="xs" color="yellow" variant="light">
                          {t('companyCar.archive.provisional')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{s.totalEur === null ? '—' : f.euro(s.totalEur)}</Table.Td>
                    <Table.Td>{s.sentAt ? f.date(s.sentAt) : t('companyCar.archive.notSent')}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor href={file(s.id, 'pdf')} size="sm">
                          PDF
                        </Anchor>
                        <Anchor href={file(s.id, 'csv')} size="sm">
                          CSV
                        </Anchor>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 ? <Pagination mt="sm" total={pages} value={page} onChange={setPage} /> : null}
        </Card>
      )}
    </Stack>
  );
}

export default function CompanyCar() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <SettingsHeader
        title={t('companyCar.menu')}
        address={data.site.address}
        back={{ to: `/app/sites/${data.site.id}/settings`, label: t('settings.title') }}
      />
      <Stack>
        <Text size="sm">{t('companyCar.intro')}</Text>
        {data.chargers.length === 0 ? (
          <Text c="dimmed">{t('companyCar.noChargers')}</Text>
        ) : (
          data.chargers.map((c) => <ChargerCard key={c.id} charger={c} data={data} />)
        )}
        {!data.canEdit && data.chargers.length > 0 ? (
          <Text size="sm" c="dimmed">
            {t('companyCar.ownerOnly')}
          </Text>
        ) : null}
        <Archive data={data} />
      </Stack>
    </>
  );
}

export function ErrorBoundary() {
  return <HomeError />;
}
