import {
  deviceErrorText,
  deviceStatusText,
  faultActionKey,
  faultText,
  isMessageKey,
  refusalText,
} from '@ilumen/i18n';
import { EVENT_FILTERS, type TelegramValue } from '@ilumen/services';
import {
  Anchor,
  Badge,
  Card,
  Code,
  Group,
  NativeSelect,
  Pagination,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { alarmText } from '~/components/console/alarm-text';
import { AnomaliesCard } from '~/components/console/anomalies-card';
import { ConsoleLink } from '~/components/console/console-links';
import { IntentForm } from '~/components/console/intent-form';
import { SeverityBadge } from '~/components/console/severity-badge';
import { GatewayCommands } from '~/components/console/troubleshoot/gateway-commands';
import { usePoll } from '~/components/console/use-poll';
import { controllerLabel, type DecisionItem, decisionText } from '~/components/control/decision-text';
import { PageHeader } from '~/components/page-header';
import { type T, useFormat, useT } from '~/lib/i18n';
import { pageTitle } from '~/lib/meta';
import { done } from '~/server/intents.server';
import { intentAction, loader as load } from '~/server/route.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, 'title.troubleshoot', {
    before: data ? `${data.site.street} ${data.site.house_number}` : undefined,
  }),
];

export const loader = load(async (ctx, { params, request }) => {
  const site = await ctx.services.sites.get(ctx.actor, { siteId: params.siteId });
  const search = new URL(request.url).searchParams;
  const [overview, events] = await Promise.all([
    ctx.services.troubleshooting.overview(ctx.actor, { siteId: site.id }),
    ctx.services.troubleshooting.events(ctx.actor, {
      siteId: site.id,
      page: search.get('eventsPage') ?? '1',
      type: search.get('eventType') ?? '',
    }),
  ]);
  return {
    site: {
      id: site.id,
      street: site.street,
      house_number: site.house_number,
      postal_code: site.postal_code,
      city: site.city,
    },
    ...overview,
    events,
    eventFilters: [...EVENT_FILTERS],
  };
});

export const action = intentAction({
  'registers.read': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.readRegisters(ctx.actor, fields);
    return done(ctx, 'troubleshoot.registers.sent');
  },
  'modbus.scan': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.scanModbus(ctx.actor, fields);
    return done(ctx, 'troubleshoot.scan.sent');
  },
  'gateway.reboot': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.reboot(ctx.actor, fields);
    return done(ctx, 'troubleshoot.reboot.sent');
  },
  'log.tail': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.tailLog(ctx.actor, fields);
    return done(ctx, 'troubleshoot.log.sent');
  },
  'telegram.request': async (ctx, { fields }) => {
    await ctx.services.troubleshooting.requestTelegram(ctx.actor, fields);
    return done(ctx, 'commands.status.sent');
  },
});

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </div>
  );
}

function GatewayCard({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const g = data.gateway;
  if (!g)
    return (
      <Card withBorder>
        <Text c="dimmed">{t('troubleshoot.noGateway')}</Text>
      </Card>
    );
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('troubleshoot.gateway')} {g.serial}
        </Title>
        <Badge color={g.online ? 'green' : 'red'} size="lg" variant="light" data-testid="gateway-online">
          {g.online ? t('troubleshoot.online') : t('troubleshoot.offline')}
          {g.online_changed_at
            ? ` · ${t('troubleshoot.since', { time: f.dateTime(g.online_changed_at) })}`
            : ''}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Field label={t('troubleshoot.firmware')}>{g.firmware_version ?? '—'}</Field>
        <Field label={t('troubleshoot.hardware')}>{g.hardware_revision ?? '—'}</Field>
        <Field label={t('troubleshoot.lastSeen')}>
          {g.last_seen_at ? f.dateTime(g.last_seen_at) : t('fleet.never')}
        </Field>
        <Field label={t('troubleshoot.uptime')}>
          {g.uptime_s !== null ? `${f.number(g.uptime_s / 3600, 1)} h` : '—'}
        </Field>
        <Field label={t('troubleshoot.config')}>
          {data.config
            ? `v${data.config.version} · ${t(`config.status.${data.config.state}`, { reason: refusalText(t, data.config.error) })}`
            : '—'}
        </Field>
      </SimpleGrid>
    </Card>
  );
}

