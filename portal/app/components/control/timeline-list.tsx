import { deviceStatusText } from '@ilumen/i18n';
import { Anchor, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { Link, useSearchParams } from '@remix-run/react';
import { useFormat, useT } from '~/lib/i18n';
import { anomalyText } from '../console/anomalies-card';
import { homeControlLinks } from './control-links';
import { controllerLabel, decisionFailureText, decisionText } from './decision-text';

export interface TimelineData {
  siteId: number;
  items: Array<{
    id: number;
    ts: string;
    type: string;
    deviceKey: string | null;
    controller: string | null;
    action: string | null;
    reason: string | null;
    code: string | null;
    values: Record<string, string | number | boolean | null> | null;
    result: string | null;
    status: { from: string | null; to: string | null } | null;
    /** A value refused as implausible (decision 090). */
    anomaly?: {
      code: string;
      field: string;
      value: number | string;
      limit: number | string | null;
      source: string;
    } | null;
  }>;
  cursor: string | null;
}

const COLORS: Record<string, string> = {
  peakShaving: 'orange',
  loadBalancing: 'blue',
  dynamicCharging: 'green',
  maintenance: 'grape',
  charging: 'cyan',
  chargeTimers: 'teal',
};

/**
 * Every decision of the gateway with its reason, newest first, grouped by day: in the reader's language from its code,
 * with the gateway's own words underneath (what support reads).
 */
export function TimelineList({
  data,
  devices,
  show,
  storeHref = homeControlLinks(data.siteId).store,
}: {
  data: TimelineData;
  devices: Record<string, string>;
  show: 'decisions' | 'all';
  /** Where "Naar de iLuStore" leads: the homeowner's iLuStore, or the console's modules list. */
  storeHref?: string;
}) {
  const t = useT();
  const f = useFormat();
  const [params] = useSearchParams();
  const name = (key: string | null) => (key ? (devices[key] ?? key) : '');
  const days = new Map<string, TimelineData['items']>();
  for (const item of data.items) {
    const day = f.date(item.ts);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  const next = new URLSearchParams(params);
  if (data.cursor) next.set('cursor', data.cursor);
  return (
    <Stack>
      <Group gap="xs" component="nav" aria-label={t('control.timeline.title')}>
        <Button component={Link} to="?" size="xs" variant={show === 'decisions' ? 'filled' : 'light'}>
          {t('control.timeline.showDecisions')}
        </Button>
        <Button component={Link} to="?show=all" size="xs" variant={show === 'all' ? 'filled' : 'light'}>
          {t('control.timeline.showAll')}
        </Button>
      </Group>
      {data.items.length === 0 ? <Text c="dimmed">{t('control.timeline.empty')}</Text> : null}
      {[...days].map(([day, items]) => (
        <Stack key={day} gap="xs">
          <Text fw={700} size="sm">
            {day}
          </Text>
          {items.map((item) => {
            const text = item.anomaly
              ? anomalyText(t, f, item.anomaly)
              : item.type === 'device.status' && item.status
                ? t('control.timeline.status', {
                    device: name(item.deviceKey),
                    from: deviceStatusText(t, null, item.status.from),
                    to: deviceStatusText(t, null, item.status.to),
                  })
                : (decisionText(t, f, item, name) ?? t('control.action.other'));
            return (
              <Card
                key={item.id}
                withBorder
                padding="sm"
                data-testid="timeline-item"
                data-code={item.code ?? undefined}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Badge variant="light" color={COLORS[item.controller ?? ''] ?? 'gray'}>
                    {item.controller
                      ? controllerLabel(t, item.controller)
                      : item.anomaly
                        ? t('control.timeline.implausible')
                        : item.type}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {f.time(item.ts).slice(0, 5)}
                  </Text>
                </Group>
                {/* the iLusmart's own words (English, technical) stay one hover away for the support desk */}
                <Text size="sm" mt={4} title={item.reason ?? undefined}>
                  {text}
                </Text>
                {item.result && item.result !== 'ok' ? (
                  <Text size="xs" c="red" mt={2}>
                    {decisionFailureText(t, item.result)}
                  </Text>
                ) : null}
              </Card>
            );
          })}
        </Stack>
      ))}
      {data.cursor ? (
        <Group>
          <Button component={Link} to={`?${next}`} variant="light">
            {t('control.timeline.more')}
          </Button>
        </Group>
      ) : null}
      <Anchor component={Link} to={storeHref} size="sm">
        {t('control.openStore')}
      </Anchor>
    </Stack>
  );
}
