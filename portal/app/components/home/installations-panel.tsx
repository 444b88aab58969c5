import { deviceStatusText, formatDate, formatDateTime, formatKw } from '@ilumen/i18n';
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '@remix-run/react';
import { IconChevronRight } from '@tabler/icons-react';
import { useLocale, useT } from '~/lib/i18n';

export interface InstallationsData {
  gateways: Array<{
    id: number;
    serial: string;
    firmware: string | null;
    online: boolean;
    lastSeenAt: string | Date | null;
    activeSince: string | Date;
  }>;
  devices: Array<{
    id: number;
    type: string;
    name: string;
    serial: string;
    status: string | null;
    activeSince: string;
  }>;
}

const DEVICE_NAMES: Record<string, string> = { battery: 'iLubat', heat: 'iLuheat', charger: 'iLucharge' };

function Row({
  title,
  subtitle,
  serialLabel,
  serial,
  since,
  right,
}: {
  title: string;
  subtitle?: string;
  serialLabel: string;
  serial: string;
  since: string;
  right?: React.ReactNode;
}) {
  const t = useT();
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
      {/* the text column may shrink and wrap (an 18-digit EAN breaks rather than running under the badge) */}
      <div style={{ minWidth: 0, flex: 1 }}>
        <Text fw={600}>{title}</Text>
        {subtitle ? (
          <Text size="xs" c="dimmed">
            {subtitle}
          </Text>
        ) : null}
        <Text size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="installation-serial">
          {serialLabel}: {serial}
        </Text>
        <Text size="sm" c="dimmed">
          {t('installations.activeSince')} {since}
        </Text>
      </div>
      {right ? <div style={{ flexShrink: 0 }}>{right}</div> : null}
    </Group>
  );
}

