import { Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IntentForm } from '~/components/console/intent-form';
import { useFormat, useT } from '~/lib/i18n';
import type { TroubleshootData as Data } from './data';

export function Registers({ data }: { data: Data }) {
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
