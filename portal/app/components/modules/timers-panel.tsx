import { refusalText } from '@ilumen/i18n';
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useFetcher } from '@remix-run/react';
import { IconTrash } from '@tabler/icons-react';
import { FormError } from '~/components/form-error';
import type { ActionData } from '~/components/form-modal';
import { useFormat, useT } from '~/lib/i18n';

export interface TimersData {
  siteId: number;
  canEdit: boolean;
  batteries: Array<{ id: number; model: string; serial: string; status: string | null }>;
  timers: Array<{
    id: number;
    batteryId: number;
    startHour: number;
    endHour: number;
    powerW: number;
    pastMidnight: boolean;
  }>;
  gateway: { online: boolean; config: { state: string; error: string | null } | null } | null;
  /** What is true of the timers at the gateway (ChargeTimerService.list). */
  execution:
    | 'none'
    | 'noGateway'
    | 'offline'
    | 'pending'
    | 'refused'
    | 'noBattery'
    | 'batteryFault'
    | 'following';
}

const EXECUTION_COLOR: Record<TimersData['execution'], string> = {
  none: 'gray',
  noGateway: 'gray',
  offline: 'orange',
  pending: 'blue',
  refused: 'red',
  noBattery: 'orange',
  batteryFault: 'red',
  following: 'green',
};

/** Whether the gateway carries the timers out, said as it is: not "settings applied" while no battery obeys them. */
function TimersExecution({ data }: { data: TimersData }) {
  const t = useT();
  const state = data.execution;
  if (state === 'none')
    return data.gateway === null ? <Alert color="gray">{t('modules.timers.noGateway')}</Alert> : null;
  return (
    <Alert
      color={EXECUTION_COLOR[state]}
      variant="light"
      data-testid="timers-config-state"
      data-state={state}
    >
      {state === 'refused'
        ? t('config.status.refused', { reason: refusalText(t, data.gateway?.config?.error) })
        : t(`modules.timers.execution.${state}`)}
    </Alert>
  );
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: hh(h) }));

/**
 * "Stel oplaadtimers in": the timers per battery (start hour, end hour, charge power), removing one, adding one —
 * the start hour on the left, the end hour on the right, then the power, and a battery choice when there are several.
 * The gateway's acknowledgement of the new configuration shows under it.
 */
export function TimersPanel({ data, readOnly }: { data: TimersData; readOnly?: boolean }) {
  const t = useT();
  const f = useFormat();
  const add = useFetcher<ActionData>({ key: 'timer-add' });
  const remove = useFetcher<ActionData>({ key: 'timer-remove' });
  const added = add.state === 'idle' ? add.data : undefined;
  const errors = added && !added.ok ? added.fieldErrors : {};
  const editable = data.canEdit && !readOnly;
  if (data.batteries.length === 0) return <Alert color="gray">{t('modules.timers.noBattery')}</Alert>;
  const batteryName = (id: number) => {
    const b = data.batteries.find((x) => x.id === id);
    return b ? `iLubat ${b.model} · ${b.serial}` : String(id);
  };
  return (
    <Stack>
      <Text size="sm">{t('modules.timers.intro')}</Text>
      <TimersExecution data={data} />
      {data.timers.length === 0 ? (
        <Text c="dimmed">{t('modules.timers.none')}</Text>
      ) : (
        <Table data-testid="timers-table">
          <Table.Thead>
            <Table.Tr>
              {data.batteries.length > 1 ? <Table.Th>{t('modules.timers.battery')}</Table.Th> : null}
              <Table.Th>{t('modules.timers.start')}</Table.Th>
              <Table.Th>{t('modules.timers.end')}</Table.Th>
              <Table.Th ta="right">{t('modules.timers.power')}</Table.Th>
              {editable ? <Table.Th /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.timers.map((timer) => {
              const span = t('modules.timers.span', { start: hh(timer.startHour), end: hh(timer.endHour) });
              return (
                <Table.Tr key={timer.id}>
                  {data.batteries.length > 1 ? <Table.Td>{batteryName(timer.batteryId)}</Table.Td> : null}
                  <Table.Td>{hh(timer.startHour)}</Table.Td>
                  <Table.Td>
                    {hh(timer.endHour)}
                    {timer.pastMidnight ? (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        ({t('modules.timers.pastMidnight')})
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right">{f.number(timer.powerW)} W</Table.Td>
                  {editable ? (
                    <Table.Td>
                      <remove.Form method="post">
                        <input type="hidden" name="intent" value="timer.remove" />
                        <input type="hidden" name="timerId" value={timer.id} />
                        <ActionIcon
                          type="submit"
                          variant="subtle"
                          color="red"
                          aria-label={t('modules.timers.removeLabel', { span })}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </remove.Form>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {editable ? (
        <Card withBorder>
          <add.Form method="post" aria-label={t('modules.timers.add')}>
            <input type="hidden" name="intent" value="timer.add" />
            <Stack gap="sm">
              {added?.ok ? (
                <Alert color="green" variant="light" role="status">
                  {added.message}
                </Alert>
              ) : (
                <FormError message={added && !added.ok ? added.message : null} fieldErrors={errors} />
              )}
              {data.batteries.length > 1 ? (
                <NativeSelect
                  name="deviceId"
                  label={t('modules.timers.battery')}
                  data={data.batteries.map((b) => ({ value: String(b.id), label: batteryName(b.id) }))}
                  error={errors.deviceId}
                />
              ) : (
                <input type="hidden" name="deviceId" value={data.batteries[0]!.id} />
              )}
              <Group grow align="flex-start">
                <NativeSelect
                  name="startHour"
                  label={t('modules.timers.start')}
                  data={HOURS}
                  defaultValue="1"
                  error={errors.startHour}
                />
                <NativeSelect
                  name="endHour"
                  label={t('modules.timers.end')}
                  data={HOURS}
                  defaultValue="5"
                  error={errors.endHour}
                />
              </Group>
              <TextInput
                name="powerW"
                label={t('modules.timers.power')}
                inputMode="numeric"
                defaultValue="3000"
                error={errors.powerW}
              />
              <Button type="submit" loading={add.state !== 'idle'}>
                {t('modules.timers.add')}
              </Button>
            </Stack>
          </add.Form>
        </Card>
      ) : (
        <Alert color="gray" variant="light">
          {readOnly ? t('home.readOnly') : t('modules.timers.ownerOnly')}
        </Alert>
      )}
    </Stack>
  );
}