function Connectivity({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.connectivity')}
      empty={data.connectivity.length === 0 ? t('troubleshoot.connectivity.empty') : null}
    >
      {data.connectivity.map((c) => (
        <Table.Tr key={`${c.at}-${c.reason}-${c.online}`}>
          <Table.Td>{f.dateTime(c.at)}</Table.Td>
          <Table.Td>
            <Badge color={c.online ? 'green' : 'red'} variant="light">
              {c.online ? t('troubleshoot.online') : t('troubleshoot.offline')}
            </Badge>
          </Table.Td>
          <Table.Td>{t(`troubleshoot.reason.${c.reason}`)}</Table.Td>
          <Table.Td>{c.firmware_version ?? ''}</Table.Td>
        </Table.Tr>
      ))}
    </TableCard>
  );
}

function Registers({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const devices = data.devices.filter((d) => d.modbus);
  const last = data.commands.find((c) => c.name === 'modbus.read');
  const registers =
    last?.status === 'succeeded'
      ? ((last.result as unknown as { registers?: number[] } | null)?.registers ?? [])
      : [];
  const args = (last?.args ?? {}) as unknown as { address?: number };
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb={4}>
        {t('troubleshoot.registers.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('troubleshoot.registers.help')}
      </Text>
      {devices.length === 0 ? (
        <Text c="dimmed">{t('troubleshoot.registers.noDevices')}</Text>
      ) : data.canDiagnose ? (
        <IntentForm intent="registers.read" submitLabel={t('troubleshoot.registers.read')}>
          {(errors) => (
            <Group align="start">
              <NativeSelect
                label={t('troubleshoot.registers.device')}
                name="deviceId"
                data={devices.map((d) => ({
                  value: String(d.id),
                  label: `${t(`devices.type.${d.type}`)} ${d.model} (#${d.modbus?.unitId})`,
                }))}
                error={errors.deviceId}
              />
              <TextInput
                label={t('troubleshoot.registers.address')}
                name="address"
                defaultValue="0"
                inputMode="numeric"
                w={110}
                error={errors.address}
              />
              <TextInput
                label={t('troubleshoot.registers.count')}
                name="count"
                defaultValue="10"
                inputMode="numeric"
                w={90}
                error={errors.count}
              />
              <NativeSelect
                label={t('troubleshoot.registers.kind')}
                name="kind"
                data={[
                  { value: 'holding', label: t('troubleshoot.registers.holding') },
                  { value: 'input', label: t('troubleshoot.registers.input') },
                ]}
                error={errors.kind}
              />
            </Group>
          )}
        </IntentForm>
      ) : null}
      {last ? (
        <Stack gap={4} mt="sm" data-testid="register-result">
          <Text size="sm" fw={600}>
            {t('troubleshoot.registers.result', { time: f.dateTime(last.issuedAt) })} ·{' '}
            {t(`commands.status.${last.status}`)}
            {last.errorMessage ? ` — ${last.errorMessage}` : ''}
          </Text>
          {last.status === 'sent' ? (
            <Text size="sm" c="dimmed">
              {t('troubleshoot.registers.waiting')}
            </Text>
          ) : null}
          {registers.length > 0 ? (
            <Table striped withTableBorder maw={420}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('troubleshoot.registers.register')}</Table.Th>
                  <Table.Th>{t('troubleshoot.registers.decimal')}</Table.Th>
                  <Table.Th>{t('troubleshoot.registers.hex')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {registers
                  .map((v, i) => ({ address: (args.address ?? 0) + i, v }))
                  .map(({ address, v }) => (
                    <Table.Tr key={address}>
                      <Table.Td>{address}</Table.Td>
                      <Table.Td>{v}</Table.Td>
                      <Table.Td ff="monospace">0x{v.toString(16).toUpperCase().padStart(4, '0')}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

/** A telegram value as the desk reads it: meter stamps in Belgian time, measurements in the reader's number format. */
function telegramValue(
  v: TelegramValue,
  t: ReturnType<typeof useT>,
  f: ReturnType<typeof useFormat>,
): string {
  if (v.at === null) return t('troubleshoot.telegram.noValue');
  if (v.at) return `${f.date(v.at)} ${f.time(v.at)}`;
  if (v.number !== undefined) return `${f.number(v.number, v.value.split('.')[1]?.length ?? 0)} ${v.unit}`;
  return `${v.value}${v.unit ? ` ${v.unit}` : ''}`;
}

function Telegram({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const tg = data.telegram;
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {t('troubleshoot.telegram.title')}
        </Title>
        {data.canDiagnose && data.gateway ? (
          <IntentForm intent="telegram.request" submitLabel={t('troubleshoot.telegram.request')} />
        ) : null}
      </Group>
      {!tg ? (
        <Text c="dimmed">{t('troubleshoot.telegram.none')}</Text>
      ) : !tg.raw ? (
        <Text c="dimmed">{t('troubleshoot.telegram.empty')}</Text>
      ) : null}
      {tg?.raw && tg.parsed ? (
        <>
          <Group gap="xs" mb="xs">
            {tg.receivedAt ? (
              <Text size="sm">
                {t('troubleshoot.telegram.receivedAt', { time: f.dateTime(tg.receivedAt) })}
              </Text>
            ) : null}
            {tg.parsed.crc.ok === null ? null : tg.parsed.crc.ok ? (
              <Badge color="green" variant="light">
                {t('troubleshoot.telegram.crcOk', { crc: tg.parsed.crc.computed })}
              </Badge>
            ) : (
              <Badge color="red" variant="light">
                {t('troubleshoot.telegram.crcBad', {
                  given: tg.parsed.crc.given ?? '',
                  computed: tg.parsed.crc.computed,
                })}
              </Badge>
            )}
            {tg.ok === false && tg.reason ? (
              <Badge color="red">{t('troubleshoot.telegram.refused', { reason: tg.reason })}</Badge>
            ) : null}
          </Group>
          <Tabs defaultValue="parsed">
            <Tabs.List>
              <Tabs.Tab value="parsed">{t('troubleshoot.telegram.parsed')}</Tabs.Tab>
              <Tabs.Tab value="raw">{t('troubleshoot.telegram.raw')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="parsed" pt="xs">
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('troubleshoot.telegram.obis')}</Table.Th>
                    <Table.Th>{t('troubleshoot.telegram.meaning')}</Table.Th>
                    <Table.Th>{t('troubleshoot.telegram.value')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tg.parsed.lines
                    .map((l, i) => ({ ...l, key: `${l.obis}#${i}` }))
                    .map((l) => (
                      <Table.Tr key={l.key}>
                        <Table.Td ff="monospace">{l.obis}</Table.Td>
                        <Table.Td>{l.labelKey ? t(l.labelKey) : ''}</Table.Td>
                        <Table.Td ff="monospace">
                          {l.text ?? l.values.map((v) => telegramValue(v, t, f)).join(' · ')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Tabs.Panel>
            <Tabs.Panel value="raw" pt="xs">
              <Code block data-testid="telegram-raw">
                {tg.raw}
              </Code>
            </Tabs.Panel>
          </Tabs>
        </>
      ) : null}
    </Card>
  );
}

function Timeline({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'eventsPage') next.delete('eventsPage');
    setParams(next, { preventScrollReset: true });
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {t('troubleshoot.events.title')}
        </Title>
        <NativeSelect
          aria-label={t('troubleshoot.events.filter')}
          value={params.get('eventType') ?? ''}
          onChange={(e) => set('eventType', e.currentTarget.value || null)}
          data={[
            { value: '', label: t('common.all') },
            ...data.eventFilters.map((v) => ({ value: v, label: t(`troubleshoot.events.type.${v}`) })),
          ]}
        />
      </Group>
      {data.events.rows.length === 0 ? <Text c="dimmed">{t('troubleshoot.events.empty')}</Text> : null}
      <Table>
        <Table.Tbody>
          {data.events.rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td w={170}>{f.dateTime(e.ts)}</Table.Td>
              <Table.Td w={150}>
                <Badge
                  variant="light"
                  color={
                    e.type === 'control.decision'
                      ? 'blue'
                      : e.type.endsWith('error') ||
                          (e.type === 'device.status' && (e.payload as { to?: string }).to === 'Fout')
                        ? 'red'
                        : 'gray'
                  }
                >
                  {isMessageKey(`troubleshoot.events.type.${e.type}`)
                    ? t(`troubleshoot.events.type.${e.type}`)
                    : e.type}
                </Badge>
              </Table.Td>
              <Table.Td>
                {e.device ? (
                  <Text size="sm" fw={500}>
                    {t(`devices.type.${e.device.type}`)} {e.device.model}{' '}
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {e.device.key}
                    </Text>
                  </Text>
                ) : e.device_key ? (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {e.device_key}
                  </Text>
                ) : null}
                <Text
                  size="sm"
                  ff="monospace"
                  style={{ wordBreak: 'break-word' }}
                  // the gateway's own words (English, technical) stay one hover away for the support desk
                  title={typeof e.payload.message === 'string' ? e.payload.message : undefined}
                >
                  {summarize(t, f, e.type, e.payload)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {data.events.total > data.events.pageSize ? (
        <Pagination
          mt="sm"
          size="sm"
          total={Math.ceil(data.events.total / data.events.pageSize)}
          value={data.events.page}
          onChange={(p) => set('eventsPage', String(p))}
        />
      ) : null}
    </Card>
  );
}

/** One line per event: statuses as from → to with the fault, control decisions with their reason. */
function summarize(t: T, f: ReturnType<typeof useFormat>, type: string, p: Record<string, unknown>): string {
  if (type === 'device.status') {
    const err = p.error as { code?: string; text?: string } | undefined;
    const status = (s: unknown) => (typeof s === 'string' ? deviceStatusText(t, null, s) : '∅');
    return `${status(p.from)} → ${status(p.to)}${err ? ` (${err.code}: ${faultText(t, err.code, err.text)})` : ''}`;
  }
  if (type === 'control.decision') {
    const values = (p.values as DecisionItem['values'] | undefined) ?? null;
    const item = {
      type,
      controller: typeof p.controller === 'string' ? p.controller : null,
      action: typeof p.action === 'string' ? p.action : null,
      reason: typeof p.reason === 'string' ? p.reason : null,
      code: typeof values?.code === 'string' ? values.code : null,
      values,
      deviceKey: null,
    };
    return `${controllerLabel(t, item.controller)}: ${decisionText(t, f, item, (k) => k ?? '') ?? `${p.action} — ${p.reason}`}`;
  }
  if (type === 'modbus.error' || type === 'p1.error') {
    const text = deviceErrorText(t, type === 'p1.error' ? 'p1' : 'modbus', String(p.code ?? ''));
    const unit =
      typeof p.unitId === 'number' ? ` · ${t('troubleshoot.deviceError.unit', { unit: p.unitId })}` : '';
    const count =
      typeof p.count === 'number' ? ` · ${t('troubleshoot.deviceError.times', { count: p.count })}` : '';
    return `${text}${unit}${count}`;
  }
  return JSON.stringify(p).slice(0, 300);
}

function Commands({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.commands.title')}
      empty={data.commands.length === 0 ? t('troubleshoot.commands.empty') : null}
      maxHeight={320}
      testId="recent-commands"
    >
      {data.commands.map((c) => (
        <Table.Tr key={c.id}>
          <Table.Td w={170}>{f.dateTime(c.issuedAt)}</Table.Td>
          <Table.Td ff="monospace">{c.name}</Table.Td>
          <Table.Td>
            <Badge
              variant="light"
              color={c.status === 'succeeded' ? 'green' : c.status === 'sent' ? 'blue' : 'red'}
              style={{ whiteSpace: 'nowrap' }}
            >
              {t(`commands.badge.${c.status}`)}
            </Badge>
            <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-word' }} mt={2}>
              {c.errorMessage ??
                (c.result && c.name !== 'p1.lastTelegram' ? JSON.stringify(c.result).slice(0, 120) : '')}
            </Text>
          </Table.Td>
        </Table.Tr>
      ))}
    </TableCard>
  );
}

function Refused({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  return (
    <TableCard
      title={t('troubleshoot.refused.title')}
      empty={data.refused.length === 0 ? t('troubleshoot.refused.empty') : null}
    >
      {data.refused
        .map((r, i) => ({ ...r, key: `${r.at}#${i}` }))
        .map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td w={170}>{f.dateTime(r.at)}</Table.Td>
            <Table.Td ff="monospace">{r.topic.split('/').at(-1)}</Table.Td>
            <Table.Td>
              <Text size="sm">{refusalText(t, r.reason)}</Text>
              <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {r.sample.slice(0, 160)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
    </TableCard>
  );
}

export default function Troubleshoot() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const f = useFormat();
  usePoll(data.commands.some((c) => c.status === 'sent'));
  const live = data.live?.live;
  return (
    <Stack>
      <PageHeader
        title={`${t('troubleshoot.title')} · ${data.site.street} ${data.site.house_number}, ${data.site.postal_code} ${data.site.city}`}
      >
        <Anchor component={Link} to={`/console/sites/${data.site.id}`}>
          {t('alarms.openSite')}
        </Anchor>
      </PageHeader>
      <GatewayCard data={data} />
      {data.alarms.length > 0 ? (
        <Card withBorder>
          <Title order={2} size="h5" mb="sm">
            {t('troubleshoot.alarms')}
          </Title>
          <Stack gap={6}>
            {data.alarms.map((a) => (
              <Group key={a.id} gap="xs" wrap="nowrap">
                <SeverityBadge severity={a.severity} />
                <Badge variant="light" color={a.status === 'open' ? 'red' : 'green'}>
                  {t(`alarms.status.${a.status}`)}
                </Badge>
                <ConsoleLink target="alarm" to={`/console/alarms/${a.id}`} size="sm">
                  {t(`alarms.kind.${a.kind}`)}: {alarmText(t, a)}
                </ConsoleLink>
                <Text size="xs" c="dimmed">
                  {f.dateTime(a.raisedAt)}
                </Text>
              </Group>
            ))}
          </Stack>
        </Card>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Connectivity data={data} />
        <Card withBorder>
          <Title order={2} size="h5" mb="sm">
            {t('troubleshoot.live')}
          </Title>
          {!live ? (
            <Text c="dimmed">{t('troubleshoot.live.none')}</Text>
          ) : (
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {f.dateTime(data.live!.receivedAt)}
              </Text>
              {live.grid ? (
                <Text size="sm">
                  {t('troubleshoot.live.p1', {
                    import: f.kw(live.grid.importW),
                    export: f.kw(live.grid.exportW),
                  })}
                  {(['l1', 'l2', 'l3'] as const)
                    .map((p) => live.grid?.phases?.[p])
                    .filter(Boolean)
                    .map(
                      (p) =>
                        ` · ${p?.voltageV === undefined ? '— V' : f.quantity(p.voltageV, 'V', 1)} ${p?.currentA === undefined ? '— A' : f.quantity(p.currentA, 'A', 1)}`,
                    )
                    .join('')}
                </Text>
              ) : (
                <Text size="sm" c="red.8">
                  {t('commissioning.check.p1.none')}
                </Text>
              )}
              {live.pv ? (
                <Text size="sm">
                  {t('commissioning.check.pv.label')}: {f.kw(live.pv.w)}
                </Text>
              ) : null}
              {live.battery ? (
                <Text size="sm">
                  {t('commissioning.check.battery.label')}: {f.kw(live.battery.w)} ·{' '}
                  {f.number(live.battery.socPct)} % · {deviceStatusText(t, 'battery', live.battery.status)}
                </Text>
              ) : null}
              {live.chargers?.map((c) => (
                <Text key={c.id} size="sm">
                  {t('commissioning.check.charger.label')}: {f.kw(c.w)} ·{' '}
                  {deviceStatusText(t, 'charger', c.status)}
                </Text>
              ))}
              {live.heat ? (
                <Text size="sm">
                  {t('commissioning.check.heat.label')}: {f.number(live.heat.tempC, 1)} °C ·{' '}
                  {deviceStatusText(t, 'heat', live.heat.status)}
                </Text>
              ) : null}
            </Stack>
          )}
          <Title order={3} size="h6" mt="md" mb={4}>
            {t('troubleshoot.devices')}
          </Title>
          {data.devices.map((d) => (
            <div key={d.id}>
              <Text size="sm">
                {t(`devices.type.${d.type}`)} · {d.model} · {d.serial} ·{' '}
                {deviceStatusText(t, d.type, d.status)}
                {d.status_code ? ` (${d.status_code}: ${faultText(t, d.status_code, d.status_text)})` : ''}
              </Text>
              {d.status_code ? (
                <Text size="sm" c="orange.9" data-testid="fault-advice">
                  {t('fault.action.title')}: {t(faultActionKey(d.status_code))}
                </Text>
              ) : null}
            </div>
          ))}
        </Card>
      </SimpleGrid>
      <Registers data={data} />
      {data.canDiagnose && data.gateway ? (
        <GatewayCommands serial={data.gateway.serial} commands={data.commands} />
      ) : null}
      <Telegram data={data} />
      <Timeline data={data} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Commands data={data} />
        <Refused data={data} />
      </SimpleGrid>
      <AnomaliesCard anomalies={data.anomalies} />
    </Stack>
  );
}

/** A titled card holding a scrolling table of rows, or what to say when there are none. */
function TableCard({
  title,
  empty,
  maxHeight = 260,
  testId,
  children,
}: {
  title: string;
  empty: string | null;
  maxHeight?: number;
  testId?: string;
  children: React.ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {empty ? <Text c="dimmed">{empty}</Text> : null}
      <ScrollArea.Autosize mah={maxHeight}>
        <Table>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Card>
  );
}
