import { deviceErrorText, deviceStatusText, faultText } from '@ilumen/i18n';
import { Badge, Card, Group, NativeSelect, Pagination, Table, Text, Title } from '@mantine/core';
import { useSearchParams } from '@remix-run/react';
import {
  controllerLabel,
  type DecisionItem,
  decisionText,
  maintenanceReasonText,
} from '~/components/control/decision-text';
import { type T, useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';

export function Timeline({ data }: { data: Data }) {
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
                  {t.has(`troubleshoot.events.type.${e.type}`)
                    ? t(`troubleshoot.events.type.${e.type}`)
                    : e.type.startsWith('charge.')
                      ? t('troubleshoot.events.type.charge')
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
                  title={
                    typeof e.payload.message === 'string'
                      ? e.payload.message
                      : typeof e.payload.reason === 'string'
                        ? e.payload.reason
                        : undefined
                  }
                >
                  {summarize(t, f, e.type, e.payload, (k) =>
                    e.device ? `${t(`devices.type.${e.device.type}`)} ${e.device.model}` : (k ?? ''),
                  )}
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
function summarize(
  t: T,
  f: ReturnType<typeof useFormat>,
  type: string,
  p: Record<string, unknown>,
  deviceName: (key: string | null) => string,
): string {
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
    return `${controllerLabel(t, item.controller)}: ${decisionText(t, f, item, deviceName) ?? ''}`;
  }
  if (type === 'maintenance.progress') {
    const item = {
      type,
      controller: 'maintenance',
      action: typeof p.phase === 'string' ? p.phase : null,
      reason: null,
      code: typeof p.phase === 'string' ? `mnt.${p.phase}` : null,
      values: typeof p.socPct === 'number' ? { socPct: p.socPct } : null,
      deviceKey: null,
    };
    const why = typeof p.reason === 'string' ? ` · ${maintenanceReasonText(t, p.reason)}` : '';
    return `${controllerLabel(t, item.controller)}: ${decisionText(t, f, item, (k) => k ?? '') ?? ''}${why}`;
  }
  const charge = /^charge\.session\.(start|energy|stop)$/.exec(type);
  if (charge) {
    return t(`troubleshoot.charge.${charge[1]}`, {
      mode: t('troubleshoot.charge.mode', { mode: p.mode === 'fast' ? 'fast' : 'smart' }),
      energy: typeof p.energyWh === 'number' ? f.kwh(p.energyWh) : '—',
    });
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
