import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useFetcher } from '@remix-run/react';
import { useState } from 'react';
import { useLiveStream } from '~/components/energy/live-circles';
import { FormError } from '~/components/form-error';
import type { ActionData } from '~/components/form-modal';
import { useFormat, useT } from '~/lib/i18n';
import type { IlusmartControlData } from './ilusmart-control.server';

function Fact({
  label,
  value,
  hint,
  testId,
  badge,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
  badge?: string;
}) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
        {badge ? (
          <Badge size="xs" variant="light" color="green" ml={6}>
            {badge}
          </Badge>
        ) : null}
      </Text>
      <Text fw={600} data-testid={testId}>
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

function Saved({ data }: { data: ActionData | undefined }) {
  if (!data) return null;
  return data.ok ? (
    <Alert color="green" variant="light" role="status">
      {data.message}
    </Alert>
  ) : (
    <FormError message={data.message} />
  );
}

function NotActive({ siteId }: { siteId: number }) {
  const t = useT();
  return (
    <Text size="sm" c="dimmed">
      {t('control.notActiveHint')}{' '}
      <Anchor component={Link} to={`/app/sites/${siteId}/store`}>
        {t('control.openStore')}
      </Anchor>
    </Text>
  );
}

/**
 * "Piektarief" with the peak-shaving module (manual): the 15-minute value live (it starts at zero every quarter and
 * climbs), the month value and its moment, and the settings — the threshold with the warning under 2500 W, and the
 * share of the battery kept for peaks.
 */