/** "Installaties": the iLusmart and every device with its serial number (the EAN for the meter) and since when. */
export function InstallationsPanel({
  data,
  ilusmartHref,
}: {
  data: InstallationsData;
  ilusmartHref: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <Stack gap="sm">
      <Text size="sm">{t('installations.intro')}</Text>
      {data.gateways.length === 0 && data.devices.length === 0 ? (
        <Text c="dimmed">{t('installations.empty')}</Text>
      ) : null}
      {data.gateways.map((g) => (
        <Card key={`g${g.id}`} withBorder>
          <Row
            title={t('installations.ilusmart')}
            serialLabel={t('installations.serial')}
            serial={g.serial}
            since={formatDate(locale, new Date(g.activeSince))}
            right={
              ilusmartHref ? (
                <Group gap="xs" wrap="nowrap">
                  <Badge color={g.online ? 'green' : 'gray'} variant="light">
                    {g.online ? t('ilusmart.online') : t('ilusmart.offline')}
                  </Badge>
                  <Link to={ilusmartHref} aria-label={t('installations.open', { name: 'iLusmart' })}>
                    <IconChevronRight size={22} />
                  </Link>
                </Group>
              ) : null
            }
          />
        </Card>
      ))}
      {data.devices.map((d) => (
        <Card key={d.id} withBorder>
          <Row
            title={DEVICE_NAMES[d.type] ?? t(`devices.type.${d.type}`)}
            subtitle={d.name}
            serialLabel={d.type === 'meter' ? t('installations.ean') : t('installations.serial')}
            serial={d.serial}
            since={formatDate(locale, d.activeSince)}
            right={d.status ? <Badge variant="light">{deviceStatusText(t, d.type, d.status)}</Badge> : null}
          />
        </Card>
      ))}
      {data.gateways.length === 0 && ilusmartHref ? (
        <Card withBorder>
          <Group justify="space-between" wrap="nowrap">
            <Text>{t('installations.ilusmart')}</Text>
            <Link to={ilusmartHref} aria-label={t('installations.open', { name: 'iLusmart' })}>
              <IconChevronRight size={22} />
            </Link>
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}

export interface IlusmartData {
  gateway: {
    serial: string;
    firmware: string | null;
    hardware: string | null;
    online: boolean;
    lastSeenAt: string | Date | null;
  } | null;
  meters: Array<{ ean: string; activeSince: string; energyType: string }>;
  grid: { phases: number; mainFuseA: number };
  capacity: {
    month: string;
    peak: {
      quartersW: number | null;
      quartersAt: string | null;
      meterW: number | null;
      meterAt: string | null;
      /** The one that counts (decision 091). */
      countedW: number | null;
      countedAt: string | null;
    };
    rolling: { averageW: number };
  } | null;
  /** The running quarter's average from the latest live values, when the gateway sent any lately. */
  quarterAverageW: number | null;
}

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </div>
  );
}

/** The iLusmart's technical page: the gateway, the digital meter and the capacity tariff ("Piektarief"). */
export function IlusmartPanel({ data }: { data: IlusmartData }) {
  const t = useT();
  const locale = useLocale();
  // the peak that counts: the meter's or our quarters', reconciled in the service (decision 091)
  const peakW = data.capacity?.peak.countedW ?? null;
  const peakAt = data.capacity?.peak.countedAt ?? null;
  return (
    <Stack>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('ilusmart.gateway')}
        </Title>
        {data.gateway ? (
          <SimpleGrid cols={2}>
            <Fact label={t('installations.serial')} value={data.gateway.serial} />
            <Fact label={t('ilusmart.firmware')} value={data.gateway.firmware ?? '—'} />
            <Fact
              label={t('common.status')}
              value={data.gateway.online ? t('ilusmart.online') : t('ilusmart.offline')}
            />
            <Fact
              label={t('ilusmart.lastSeen')}
              value={
                data.gateway.lastSeenAt ? formatDateTime(locale, new Date(data.gateway.lastSeenAt)) : '—'
              }
            />
          </SimpleGrid>
        ) : (
          <Text c="dimmed">{t('ilusmart.none')}</Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('ilusmart.meter')}
        </Title>
        {data.meters.length === 0 ? <Text c="dimmed">{t('ilusmart.noMeter')}</Text> : null}
        {data.meters.map((m) => (
          // an 18-digit EAN takes a phone's whole width: side by side it ran over "Actief sinds"
          <SimpleGrid cols={{ base: 1, xs: 2 }} key={m.ean} mb="xs" data-testid="meter-facts">
            <Fact label={t('installations.ean')} value={m.ean} />
            <Fact label={t('installations.activeSince')} value={formatDate(locale, m.activeSince)} />
          </SimpleGrid>
        ))}
        <Fact
          label={t('ilusmart.grid')}
          value={`${t(`sites.gridPhases.${data.grid.phases}`)} · ${data.grid.mainFuseA} A`}
        />
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          {t('ilusmart.capacity')}
        </Title>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {/* the 15-minute value is the latest at page load; live updates could go here (decision 005) */}
          <Fact
            label={t('ilusmart.capacity.quarter')}
            value={data.quarterAverageW !== null ? formatKw(locale, data.quarterAverageW) : '—'}
            hint={
              data.quarterAverageW !== null
                ? t('ilusmart.capacity.quarterHint')
                : t('ilusmart.capacity.liveSoon')
            }
          />
          <Fact
            label={t('ilusmart.capacity.month')}
            value={peakW !== null ? formatKw(locale, peakW) : t('ilusmart.capacity.noData')}
            hint={t('ilusmart.capacity.monthHint')}
          />
          <Fact
            label={t('ilusmart.capacity.at')}
            value={peakAt ? formatDateTime(locale, new Date(peakAt)) : '—'}
          />
          <Fact
            label={t('ilusmart.capacity.average')}
            value={
              data.capacity ? formatKw(locale, data.capacity.rolling.averageW) : t('ilusmart.capacity.noData')
            }
          />
        </SimpleGrid>
        <Alert color="gray" variant="light" mt="sm">
          {t('ilusmart.capacity.minimum')}
        </Alert>
        {/* "Piektarief" settings (threshold W, reserve %) and dynamic charging are on the iLuStore pages (decisions 050–055) */}
      </Card>
    </Stack>
  );
}
