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
  type TextInputProps,
  Title,
} from '@mantine/core';
import { Link } from '@remix-run/react';
import { type ReactNode, useState } from 'react';
import { ActionResult, useActionFetcher } from '~/components/action-result';
import { useLiveStream } from '~/components/energy/live-circles';
import { useFormat, useT } from '~/lib/i18n';
import { type ControlLinks, homeControlLinks } from './control-links';
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

/**
 * A module's settings card: its title, facts if any, and either its content or, when the module is not active, the
 * way to the iLuStore.
 */
function ModuleCard({
  links,
  testId,
  title,
  granted,
  facts,
  children,
}: {
  links: ControlLinks;
  testId: string;
  title: string;
  granted: boolean;
  /** Shown whether or not the module is active. */
  facts?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <Card withBorder data-testid={testId}>
      <Title order={2} size="h5" mb="xs">
        {title}
      </Title>
      {facts}
      {granted ? (
        children
      ) : (
        <Text size="sm" c="dimmed">
          {t('control.notActiveHint')}{' '}
          <Anchor component={Link} to={links.store}>
            {t('control.openStore')}
          </Anchor>
        </Text>
      )}
    </Card>
  );
}

/**
 * A module's settings form, posted by its own fetcher: what comes before the fields, the saved or refused message,
 * the fields (given their errors), and the save button when the user may edit (with something beside it).
 */
function ModuleForm({
  fetcherKey,
  intent,
  label,
  editable,
  intro,
  aside,
  children,
}: {
  fetcherKey: string;
  intent: string;
  label: string;
  editable: boolean;
  intro?: ReactNode;
  aside?: ReactNode;
  children: (errors: Record<string, string>) => ReactNode;
}) {
  const t = useT();
  const { fetcher, result, errors, submit } = useActionFetcher(fetcherKey);
  return (
    <fetcher.Form method="post" aria-label={label}>
      <input type="hidden" name="intent" value={intent} />
      <Stack gap="sm">
        {intro}
        <ActionResult result={result} />
        {children(errors)}
        {editable || aside ? (
          <Group justify="space-between">
            {editable ? (
              <Button type="submit" {...submit}>
                {t('control.save')}
              </Button>
            ) : (
              <span />
            )}
            {aside}
          </Group>
        ) : null}
      </Stack>
    </fetcher.Form>
  );
}

/** A whole number with its unit beside it. */
function UnitInput({ unit, ...props }: TextInputProps & { unit: string }) {
  return <TextInput inputMode="numeric" rightSection={<Text size="sm">{unit}</Text>} {...props} />;
}

/** The module's on/off: unchecked sends the hidden "off"; checked sends "on" after it, which wins. */
function EnabledSwitch({ label, enabled, editable }: { label: string; enabled: boolean; editable: boolean }) {
  return (
    <>
      <input type="hidden" name="enabled" value="off" disabled={!editable} />
      <Switch name="enabled" label={label} defaultChecked={enabled} disabled={!editable} value="on" />
    </>
  );
}

/**
 * What each module's card is given: its site, where its links lead, and its part of the page's data (which says
 * whether the reader may change it).
 */
interface ModuleCardProps<K extends 'peak' | 'dynamic' | 'balancing'> {
  siteId: number;
  /** Where "to the iLuStore" and "see the prices" lead: the homeowner's pages, or the console's. */
  links?: ControlLinks;
  data: IlusmartControlData[K];
}

/**
 * "Piektarief" with the peak-shaving module (manual): the 15-minute value live (it starts at zero every quarter and
 * climbs), the month value and its moment, and the settings — the threshold with the warning under 2500 W, and the
 * share of the battery kept for peaks.
 */