export function PeakShavingCard({
  siteId,
  data,
  hasGateway,
  readOnly,
  showFacts = true,
}: {
  siteId: number;
  data: IlusmartControlData['peak'];
  hasGateway: boolean;
  readOnly?: boolean;
  /** Off where the page's "Piektarief" card already shows the 15-minute value, month value and moment. */
  showFacts?: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const fetcher = useFetcher<ActionData>({ key: 'peak-save' });
  const live = useLiveStream(siteId, hasGateway && showFacts);
  const liveGrid = live.snapshot?.live as { grid?: { quarterAverageW?: number } } | undefined;
  const quarterW = liveGrid?.grid?.quarterAverageW ?? data.quarter.averageW;
  const [threshold, setThreshold] = useState(String(data.thresholdW));
  const typed = Number(threshold.trim().replace(',', '.'));
  const below = Number.isFinite(typed) && threshold.trim() !== '' && typed < data.noGainBelowW;
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const editable = data.canEdit && !readOnly && data.granted;
  return (
    <Card withBorder data-testid="peak-shaving">
      <Title order={2} size="h5" mb="xs">
        {t('control.peak.title')}
      </Title>
      {showFacts ? (
        <SimpleGrid cols={{ base: 1, xs: 3 }} mb="sm">
          <Fact
            label={t('control.peak.quarter')}
            value={quarterW !== null ? f.kw(quarterW) : '—'}
            hint={t('control.peak.quarter.hint')}
            testId="peak-quarter"
            badge={live.state === 'open' ? t('control.peak.live') : undefined}
          />
          <Fact
            label={t('control.peak.month')}
            value={data.month.peak ? f.kw(data.month.peak.w) : t('control.peak.none')}
            hint={t('control.peak.month.hint')}
            testId="peak-month"
          />
          <Fact
            label={t('control.peak.moment')}
            value={data.month.peak?.at ? f.dateTime(data.month.peak.at) : '—'}
            testId="peak-moment"
          />
        </SimpleGrid>
      ) : null}
      {!data.granted ? (
        <NotActive siteId={siteId} />
      ) : !data.hasBattery ? (
        <Alert color="gray" variant="light">
          {t('control.peak.noBattery')}
        </Alert>
      ) : (
        <fetcher.Form method="post" aria-label={t('control.peak.title')}>
          <input type="hidden" name="intent" value="peak.save" />
          <Stack gap="sm">
            <Saved data={result} />
            {/* unchecked sends the hidden "off"; checked sends "on" after it, which wins */}
            <input type="hidden" name="enabled" value="off" disabled={!editable} />
            <Switch
              name="enabled"
              label={t('control.peak.enabled')}
              defaultChecked={data.enabled}
              disabled={!editable}
              value="on"
            />
            <TextInput
              name="thresholdW"
              label={t('control.peak.threshold')}
              description={t('control.peak.threshold.hint')}
              inputMode="numeric"
              rightSection={<Text size="sm">W</Text>}
              value={threshold}
              onChange={(e) => setThreshold(e.currentTarget.value)}
              disabled={!editable}
              error={errors.thresholdW}
            />
            {below ? (
              <Alert color="orange" variant="light" data-testid="peak-no-gain">
                {t('control.peak.noGain')}
              </Alert>
            ) : null}
            <TextInput
              name="reservePct"
              label={t('control.peak.reserve')}
              description={t('control.peak.reserve.hint')}
              inputMode="numeric"
              rightSection={<Text size="sm">%</Text>}
              defaultValue={String(data.reservePct)}
              disabled={!editable}
              error={errors.reservePct}
            />
            {editable ? (
              <Group>
                <Button type="submit" loading={fetcher.state !== 'idle'}>
                  {t('control.save')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fetcher.Form>
      )}
    </Card>
  );
}

/** "Dynamisch laden": on/off and "Aantal uren", with the way to tomorrow's prices and the planned hours. */
export function DynamicChargingCard({
  siteId,
  data,
  readOnly,
}: {
  siteId: number;
  data: IlusmartControlData['dynamic'];
  readOnly?: boolean;
}) {
  const t = useT();
  const fetcher = useFetcher<ActionData>({ key: 'dynamic-save' });
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const editable = data.canEdit && !readOnly;
  return (
    <Card withBorder data-testid="dynamic-charging">
      <Title order={2} size="h5" mb="xs">
        {t('control.dyn.title')}
      </Title>
      {!data.granted ? (
        <NotActive siteId={siteId} />
      ) : (
        <fetcher.Form method="post" aria-label={t('control.dyn.title')}>
          <input type="hidden" name="intent" value="dynamic.save" />
          <Stack gap="sm">
            <Text size="sm">{t('control.dyn.how')}</Text>
            <Saved data={result} />
            <input type="hidden" name="enabled" value="off" disabled={!editable} />
            <Switch
              name="enabled"
              label={t('control.dyn.enabled')}
              defaultChecked={data.enabled}
              disabled={!editable}
              value="on"
            />
            <TextInput
              name="hours"
              label={t('control.dyn.hours')}
              description={t('control.dyn.hours.hint')}
              inputMode="numeric"
              defaultValue={String(data.hours)}
              disabled={!editable}
              error={errors.hours}
            />
            <Group justify="space-between">
              {editable ? (
                <Button type="submit" loading={fetcher.state !== 'idle'}>
                  {t('control.save')}
                </Button>
              ) : (
                <span />
              )}
              <Anchor component={Link} to={`/app/sites/${siteId}/prices`} size="sm">
                {t('control.dyn.seePrices')}
              </Anchor>
            </Group>
          </Stack>
        </fetcher.Form>
      )}
    </Card>
  );
}

/** "Loadbalancing": the import limit the chargers keep under. */
export function LoadBalancingCard({
  siteId,
  data,
  readOnly,
}: {
  siteId: number;
  data: IlusmartControlData['balancing'];
  readOnly?: boolean;
}) {
  const t = useT();
  const fetcher = useFetcher<ActionData>({ key: 'lb-save' });
  const result = fetcher.state === 'idle' ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const editable = data.canEdit && !readOnly;
  return (
    <Card withBorder data-testid="load-balancing">
      <Title order={2} size="h5" mb="xs">
        {t('control.lb.title')}
      </Title>
      {!data.granted ? (
        <NotActive siteId={siteId} />
      ) : (
        <fetcher.Form method="post" aria-label={t('control.lb.title')}>
          <input type="hidden" name="intent" value="lb.save" />
          <Stack gap="sm">
            <Text size="sm">{t('control.lb.how')}</Text>
            {data.chargers === 0 ? (
              <Alert color="gray" variant="light">
                {t('control.lb.noChargers')}
              </Alert>
            ) : null}
            <Saved data={result} />
            <Group grow align="flex-start">
              <TextInput
                name="limitA"
                label={t('control.lb.limitA')}
                description={t('control.lb.limitA.hint', { fuse: data.mainFuseA })}
                inputMode="numeric"
                rightSection={<Text size="sm">A</Text>}
                defaultValue={data.limitA === null ? '' : String(data.limitA)}
                disabled={!editable}
                error={errors.limitA}
              />
              <TextInput
                name="limitW"
                label={t('control.lb.limitW')}
                description={t('control.lb.limitW.hint')}
                inputMode="numeric"
                rightSection={<Text size="sm">W</Text>}
                defaultValue={data.limitW === null ? '' : String(data.limitW)}
                disabled={!editable}
                error={errors.limitW}
              />
            </Group>
            {editable ? (
              <Group>
                <Button type="submit" loading={fetcher.state !== 'idle'}>
                  {t('control.save')}
                </Button>
              </Group>
            ) : null}
          </Stack>
        </fetcher.Form>
      )}
    </Card>
  );
}
