import { Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { Form, useNavigation } from '@remix-run/react';
import { useT } from '~/lib/i18n';
import { FormError } from './form-error';

export interface SiteFormValues {
  organizationId?: number;
  name?: string | null;
  street?: string;
  house_number?: string;
  postal_code?: string;
  city?: string;
  timezone?: string;
  grid_phases?: number;
  main_fuse_a?: number;
  status?: string;
}

export function SiteForm({
  values = {},
  organizations,
  result,
  submitLabel,
  cancelTo,
}: {
  values?: SiteFormValues;
  organizations?: Array<{ value: string; label: string }>;
  result?: { message?: string; fieldErrors?: Record<string, string> } | null;
  submitLabel: string;
  cancelTo: string;
}) {
  const t = useT();
  const busy = useNavigation().state !== 'idle';
  const e = result?.fieldErrors ?? {};
  return (
    <Form method="post">
      <Stack maw={720}>
        <FormError message={result?.message} fieldErrors={result?.fieldErrors} />
        {organizations && organizations.length > 0 ? (
          <NativeSelect
            name="organizationId"
            label={t('sites.installer')}
            data={organizations}
            defaultValue={values.organizationId ? String(values.organizationId) : organizations[0]?.value}
            error={e.organizationId}
            required
          />
        ) : null}
        <TextInput
          name="name"
          label={t('sites.name')}
          defaultValue={values.name ?? ''}
          error={e.name}
          maxLength={120}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            name="street"
            label={t('sites.street')}
            defaultValue={values.street}
            error={e.street}
            required
            autoComplete="address-line1"
            style={{ gridColumn: 'span 2' }}
          />
          <TextInput
            name="houseNumber"
            label={t('sites.houseNumber')}
            defaultValue={values.house_number}
            error={e.houseNumber}
            required
          />
          <TextInput
            name="postalCode"
            label={t('sites.postalCode')}
            defaultValue={values.postal_code}
            error={e.postalCode}
            required
            inputMode="numeric"
            autoComplete="postal-code"
          />
          <TextInput
            name="city"
            label={t('sites.city')}
            defaultValue={values.city}
            error={e.city}
            required
            style={{ gridColumn: 'span 2' }}
            autoComplete="address-level2"
          />
        </SimpleGrid>
        <Title order={2} size="h4" mt="sm">
          {t('sites.grid')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            name="gridPhases"
            label={t('sites.gridPhases')}
            data={[
              { value: '3', label: t('sites.gridPhases.3') },
              { value: '1', label: t('sites.gridPhases.1') },
            ]}
            defaultValue={String(values.grid_phases ?? 3)}
            error={e.gridPhases}
          />
          <NumberInput
            name="mainFuseA"
            label={t('sites.mainFuse')}
            defaultValue={values.main_fuse_a ?? 40}
            min={6}
            max={400}
            error={e.mainFuseA}
            allowDecimal={false}
          />
          <TextInput
            name="timezone"
            label={t('sites.timezone')}
            defaultValue={values.timezone ?? 'Europe/Brussels'}
            error={e.timezone}
          />
        </SimpleGrid>
        <NativeSelect
          name="status"
          label={t('common.status')}
          w={220}
          data={[
            { value: 'active', label: t('sites.status.active') },
            { value: 'draft', label: t('sites.status.draft') },
            { value: 'inactive', label: t('sites.status.inactive') },
          ]}
          defaultValue={values.status ?? 'active'}
          error={e.status}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          <Button component="a" href={cancelTo} variant="subtle" color="gray">
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Form>
  );
}