export function PeakShavingCard({
  siteId,
  links = homeControlLinks(siteId),
  data,
  hasGateway,
  showFacts = true,
}: ModuleCardProps<'peak'> & {
  hasGateway: boolean;
  /** Off where the page's "Piektarief" card already shows the 15-minute value, month value and moment. */
  showFacts?: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const live = useLiveStream(siteId, hasGateway && showFacts);
  const liveGrid = live.snapshot?.live as { grid?: { quarterAverageW?: number } } | undefined;
  const quarterW = liveGrid?.grid?.quarterAverageW ?? data.quarter.averageW;
  const [threshold, setThreshold] = useState(String(data.thresholdW));
  const typed = Number(threshold.trim().replace(',', '.'));
  const below = Number.isFinite(typed) && threshold.trim() !== '' && typed < data.noGainBelowW;
  const editable = data.canEdit && data.granted;
  return (
    <ModuleCard
      links={links}
      testId="peak-shaving"
      title={t('control.peak.title')}
      granted={data.granted}
      facts={
        showFacts ? (
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
        ) : null
      }
    >
      {!data.hasBattery ? (
        <Alert color="gray" variant="light">
          {t('control.peak.noBattery')}
        </Alert>
      ) : (
        <ModuleForm
          fetcherKey="peak-save"
          intent="peak.save"
          label={t('control.peak.title')}
          editable={editable}
        >
          {(errors) => (
            <>
              <EnabledSwitch label={t('control.peak.enabled')} enabled={data.enabled} editable={editable} />
              <UnitInput
                unit="W"
                name="thresholdW"
                label={t('control.peak.threshold')}
                description={t('control.peak.threshold.hint')}
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
              <UnitInput
                unit="%"
                name="reservePct"
                label={t('control.peak.reserve')}
                description={t('control.peak.reserve.hint')}
                defaultValue={String(data.reservePct)}
                disabled={!editable}
                error={errors.reservePct}
              />
            </>
          )}
        </ModuleForm>
      )}
    </ModuleCard>
  );
}

/** "Dynamisch laden": on/off and "Aantal uren", with the way to tomorrow's prices and the planned hours. */
export function DynamicChargingCard({
  siteId,
  links = homeControlLinks(siteId),
  data,
}: ModuleCardProps<'dynamic'>) {
  const t = useT();
  const editable = data.canEdit;
  return (
    <ModuleCard links={links} testId="dynamic-charging" title={t('control.dyn.title')} granted={data.granted}>
      <ModuleForm
        fetcherKey="dynamic-save"
        intent="dynamic.save"
        label={t('control.dyn.title')}
        editable={editable}
        intro={<Text size="sm">{t('control.dyn.how')}</Text>}
        aside={
          links.prices ? (
            <Anchor component={Link} to={links.prices} size="sm">
              {t('control.dyn.seePrices')}
            </Anchor>
          ) : undefined
        }
      >
        {(errors) => (
          <>
            <EnabledSwitch label={t('control.dyn.enabled')} enabled={data.enabled} editable={editable} />
            <TextInput
              name="hours"
              label={t('control.dyn.hours')}
              description={t('control.dyn.hours.hint')}
              inputMode="numeric"
              defaultValue={String(data.hours)}
              disabled={!editable}
              error={errors.hours}
            />
          </>
        )}
      </ModuleForm>
    </ModuleCard>
  );
}

/** "Loadbalancing": the import limit the chargers keep under. */
export function LoadBalancingCard({
  siteId,
  links = homeControlLinks(siteId),
  data,
}: ModuleCardProps<'balancing'>) {
  const t = useT();
  const editable = data.canEdit;
  return (
    <ModuleCard links={links} testId="load-balancing" title={t('control.lb.title')} granted={data.granted}>
      <ModuleForm
        fetcherKey="lb-save"
        intent="lb.save"
        label={t('control.lb.title')}
        editable={editable}
        intro={
          <>
            <Text size="sm">{t('control.lb.how')}</Text>
            {data.chargers === 0 ? (
              <Alert color="gray" variant="light">
                {t('control.lb.noChargers')}
              </Alert>
            ) : null}
          </>
        }
      >
        {(errors) => (
          <Group grow align="flex-start">
            <UnitInput
              unit="A"
              name="limitA"
              label={t('control.lb.limitA')}
              description={t('control.lb.limitA.hint', {
                fuse: data.mainFuseA,
              })}
              defaultValue={data.limitA === null ? '' : String(data.limitA)}
              disabled={!editable}
              error={errors.limitA}
            />
            <UnitInput
              unit="W"
              name="limitW"
              label={t('control.lb.limitW')}
              description={t('control.lb.limitW.hint')}
              defaultValue={data.limitW === null ? '' : String(data.limitW)}
              disabled={!editable}
              error={errors.limitW}
            />
          </Group>
        )}
      </ModuleForm>
    </ModuleCard>
  );
}
