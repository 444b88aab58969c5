import { deviceStatusText, faultActionKey, faultText } from '@ilumen/i18n';
import { Card, Stack, Text, Title } from '@mantine/core';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';

/** The latest live values and every device with its status and, for a fault, what to do. */
export function LivePanel({ data }: { data: Data }) {
  const t = useT();
  const f = useFormat();
  const live = data.live?.live;
  return (
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
            {t(`devices.type.${d.type}`)} · {d.model} · {d.serial} · {deviceStatusText(t, d.type, d.status)}
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
  );
}
