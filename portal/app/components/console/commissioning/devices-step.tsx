import {
  Alert,
  Button,
  Checkbox,
  CloseButton,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { IntentForm } from '~/components/console/intent-form';
import { useT } from '~/lib/i18n';
import { ConfigStatus } from './config-status';
import { GatewayStatus } from './gateway-step';
import type { WizardView } from './types';

type Row = {
  key: string;
  include: boolean;
  type: string;
  driver: string;
  endpoint: string;
  unitId: string;
  manufacturer: string;
  model: string;
  serial: string;
  /** Added by hand (not found by a scan nor configured): the installer may take it away again. */
  manual?: boolean;
};
const TYPES = ['inverter', 'battery', 'charger', 'heat'] as const;
/** Which drivers fit which type, for the selects (the service checks the same pairs: DRIVERS_BY_TYPE). */
const DRIVERS_BY_TYPE: Record<(typeof TYPES)[number], string[]> = {
  inverter: ['sunspec', 'huawei-sun2000'],
  battery: ['ilubat', 'sunspec', 'huawei-sun2000'],
  charger: ['ilucharge'],
  heat: ['iluheat'],
};

function endpointText(e: {
  transport: string;
  host?: string;
  port?: number;
  path?: string;
  baudRate?: number;
}): string {
  return e.transport === 'tcp' ? `${e.host}:${e.port}` : `${e.path}@${e.baudRate}`;
}

/** The rows the installer confirms: what the scans found, then the site's devices already configured. */
function initialRows(view: WizardView): Row[] {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (const scan of view.scans) {
    for (const s of scan.suggestions) {
      const key = `${endpointText(s.endpoint)}#${s.unitId}#${s.type ?? '?'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({
        key,
        include: s.type !== null,
        type: s.type ?? '',
        driver: s.driver ?? '',
        endpoint: endpointText(s.endpoint),
        unitId: String(s.unitId),
        manufacturer: s.manufacturer ?? '',
        model: s.model ?? '',
        serial: s.serial ?? '',
      });
    }
  }
  for (const d of view.devices) {
    if (!d.modbus || d.type === 'meter') continue;
    const endpoint = endpointText(d.modbus.endpoint as Parameters<typeof endpointText>[0]);
    const key = `${endpoint}#${d.modbus.unitId}#${d.type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      key,
      include: true,
      type: d.type,
      driver: d.modbus.driver,
      endpoint,
      unitId: String(d.modbus.unitId),
      manufacturer: d.manufacturer ?? '',
      model: d.model,
      serial: d.serial,
    });
  }
  return rows;
}

function ScanResults({ view }: { view: WizardView }) {
  const t = useT();
  if (view.scans.length === 0) return null;
  return (
    <Stack gap={4}>
      {view.scans.map((s) => {
        if (s.status === 'sent')
          return (
            <Text key={s.commandId} size="sm">
              {t('commissioning.scan.waiting', { endpoint: s.endpoint })}
            </Text>
          );
        if (s.status === 'expired')
          return (
            <Alert key={s.commandId} color="red" variant="light">
              {t('commissioning.scan.expired', { endpoint: s.endpoint })}
            </Alert>
          );
        if (s.status === 'failed')
          return (
            <Alert key={s.commandId} color="red" variant="light">
              {t('commissioning.scan.failed', {
                endpoint: s.endpoint,
                message: s.errorMessage ?? s.errorCode ?? '',
              })}
            </Alert>
          );
        if (s.suggestions.length === 0)
          return (
            <Alert key={s.commandId} color="orange" variant="light">
              {t('commissioning.scan.nothing', { endpoint: s.endpoint })}
            </Alert>
          );
        return (
          <Text key={s.commandId} size="sm" c="green.8">
            {t('commissioning.scan.found', { count: s.suggestions.length, endpoint: s.endpoint })}
          </Text>
        );
      })}
    </Stack>
  );
}

