import type { MandateView } from '@ilumen/services';
import { Anchor, Button, Card, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { Form, Link, useNavigation } from '@remix-run/react';
import { useFormat, useT } from '~/lib/i18n';
import { MandateStatus } from './mandate-status';

export interface LinkTarget {
  siteId: number;
  address: string;
  meterEan: string | null;
}

const ENDED = new Set(['rejected', 'gas', 'expired', 'revoked', 'cancelled']);

/** One mandate in the homeowner view: where it stands, what happens next, and what the person can do now. */
export function MandateCard({
  mandate,
  targets,
  fieldErrors,
  newAddress = false,
}: {
  mandate: MandateView;
  targets: LinkTarget[];
  fieldErrors?: Record<string, string>;
  /** The homeowner view: an approved mandate of no address yet may make its address (decision 105). */
  newAddress?: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const busy = useNavigation().state !== 'idle';
  const preferred =
    targets.find((s) => s.meterEan === mandate.ean) ?? targets.find((s) => s.meterEan === null) ?? targets[0];
  const hint =
    mandate.renewalStatus === 'ToBeRenewed' && mandate.endsOn
      ? t('mandates.hint.renewal', { date: f.date(mandate.endsOn) })
      : t(`mandates.hint.${mandate.status}`);
  return (
    <Card withBorder padding="md" data-testid={`mandate-${mandate.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={700} ff="monospace">
            EAN {mandate.ean}
          </Text>
          <Group gap={0}>
            <MandateStatus status={mandate.status} renewalStatus={mandate.renewalStatus} />
          </Group>
        </Group>
        <Text size="sm">{mandate.address ?? t('mandates.notLinked')}</Text>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
        <Text size="xs" c="dimmed">
          {[
            t('mandates.requestedOn', { date: f.date(mandate.requestedAt) }),
            mandate.endsOn ? t('mandates.validUntil', { date: f.date(mandate.endsOn) }) : null,
            mandate.status === 'linked' && mandate.syncedThrough
              ? t('mandates.syncedThrough', { date: f.date(mandate.syncedThrough) })
              : null,
            mandate.status === 'linked' && mandate.historyFrom
              ? mandate.backfillDone
                ? t('mandates.historyFrom', { date: f.date(mandate.historyFrom) })
                : t('mandates.historyBusy', { date: f.date(mandate.backfillBefore ?? mandate.historyFrom) })
              : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>

        {mandate.canAct && mandate.status === 'approved' ? (
          targets.length === 0 ? (
            mandate.siteId === null ? null : (
              <Text size="sm">{t('mandates.link.noSites')}</Text>
            )
          ) : (
            <Form method="post">
              <input type="hidden" name="intent" value="mandate.link" />
              <input type="hidden" name="mandateId" value={mandate.id} />
              <Stack gap="xs">
                <Text fw={600}>{t('mandates.link.title')}</Text>
                <Text size="sm">{t('mandates.link.intro')}</Text>
                <NativeSelect
                  name="siteId"
                  label={t('mandates.link.site')}
                  defaultValue={preferred ? String(preferred.siteId) : undefined}
                  data={targets.map((s) => ({ value: String(s.siteId), label: s.address }))}
                  error={fieldErrors?.siteId}
                />
                <div>
                  <Button type="submit" loading={busy}>
                    {t('mandates.link.submit')}
                  </Button>
                </div>
              </Stack>
            </Form>
          )
        ) : null}

        {mandate.canAct && mandate.status === 'approved' && mandate.siteId === null && newAddress ? (
          <Form method="post">
            <input type="hidden" name="intent" value="mandate.linkNew" />
            <input type="hidden" name="mandateId" value={mandate.id} />
            <Stack gap="xs">
              <Text fw={600}>{t('mandates.newAddress.title')}</Text>
              <Text size="sm">{t('mandates.newAddress.intro')}</Text>
              <Group grow align="start" wrap="wrap">
                <TextInput name="street" label={t('sites.street')} required error={fieldErrors?.street} />
                <TextInput
                  name="houseNumber"
                  label={t('sites.houseNumber')}
                  required
                  maw={140}
                  error={fieldErrors?.houseNumber}
                />
              </Group>
              <Group grow align="start" wrap="wrap">
                <TextInput
                  name="postalCode"
                  label={t('sites.postalCode')}
                  required
                  inputMode="numeric"
                  maw={140}
                  error={fieldErrors?.postalCode}
                />
                <TextInput name="city" label={t('sites.city')} required error={fieldErrors?.city} />
              </Group>
              <div>
                <Button type="submit" variant={targets.length === 0 ? 'filled' : 'light'} loading={busy}>
                  {t('mandates.newAddress.submit')}
                </Button>
              </div>
            </Stack>
          </Form>
        ) : null}

        <Group gap="xs">
          {mandate.canAct && mandate.consentUrl ? (
            <Button component="a" href={mandate.consentUrl} size="xs" variant="light">
              {t('mandates.continue')}
            </Button>
          ) : null}
          {mandate.canAct && (mandate.status === 'pending' || mandate.status === 'requested') ? (
            <Form method="post">
              <input type="hidden" name="intent" value="mandate.check" />
              <input type="hidden" name="mandateId" value={mandate.id} />
              <Button type="submit" size="xs" variant="subtle">
                {t('mandates.checkNow')}
              </Button>
            </Form>
          ) : null}
          {mandate.canAct && (mandate.status === 'pending' || mandate.status === 'requested') ? (
            <Form method="post">
              <input type="hidden" name="intent" value="mandate.cancel" />
              <input type="hidden" name="mandateId" value={mandate.id} />
              <Button type="submit" size="xs" variant="subtle" color="red">
                {t('mandates.cancel')}
              </Button>
            </Form>
          ) : null}
          {mandate.status === 'linked' && mandate.siteId ? (
            <Anchor component={Link} to={`/app/sites/${mandate.siteId}/import`} size="sm">
              {t('mandates.import')}
            </Anchor>
          ) : null}
          {ENDED.has(mandate.status) || mandate.renewalStatus === 'ToBeRenewed' ? (
            <Anchor component={Link} to="/app/add-address" size="sm">
              {t('mandates.new')}
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}
