import type { CommandResult } from '@ilumen/mqtt-contract';
import {
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IntentForm } from '~/components/console/intent-form';
import { useFormat, useT } from '~/lib/i18n';

/** A command as the troubleshooting page lists it (the service's `present`). */
interface CommandView {
  name: string;
  status: string;
  issuedAt: string;
  args: unknown;
  result: unknown;
  errorMessage: string | null;
}

/** One command's card: what it does, its form, and the answer to the last one sent. */
function CommandCard({
  title,
  help,
  form,
  last,
  heading,
  testId,
  children,
}: {
  title: string;
  help: string;
  form: React.ReactNode;
  last: CommandView | undefined;
  heading: string;
  testId: string;
  children: React.ReactNode;
}) {
  const t = useT();
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb={4}>
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {help}
      </Text>
      {form}
      {last ? (
        <Stack gap={4} mt="sm" data-testid={testId}>
          <Text size="sm" fw={600}>
            {heading}
          </Text>
          <Text size="sm" c={last.status === 'failed' || last.status === 'expired' ? 'red.8' : 'dimmed'}>
            {t(`commands.status.${last.status}`)}
            {last.errorMessage ? ` — ${last.errorMessage}` : ''}
          </Text>
          {children}
        </Stack>
      ) : null}
    </Card>
  );
}

function Scan({ last }: { last: CommandView | undefined }) {
  const t = useT();
  const f = useFormat();
  const found = last?.status === 'succeeded' ? (last.result as CommandResult<'modbus.scan'>).devices : [];
  const endpoint = (last?.args as { endpoint?: { host?: string; port?: number; path?: string } } | undefined)
    ?.endpoint;
  return (
    <CommandCard
      title={t('troubleshoot.scan.title')}
      help={t('troubleshoot.scan.help')}
      last={last}
      testId="scan-result"
      heading={t('troubleshoot.scan.result', {
        time: last ? f.dateTime(last.issuedAt) : '',
        endpoint: endpoint?.host ? `${endpoint.host}:${endpoint.port}` : (endpoint?.path ?? ''),
      })}
      form={
        <IntentForm intent="modbus.scan" submitLabel={t('troubleshoot.scan.start')}>
          {(errors) => (
            <Group align="start">
              <TextInput
                name="endpoint"
                label={t('troubleshoot.scan.endpoint')}
                placeholder="192.168.1.20"
                error={errors.endpoint}
                w={200}
              />
              <TextInput
                name="unitFrom"
                label={t('commissioning.scan.unitFrom')}
                defaultValue="1"
                inputMode="numeric"
                error={errors.unitFrom}
                w={100}
              />
              <TextInput
                name="unitTo"
                label={t('commissioning.scan.unitTo')}
                defaultValue="10"
                inputMode="numeric"
                error={errors.unitTo}
                w={100}
              />
            </Group>
          )}
        </IntentForm>
      }
    >
      {last?.status === 'succeeded' && found.length === 0 ? (
        <Text size="sm">{t('troubleshoot.scan.none')}</Text>
      ) : null}
      {found.length > 0 ? (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('commissioning.devices.unitId')}</Table.Th>
              <Table.Th>{t('commissioning.devices.model')}</Table.Th>
              <Table.Th>{t('commissioning.devices.serial')}</Table.Th>
              <Table.Th>SunSpec</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {found.map((d) => (
              <Table.Tr key={d.unitId}>
                <Table.Td>{d.unitId}</Table.Td>
                <Table.Td>{[d.manufacturer, d.model].filter(Boolean).join(' ') || '—'}</Table.Td>
                <Table.Td>{d.serialNumber ?? '—'}</Table.Td>
                <Table.Td>{d.sunspecBase === null ? '—' : d.models.join(', ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </CommandCard>
  );
}

function Reboot({ serial }: { serial: string }) {
  const t = useT();
  const [opened, modal] = useDisclosure(false);
  return (
    <Card withBorder>
      <Title order={2} size="h5" mb={4}>
        {t('troubleshoot.reboot.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('troubleshoot.reboot.help')}
      </Text>
      <Group>
        <Button color="red" variant="light" onClick={modal.open}>
          {t('troubleshoot.reboot.button')}
        </Button>
      </Group>
      <Modal opened={opened} onClose={modal.close} title={t('troubleshoot.reboot.title')} centered>
        <IntentForm intent="gateway.reboot" submitLabel={t('troubleshoot.reboot.title')} danger>
          {(errors) => (
            <Stack gap="xs">
              <Text size="sm">{t('troubleshoot.reboot.help')}</Text>
              <Checkbox
                name="confirm"
                label={t('troubleshoot.reboot.confirm', { serial })}
                error={errors.confirm}
              />
            </Stack>
          )}
        </IntentForm>
      </Modal>
    </Card>
  );
}

function LogTail({ last }: { last: CommandView | undefined }) {
  const t = useT();
  const f = useFormat();
  const lines = last?.status === 'succeeded' ? (last.result as CommandResult<'log.tail'>).lines : [];
  return (
    <CommandCard
      title={t('troubleshoot.log.title')}
      help={t('troubleshoot.log.help')}
      last={last}
      testId="log-result"
      heading={t('troubleshoot.log.result', { time: last ? f.dateTime(last.issuedAt) : '' })}
      form={
        <IntentForm intent="log.tail" submitLabel={t('troubleshoot.log.fetch')}>
          {(errors) => (
            <Group align="start">
              <TextInput
                name="lines"
                label={t('troubleshoot.log.lines')}
                defaultValue="100"
                inputMode="numeric"
                error={errors.lines}
                w={100}
              />
              <NativeSelect
                name="minLevel"
                label={t('troubleshoot.log.minLevel')}
                defaultValue="info"
                data={['debug', 'info', 'warn', 'error']}
                error={errors.minLevel}
              />
            </Group>
          )}
        </IntentForm>
      }
    >
      {last?.status === 'succeeded' && lines.length === 0 ? (
        <Text size="sm">{t('troubleshoot.log.empty')}</Text>
      ) : null}
      {lines.length > 0 ? (
        <ScrollArea.Autosize mah={320}>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {lines.map((l) => `${f.dateTime(l.ts)} ${l.level.toUpperCase()} ${l.msg}`).join('\n')}
          </Code>
        </ScrollArea.Autosize>
      ) : null}
    </CommandCard>
  );
}

/** Support's commands to the site's gateway: a Modbus scan, a restart (confirmed) and its latest log lines. */
export function GatewayCommands({ serial, commands }: { serial: string; commands: CommandView[] }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Scan last={commands.find((c) => c.name === 'modbus.scan')} />
      <Stack>
        <Reboot serial={serial} />
        <LogTail last={commands.find((c) => c.name === 'log.tail')} />
      </Stack>
    </SimpleGrid>
  );
}