export function DevicesStep({ view }: { view: WizardView }) {
  const t = useT();
  const fresh = useMemo(() => initialRows(view), [view]);
  const [rows, setRows] = useState<Row[]>(fresh);
  // New scan results arrive while the page polls: add them without losing what the installer changed.
  useEffect(() => {
    setRows((current) => {
      const added = fresh.filter((r) => !current.some((c) => c.key === r.key));
      return added.length ? [...current, ...added] : current;
    });
  }, [fresh]);
  const set = (i: number, patch: Partial<Row>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const lastEndpoints =
    view.state.scan?.commands
      .map((c) => endpointText(c.endpoint as Parameters<typeof endpointText>[0]))
      .join('\n') ?? '';
  const payload = JSON.stringify(
    rows.map(({ key: _k, manual: _m, unitId, ...r }) => ({
      ...r,
      type: r.type || null,
      unitId: Number(unitId),
    })),
  );

  return (
    <Stack>
      <GatewayStatus gateway={view.gateway} />
      <Text size="sm" c="dimmed">
        {t('commissioning.scan.help')}
      </Text>
      {view.canEdit ? (
        <IntentForm intent="scan.start" submitLabel={t('commissioning.scan.start')}>
          {(errors) => (
            <Group align="start">
              <Textarea
                label={t('commissioning.scan.endpoints')}
                name="endpoints"
                defaultValue={lastEndpoints}
                autosize
                minRows={2}
                w={320}
                error={errors.endpoints}
                placeholder="192.168.1.20"
              />
              <TextInput
                label={t('commissioning.scan.unitFrom')}
                name="unitFrom"
                defaultValue="1"
                w={110}
                inputMode="numeric"
                error={errors.unitFrom}
              />
              <TextInput
                label={t('commissioning.scan.unitTo')}
                name="unitTo"
                defaultValue="10"
                w={110}
                inputMode="numeric"
                error={errors.unitTo}
              />
            </Group>
          )}
        </IntentForm>
      ) : null}
      <ScanResults view={view} />
      {rows.length > 0 || view.canEdit ? (
        <>
          <Title order={3} size="h5">
            {t('commissioning.devices.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('commissioning.devices.help')}
          </Text>
          <Table.ScrollContainer minWidth={900}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('commissioning.devices.include')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.type')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.driver')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.endpoint')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.unitId')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.model')}</Table.Th>
                  <Table.Th>{t('commissioning.devices.serial')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r, i) => (
                  <Table.Tr key={r.key} data-testid="device-row">
                    <Table.Td>
                      <Checkbox
                        aria-label={`${t('commissioning.devices.include')} ${i + 1}`}
                        checked={r.include}
                        onChange={(e) => set(i, { include: e.currentTarget.checked })}
                        disabled={!view.canEdit}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={`${t('commissioning.devices.type')} ${i + 1}`}
                        value={r.type}
                        disabled={!view.canEdit}
                        onChange={(e) => {
                          const type = e.currentTarget.value;
                          const drivers = DRIVERS_BY_TYPE[type as (typeof TYPES)[number]] ?? [];
                          set(i, {
                            type,
                            driver: drivers.includes(r.driver) ? r.driver : (drivers[0] ?? ''),
                          });
                        }}
                        data={[
                          { value: '', label: t('commissioning.devices.chooseType') },
                          ...TYPES.map((ty) => ({ value: ty, label: t(`devices.type.${ty}`) })),
                        ]}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={`${t('commissioning.devices.driver')} ${i + 1}`}
                        value={r.driver}
                        disabled={!view.canEdit}
                        onChange={(e) => set(i, { driver: e.currentTarget.value })}
                        data={(r.type
                          ? DRIVERS_BY_TYPE[r.type as (typeof TYPES)[number]]
                          : ['sunspec', 'huawei-sun2000', 'ilubat', 'ilucharge', 'iluheat']
                        ).map((d) => ({ value: d, label: d }))}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('commissioning.devices.endpoint')} ${i + 1}`}
                        value={r.endpoint}
                        disabled={!view.canEdit}
                        onChange={(e) => set(i, { endpoint: e.currentTarget.value })}
                        w={170}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('commissioning.devices.unitId')} ${i + 1}`}
                        value={r.unitId}
                        disabled={!view.canEdit}
                        onChange={(e) => set(i, { unitId: e.currentTarget.value })}
                        w={70}
                        inputMode="numeric"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('commissioning.devices.model')} ${i + 1}`}
                        value={r.model}
                        disabled={!view.canEdit}
                        onChange={(e) => set(i, { model: e.currentTarget.value })}
                        w={160}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('commissioning.devices.serial')} ${i + 1}`}
                        value={r.serial}
                        disabled={!view.canEdit}
                        onChange={(e) => set(i, { serial: e.currentTarget.value })}
                        w={170}
                      />
                    </Table.Td>
                    <Table.Td>
                      {r.manual && view.canEdit ? (
                        <CloseButton
                          aria-label={`${t('commissioning.devices.remove')} ${i + 1}`}
                          title={t('commissioning.devices.remove')}
                          onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}
                        />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {view.canEdit ? (
            <>
              <Group>
                <Button
                  variant="subtle"
                  size="xs"
                  onClick={() =>
                    setRows((rs) => [
                      ...rs,
                      {
                        key: `manual-${rs.length}-${Date.now()}`,
                        manual: true,
                        include: true,
                        type: '',
                        driver: '',
                        endpoint: '',
                        unitId: '1',
                        manufacturer: '',
                        model: '',
                        serial: '',
                      },
                    ])
                  }
                >
                  {t('commissioning.devices.addManual')}
                </Button>
              </Group>
              <IntentForm
                intent="devices.confirm"
                submitLabel={t('commissioning.devices.confirm')}
                hidden={{ devices: payload }}
              />
            </>
          ) : null}
        </>
      ) : null}
      <ConfigStatus config={view.config} />
    </Stack>
  );
}
