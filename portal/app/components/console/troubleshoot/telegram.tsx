import type { TelegramValue } from '@ilumen/services';
import { Badge, Card, Code, Group, Table, Tabs, Text, Title } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';

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

export function Telegram({ data }: { data: Data }) {
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
